"""The recognition meeting's papers, read back from the PDF and the Word file: the minutes (one
per meeting) and the 13-KNĐ resolution (one per member), with the conclusions of the probation's
papers (10-, 11-, 12-KNĐ) where they are recorded, votes of all official members."""

from datetime import date, time

import pytest
from django.core.management import call_command
from django.urls import reverse

from candidates import services
from candidates.errors import DomainError
from candidates.models import (
    BranchMeeting,
    DossierItem,
    MentorAssignment,
    MentorReview,
    PartyMember,
)
from reports import papers
from reports.docx import render_docx
from reports.pdf import render_pdf
from tests.candidates.conftest import after_probation, probation  # noqa: F401
from tests.candidates.pipeline import refresh

from .conftest import docx_lines, flat, pdf_text, read_back

HELD_ON = date(2027, 5, 20)
RECOGNITION = BranchMeeting.Purpose.RECOGNITION


def meet(branch, secretary, candidate, votes_for, **details):
    """A recognition meeting of 20/05/2027; the roster then: 10 official members (the new
    member's probation ended on 19/05/2027)."""
    services.meeting_record(
        branch=branch,
        actor=secretary,
        purpose=RECOGNITION,
        held_on=HELD_ON,
        votes=[
            {"candidate": refresh(candidate), "votes_for": votes_for, **details.pop("vote", {})}
        ],
        force_reason="",
        **{"method": "secret", "present_official": 9, "present_probationary": 0} | details,
    )
    return BranchMeeting.objects.get(purpose=RECOGNITION)


def paper(kind, meeting, candidate=None):
    """The paper's text: its Word paragraphs, each of them also in the PDF (read_back), where
    a line may end inside a number ("10-" / "KNĐ")."""
    pdf, lines = read_back(papers.build(kind, meeting, candidate), render_pdf, render_docx)
    return " ".join(lines), pdf


def probation_papers(candidate, mentor):
    """The mentor's review on probation (11-KNĐ), the self-review (10-KNĐ) and the summary of
    comments (12-KNĐ)."""
    assignment = MentorAssignment.objects.create(
        candidate=candidate,
        member=mentor,
        period=MentorAssignment.Period.PROBATION,
        assigned_on=date(2026, 5, 19),
    )
    MentorReview.objects.create(
        assignment=assignment,
        written_on=date(2027, 5, 10),
        summary="Đồng chí luôn gương mẫu, hoàn thành tốt nhiệm vụ học tập.",
        duties="Chấp hành tốt nghị quyết của Chi bộ",
        recommendation=MentorReview.Recommendation.FOR,
        recommendation_reason="Đủ tư cách đảng viên.",
    )
    for code, dated_on in (("10-KNĐ", date(2027, 5, 5)), ("12-KNĐ", None)):
        DossierItem.objects.create(
            candidate=candidate,
            code=code,
            form_version="test",
            status=DossierItem.Status.RECEIVED,
            dated_on=dated_on,
        )


def test_the_recognition_in_full(after_probation, branch, secretary, mentor, probation):  # noqa: F811
    probation_papers(probation, mentor)
    chair = PartyMember.objects.get(user=secretary)
    meeting = meet(
        branch,
        secretary,
        probation,
        8,
        place="Phòng họp Chi bộ",
        starts_at=time(14, 0),
        ends_at=time(15, 30),
        chair=chair,
        minutes_taker=mentor,
        resolution_number="12-NQ/CB",
        vote={"votes_against": 1, "political": "Bản lĩnh chính trị vững vàng."},
    )
    assert meeting.official_members == 9
    name = probation.student.full_name
    vote = "tán thành 8 đồng chí (đạt 88,9% so với tổng số đảng viên chính thức)"
    for kind, arg in (("recognition-minutes", None), ("recognition-resolution", probation)):
        pdf, _pdf = paper(kind, meeting, arg)
        assert "theo Quyết định số 512-QĐ/ĐU ngày 10/04/2026 của ĐẢNG BỘ PHƯỜNG AN HẢI" in pdf
        assert f"Chi bộ biểu quyết bằng phiếu kín: {vote}; không tán thành 1 đồng chí" in pdf
        assert "Có mặt: 10 đồng chí, gồm 9 đảng viên chính thức và 1 đảng viên dự bị." not in pdf
        assert "Có mặt: 9 đồng chí, gồm 9 đảng viên chính thức và 0 đảng viên dự bị." in pdf
        assert f"viên dự bị {name} (sinh ngày 14/03/2008" in pdf  # "Đảng viên" in a heading
        assert "kết nạp vào Đảng ngày 19/05/2026" in pdf
        assert f"Thời gian dự bị của đồng chí {name} từ ngày 19/05/2026 đến ngày 19/05/2027." in pdf
        assert "bản tự kiểm điểm trong thời gian dự bị (10-KNĐ), ngày 05/05/2027." in pdf
        assert (
            f"Đồng chí {mentor.full_name}, đảng viên được phân công giúp đỡ, nhận xét đồng chí "
            f"{name} ngày 10/05/2027 (11-KNĐ): Đồng chí luôn gương mẫu" in pdf
        )
        assert "Về thực hiện nhiệm vụ đảng viên: ưu điểm: Chấp hành tốt" in pdf
        assert (
            f"Đồng chí {mentor.full_name} đề nghị công nhận đồng chí {name} là đảng viên chính "
            "thức: Đủ tư cách đảng viên." in pdf
        )
        assert "đã được tổng hợp (12-KNĐ)." in pdf
        assert "Về phẩm chất chính trị: ưu điểm: Bản lĩnh chính trị vững vàng." in pdf
        assert (
            "Chi bộ đề nghị ĐẢNG BỘ PHƯỜNG AN HẢI xem xét, công nhận đồng chí "
            f"{name} là đảng viên chính thức kể từ ngày 19/05/2027." in pdf
        )
    minutes, minutes_pdf = paper("recognition-minutes", meeting)
    assert "BIÊN BẢN họp Chi bộ xét, đề nghị công nhận đảng viên chính thức" in minutes
    assert "Vào lúc 14 giờ 00 ngày 20/05/2027, tại Phòng họp Chi bộ" in minutes
    assert "Cuộc họp kết thúc vào lúc 15 giờ 30 cùng ngày." in minutes
    assert "THƯ KÝ" in minutes_pdf and "CHỦ TRÌ" in minutes_pdf
    resolution, resolution_pdf = paper("recognition-resolution", meeting, probation)
    assert "NGHỊ QUYẾT đề nghị công nhận đảng viên chính thức" in resolution
    assert "Số 12-NQ/CB" in resolution_pdf
    assert "An Hải, ngày 20 tháng 05 năm 2027" in resolution_pdf
    assert "Căn cứ Điều 5, Điều lệ Đảng Cộng sản Việt Nam" in resolution
    assert "Ngày 20/05/2027, Chi bộ Trường THPT Quang Trung đã họp để xét, đề nghị công nhận" in (
        resolution
    )


def test_a_failed_vote_and_what_was_not_recorded(after_probation, branch, secretary, probation):  # noqa: F811
    meeting = meet(branch, secretary, probation, 5, present_official=8)
    name = probation.student.full_name
    pdf, _pdf = paper("recognition-minutes", meeting)
    assert "tán thành 5 đồng chí (đạt 55,6% so với tổng số đảng viên chính thức)" in pdf
    assert f"Chi bộ chưa đề nghị công nhận đồng chí {name} là đảng viên chính thức." in pdf
    assert "Ngày 20/05/2027, Chi bộ Trường THPT Quang Trung đã họp" in pdf
    for absent in ("10-KNĐ", "11-KNĐ", "12-KNĐ", "Chủ trì", "kết thúc", "Về ", "tại "):
        assert absent not in pdf, absent
    with pytest.raises(DomainError, match="hai phần ba"):
        papers.build("recognition-resolution", meeting, probation)


def test_each_purpose_refuses_the_other_meetings_papers(
    after_probation,  # noqa: F811
    branch,
    secretary,
    probation,  # noqa: F811
):
    recognition = meet(branch, secretary, probation, 9)
    admission = probation.votes.get(meeting__purpose="admission").meeting
    for kind, meeting, candidate in (
        ("admission-minutes", recognition, None),
        ("admission-resolution", recognition, probation),
        ("recognition-minutes", admission, None),
        ("recognition-resolution", admission, probation),
    ):
        with pytest.raises(DomainError, match="Văn bản này thuộc cuộc họp") as refused:
            papers.build(kind, meeting, candidate)
        assert "Xét kết nạp" in refused.value.message
        assert "Xét công nhận đảng viên chính thức" in refused.value.message


def test_from_the_meeting_page_and_the_command(
    after_probation,  # noqa: F811
    login,
    branch,
    secretary,
    probation,  # noqa: F811
    tmp_path,
):
    meeting = meet(branch, secretary, probation, 9)
    client = login(secretary)
    page = client.get(reverse("candidates:meeting_detail", args=[meeting.pk])).content.decode()
    assert "admission-minutes" not in page and "admission-resolution" not in page
    for kind, args in (("recognition-minutes", []), ("recognition-resolution", [probation.pk])):
        for fmt in ("pdf", "docx"):
            url = reverse("reports:meeting_paper", args=[meeting.pk, kind, *args, fmt])
            assert url in page
            assert client.get(url).status_code == 200, url
    # The admission meeting's page links its own papers only.
    admission = probation.votes.get(meeting__purpose="admission").meeting
    page = client.get(reverse("candidates:meeting_detail", args=[admission.pk])).content.decode()
    assert "admission-minutes" in page and "recognition-" not in page
    url = reverse("reports:meeting_paper", args=[admission.pk, "recognition-minutes", "pdf"])
    assert "Văn bản này thuộc cuộc họp" in client.get(url, follow=True).content.decode()
    for kind, extra, name in (
        ("recognition-minutes", [], "bb.pdf"),
        ("recognition-resolution", ["--candidate", str(probation.pk)], "nq.docx"),
    ):
        out = tmp_path / name
        call_command("render_paper", kind, "--meeting", str(meeting.pk), *extra, "--out", str(out))
        content = out.read_bytes()
        text = flat(pdf_text(content)) if name.endswith("pdf") else " ".join(docx_lines(content))
        assert "tán thành 9 đồng chí (đạt 100% so với tổng số đảng viên chính thức)" in text
