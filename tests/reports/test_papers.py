"""The admission meeting's papers, read back from the PDF and the Word file: the minutes (one
per meeting) and the 6-KNĐ resolution (one per candidate), votes of all official members."""

from datetime import date, time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from candidates import services
from candidates.models import BranchMeeting, PartyMember
from reports import papers
from reports.docx import render_docx
from reports.models import IssuedDocument
from reports.pdf import render_pdf
from tests.candidates.pipeline import accepted, make_ready, refresh
from tests.factories import PartyMemberFactory, StudentFactory

from .conftest import docx_lines, flat, pdf_text

HELD_ON = date(2026, 3, 20)


@pytest.fixture
def chair(roster, secretary):
    return PartyMember.objects.get(user=secretary)


@pytest.fixture
def two_probationary(roster, branch):
    """The roster's nine official members and a second probationary member."""
    PartyMemberFactory(
        branch=branch, full_name="Dự Bị Hai", official_on=None, joined_on=date(2025, 10, 2)
    )


def candidate(name, secretary, mentor, course, school_class):
    student = StudentFactory(
        school_class=school_class,
        full_name=name,
        date_of_birth=date(2007, 5, 2),
        entered_school_on=date(2023, 9, 5),
    )
    return make_ready(accepted(student, secretary), secretary, mentor, course)


def meet(branch, secretary, votes, **details):
    """An admission meeting of 20/03/2026: 8 of the 9 official members and both probationary
    ones present, one official member absent with a reason."""
    fields = {
        "place": "Phòng họp Hội đồng trường",
        "starts_at": time(14, 0),
        "ends_at": time(16, 30),
        "method": "secret",
        "present_official": 8,
        "present_probationary": 2,
        "absences": [{"name": "Đảng Viên Số 6", "official": True, "reason": "đi công tác"}],
    } | details
    services.meeting_record(
        branch=branch,
        actor=secretary,
        purpose=BranchMeeting.Purpose.ADMISSION,
        held_on=HELD_ON,
        votes=[{"candidate": refresh(c), **v} for c, v in votes],
        force_reason="",
        **fields,
    )
    return BranchMeeting.objects.get()


@pytest.fixture
def an(secretary, mentor, course, class_12a1, two_probationary):  # noqa: ARG001
    return candidate("Nguyễn Văn An", secretary, mentor, course, class_12a1)


@pytest.fixture
def binh(secretary, mentor, course, class_12a1, two_probationary):  # noqa: ARG001
    return candidate("Trần Thị Bình", secretary, mentor, course, class_12a1)


def texts(kind, meeting, candidate=None):
    """The paper's text in the PDF (flat) and its Word paragraphs; both say the same."""
    document = papers.build(kind, meeting, candidate)
    pdf = flat(pdf_text(render_pdf(document)))
    lines = docx_lines(render_docx(document), cells=False)
    for line in lines:
        assert flat(line) in pdf, line
    return pdf, lines


VOTE_8 = "tán thành 8 đồng chí (đạt 88,9% so với tổng số đảng viên chính thức)"


def test_nine_official_two_probationary_one_absent_eight_for(branch, secretary, chair, mentor, an):
    assessment = {"political": "Lập trường vững vàng.", "ethics_weaknesses": "Còn rụt rè."}
    meeting = meet(
        branch,
        secretary,
        [(an, {"votes_for": 8, "votes_against": 0, **assessment})],
        chair=chair,
        minutes_taker=mentor,
    )
    for kind, arg in (("admission-minutes", None), ("admission-resolution", an)):
        pdf, lines = texts(kind, meeting, arg)
        assert "Chi bộ Trường THPT Quang Trung" in pdf
        assert (
            "Tổng số đảng viên của Chi bộ: 11 đồng chí, gồm 9 đảng viên chính thức và 2 đảng "
            "viên dự bị." in pdf
        )
        assert "Có mặt: 10 đồng chí, gồm 8 đảng viên chính thức và 2 đảng viên dự bị." in pdf
        assert (
            "Vắng mặt: 1 đồng chí, gồm 1 đảng viên chính thức và 0 đảng viên dự bị: đồng chí "
            "Đảng Viên Số 6 (đảng viên chính thức), có lý do: đi công tác." in pdf
        )
        assert f"Chi bộ biểu quyết bằng phiếu kín: {VOTE_8}; không tán thành 0 đồng chí" in pdf
        assert "Về phẩm chất chính trị: ưu điểm: Lập trường vững vàng." in pdf
        assert "Về đạo đức, lối sống: khuyết điểm: Còn rụt rè." in pdf
        assert f"Chủ trì: đồng chí {chair.full_name}." in pdf
        assert (
            "đề nghị ĐẢNG BỘ PHƯỜNG AN HẢI xem xét, kết nạp quần chúng Nguyễn Văn An vào Đảng"
            in pdf
        )
    minutes, _lines = texts("admission-minutes", meeting)
    assert "BIÊN BẢN" in minutes and "THƯ KÝ" in minutes and "CHỦ TRÌ" in minutes
    assert "Vào lúc 14 giờ 00 ngày 20/03/2026, tại Phòng họp Hội đồng trường" in minutes
    assert "Cuộc họp kết thúc vào lúc 16 giờ 30 cùng ngày." in minutes
    resolution, _lines = texts("admission-resolution", meeting, an)
    assert "NGHỊ QUYẾT" in resolution and "Căn cứ Điều 4" in resolution


def test_one_set_of_minutes_for_two_candidates_six_of_nine_passes_five_fails(
    branch, secretary, chair, mentor, an, binh
):
    meeting = meet(
        branch,
        secretary,
        [
            (an, {"votes_for": 6, "votes_against": 2}),
            (binh, {"votes_for": 5, "votes_against": 3, "against_reasons": "Chưa gương mẫu."}),
        ],
        chair=chair,
        minutes_taker=mentor,
    )
    pdf, _lines = texts("admission-minutes", meeting)
    assert "tán thành 6 đồng chí (đạt 66,7% so với tổng số đảng viên chính thức)" in pdf
    assert "tán thành 5 đồng chí (đạt 55,6% so với tổng số đảng viên chính thức)" in pdf
    assert "Lý do không tán thành: Chưa gương mẫu." in pdf
    assert "kết nạp quần chúng Nguyễn Văn An vào Đảng" in pdf
    assert "Chi bộ chưa đề nghị kết nạp quần chúng Trần Thị Bình" in pdf
    papers.build("admission-resolution", meeting, an)
    with pytest.raises(Exception, match="hai phần ba"):
        papers.build("admission-resolution", meeting, binh)


def test_five_of_eight_fails(branch, secretary, an):
    PartyMember.objects.filter(full_name="Đảng Viên Số 6").update(
        official_on=None, joined_on=date(2025, 9, 1)
    )
    meeting = meet(
        branch,
        secretary,
        [(an, {"votes_for": 5})],
        present_official=5,
        absences=[],
        present_probationary=0,
    )
    assert meeting.official_members == 8
    pdf, _lines = texts("admission-minutes", meeting)
    assert "tán thành 5 đồng chí (đạt 62,5% so với tổng số đảng viên chính thức)" in pdf
    assert "Chi bộ chưa đề nghị kết nạp quần chúng Nguyễn Văn An" in pdf


def test_empty_optional_fields_leave_no_dangling_words(branch, secretary, an):
    meeting = meet(
        branch, secretary, [(an, {"votes_for": 8})], place="", starts_at=None, ends_at=None,
        absences=[{"name": "Đảng Viên Số 6", "official": True, "reason": ""}],
    )  # fmt: skip
    pdf, lines = texts("admission-minutes", meeting)
    assert "Ngày 20/03/2026, Chi bộ Trường THPT Quang Trung đã họp" in pdf
    for dangling in ("tại ,", "lúc ,", "Chủ trì", "Thư ký:", "kết thúc", "Về ", "Lý do", "…", ".."):
        assert dangling not in pdf, dangling
    assert "Đảng Viên Số 6 (đảng viên chính thức), không có lý do." in pdf
    assert all(line.strip() == line and "  " not in line for line in lines)


def test_downloads_from_the_meeting_page_and_the_command(login, branch, secretary, an, tmp_path):
    meeting = meet(branch, secretary, [(an, {"votes_for": 8})])
    client = login(secretary)
    page = client.get(reverse("candidates:meeting_detail", args=[meeting.pk])).content.decode()
    for kind, args in (("admission-minutes", []), ("admission-resolution", [an.pk])):
        for fmt in ("pdf", "docx"):
            url = reverse("reports:meeting_paper", args=[meeting.pk, kind, *args, fmt])
            assert url in page
            response = client.get(url)
            assert response.status_code == 200, url
    assert (
        client.get(
            reverse("reports:meeting_paper", args=[meeting.pk, "admission-resolution", 999, "pdf"])
        ).status_code
        == 404
    )
    out = tmp_path / "bb.docx"
    call_command(
        "render_paper", "admission-minutes", "--meeting", str(meeting.pk), "--out", str(out)
    )
    assert "DỰ THẢO" in docx_lines(out.read_bytes())
    out = tmp_path / "nq.pdf"
    call_command(
        "render_paper",
        "admission-resolution",
        "--meeting",
        str(meeting.pk),
        "--candidate",
        str(an.pk),
        "--out",
        str(out),
    )
    assert VOTE_8 in flat(pdf_text(out.read_bytes()))
    with pytest.raises(CommandError):
        call_command(
            "render_paper",
            "admission-resolution",
            "--meeting",
            str(meeting.pk),
            "--out",
            str(tmp_path / "x.pdf"),
        )
    assert IssuedDocument.objects.count() == 0
