"""The minutes of an admission ceremony, from what the ceremony's step recorded; read back from
the PDF and the Word file."""

from datetime import date, time

from django.core.management import call_command
from django.urls import reverse

from candidates import services
from candidates.models import MentorAssignment, PartyMember
from reports import papers
from reports.docx import render_docx
from reports.pdf import render_pdf
from tests.candidates.pipeline import refresh

from .conftest import docx_lines, flat, pdf_text

HELD_ON = date(2026, 5, 19)


def minutes(candidate):
    document = papers.build_for_candidate("ceremony-minutes", candidate)
    pdf = flat(pdf_text(render_pdf(document)))
    for line in docx_lines(render_docx(document), cells=False):
        assert flat(line) in pdf, line
    return pdf


def ceremony(candidate, secretary, **minutes_fields):
    services.ceremony_record(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        held_on=HELD_ON,
        **minutes_fields,
    )
    return refresh(candidate)


def test_the_ceremony_in_full(secretary, decided, mentor):
    chair = PartyMember.objects.get(user=secretary)
    candidate = ceremony(
        decided,
        secretary,
        place="Hội trường nhà trường",
        starts_at=time(7, 30),
        chair=chair,
        minutes_taker=mentor,
        guests="Đại diện Đảng ủy phường An Hải\nĐại diện Ban Giám hiệu",
        present_official=9,
        present_probationary=1,
        decision_read=True,
        oath_taken=True,
    )
    MentorAssignment.objects.create(
        candidate=candidate,
        member=mentor,
        period=MentorAssignment.Period.PROBATION,
        assigned_on=HELD_ON,
    )
    pdf = minutes(candidate)
    name = candidate.student.full_name
    assert "BIÊN BẢN lễ kết nạp đảng viên" in pdf
    assert "Vào lúc 07 giờ 30 ngày 19/05/2026, tại Hội trường nhà trường, Chi bộ Trường THPT" in pdf
    assert f"tổ chức lễ kết nạp quần chúng {name}" in pdf
    # On the day, the new member is on the roster as a probationary member.
    assert "Tổng số đảng viên của Chi bộ: 11 đồng chí, gồm 9 đảng viên chính thức" in pdf
    assert "Có mặt: 10 đồng chí" in pdf
    assert "Khách mời: Đại diện Đảng ủy phường An Hải; Đại diện Ban Giám hiệu." in pdf
    assert "Công bố Quyết định số 512-QĐ/ĐU ngày 10/04/2026 của ĐẢNG BỘ PHƯỜNG AN HẢI" in pdf
    assert f"Đảng viên mới {name} đọc lời tuyên thệ." in pdf
    assert f"Chi bộ phân công đồng chí {mentor.full_name} giúp đỡ đảng viên dự bị." in pdf
    assert f"Thời gian dự bị của đồng chí {name} tính từ ngày 19/05/2026." in pdf
    assert "THƯ KÝ" in pdf and chair.full_name in pdf


def test_what_was_not_recorded_is_not_said(secretary, decided):
    pdf = minutes(ceremony(decided, secretary))
    assert "Ngày 19/05/2026, Chi bộ Trường THPT Quang Trung tổ chức lễ kết nạp" in pdf
    for absent in (
        "Có mặt",
        "Vắng mặt",
        "Khách mời",
        "Chủ trì",
        "Công bố",
        "tuyên thệ",
        "phân công",
        "tại ,",
    ):
        assert absent not in pdf, absent


def test_from_the_candidate_page_and_the_command(login, secretary, decided, tmp_path):
    candidate = ceremony(decided, secretary, oath_taken=True)
    client = login(secretary)
    page = client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    for fmt in ("pdf", "docx"):
        url = reverse("reports:candidate_paper", args=[candidate.pk, "ceremony-minutes", fmt])
        assert url in page
        assert client.get(url).status_code == 200
    out = tmp_path / "bb.docx"
    call_command(
        "render_paper", "ceremony-minutes", "--candidate", str(candidate.pk), "--out", str(out)
    )
    assert "lễ kết nạp đảng viên" in docx_lines(out.read_bytes())
