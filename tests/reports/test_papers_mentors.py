"""The resolution assigning mentors, from the assignments the mentor step recorded: one
resolution for every candidate whose mentor the same branch meeting assigned, read back from the
PDF and the Word file."""

from datetime import date

from django.core.management import call_command
from django.urls import reverse

from candidates import services
from reports import papers
from reports.docx import render_docx
from reports.papers.wording import MENTOR_DUTIES
from reports.pdf import render_pdf
from tests.candidates.pipeline import accepted, refresh
from tests.factories import AnnualPlanFactory, StudentFactory

from .conftest import docx_lines, flat, pdf_text, read_back

MEETING_ON = date(2025, 11, 18)
VOTE_8 = "tán thành 8 đồng chí (đạt 88,9% so với tổng số đảng viên chính thức)"


def assign(candidate, secretary, mentor, **fields):
    candidate = refresh(candidate)
    services.candidate_assign_mentor(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        member=mentor,
        assigned_on=fields.pop("assigned_on", date(2025, 11, 20)),
        **fields,
    )
    return refresh(candidate)


def resolution(candidate):
    return read_back(
        papers.build_for_candidate("mentor-assignment", candidate), render_pdf, render_docx
    )


def test_two_candidates_assigned_at_one_meeting_share_one_resolution(
    branch, secretary, mentor, source, class_12a1
):
    mentor.position = "Phó Bí thư Chi bộ, giáo viên Ngữ văn"
    mentor.save()
    source.student.youth_union_position = "Bí thư Chi đoàn"
    source.student.save()
    binh = accepted(
        StudentFactory(
            school_class=class_12a1, full_name="Trần Thị Bình", date_of_birth=date(2008, 1, 9)
        ),
        secretary,
    )
    meeting = {"meeting_on": MEETING_ON, "present": 10, "votes_for": 8, "reference": "07-NQ/CB"}
    assign(source, secretary, mentor, **meeting)
    assign(binh, secretary, mentor, assigned_on=date(2025, 11, 21), **meeting)
    # Decided at another meeting: another resolution.
    other = accepted(StudentFactory(school_class=class_12a1, full_name="Lê Văn Cường"), secretary)
    assign(other, secretary, mentor, assigned_on=date(2025, 12, 2))
    AnnualPlanFactory(branch=branch, year=2025, number="05-KH/CB")

    pdf, lines = resolution(source)
    assert "NGHỊ QUYẾT" in pdf and "Số 07-NQ/CB" in pdf
    assert "An Hải, ngày 18 tháng 11 năm 2025" in pdf
    assert "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và hướng dẫn thi hành Điều lệ Đảng;" in pdf
    assert "Căn cứ Kế hoạch số 05-KH/CB của Chi bộ về phát triển đảng viên;" in pdf
    assert "Ngày 18/11/2025, Chi bộ Trường THPT Quang Trung đã họp" in pdf
    assert "Tổng số đảng viên của Chi bộ: 10 đồng chí, gồm 9 đảng viên chính thức" in pdf
    assert "Có mặt: 10 đồng chí." in pdf
    assert "CHI BỘ QUYẾT NGHỊ" in pdf
    assert f"Nghị quyết được Chi bộ biểu quyết thông qua: {VOTE_8}." in pdf
    assert "T/M CHI BỘ" in pdf
    # The table: both candidates, each with their mentor and the day it starts.
    cells = docx_lines(render_docx(papers.build_for_candidate("mentor-assignment", source)))
    for expected in (
        "Nguyễn Văn An",
        "14/03/2008",
        "12A1",
        "Bí thư Chi đoàn",
        "Trần Thị Bình",
        "09/01/2008",
        "Võ Đình Khoa",
        "Phó Bí thư Chi bộ, giáo viên Ngữ văn",
        "20/11/2025",
        "21/11/2025",
    ):
        assert expected in cells, expected
    assert "Lê Văn Cường" not in cells and "Lê Văn Cường" not in pdf
    assert cells.index("Nguyễn Văn An") < cells.index("Trần Thị Bình")
    # The duties, in the one wording of the module.
    assert len(MENTOR_DUTIES.default_lines) >= 3
    assert "Giúp đỡ quần chúng học tập Điều lệ Đảng" in pdf
    # The other candidate's resolution is the same paper.
    assert resolution(binh)[0] == pdf
    other_pdf, _lines = resolution(refresh(other))
    assert "Lê Văn Cường" in other_pdf and "Nguyễn Văn An" not in other_pdf


def test_an_assignment_without_its_meeting_drops_what_was_not_recorded(secretary, mentor, source):
    pdf, _lines = resolution(assign(source, secretary, mentor))
    assert "Ngày 20/11/2025, Chi bộ Trường THPT Quang Trung đã họp" in pdf
    for absent in ("Có mặt", "biểu quyết", "Kế hoạch số", "Căn cứ Kế hoạch"):
        assert absent not in pdf, absent


def test_different_votes_are_given_per_candidate(secretary, mentor, source, class_12a1):
    binh = accepted(StudentFactory(school_class=class_12a1, full_name="Trần Thị Bình"), secretary)
    assign(source, secretary, mentor, meeting_on=MEETING_ON, votes_for=8)
    assign(binh, secretary, mentor, meeting_on=MEETING_ON, votes_for=9)
    pdf, _lines = resolution(source)
    assert f"người giúp đỡ quần chúng Nguyễn Văn An: {VOTE_8}" in pdf
    assert "tán thành 9 đồng chí (đạt 100% so với tổng số đảng viên chính thức)" in pdf


def test_a_candidate_without_a_mentor_is_refused(login, secretary, source):
    client = login(secretary)
    url = reverse("reports:candidate_paper", args=[source.pk, "mentor-assignment", "pdf"])
    response = client.get(url, follow=True)
    assert "Chưa ghi nhận đảng viên giúp đỡ" in response.content.decode()


def test_from_the_candidate_page_and_the_command(login, secretary, mentor, source, tmp_path):
    candidate = assign(source, secretary, mentor, meeting_on=MEETING_ON, votes_for=8)
    client = login(secretary)
    page = client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    for fmt in ("pdf", "docx"):
        url = reverse("reports:candidate_paper", args=[candidate.pk, "mentor-assignment", fmt])
        assert url in page
        assert client.get(url).status_code == 200
    for name in ("nq.pdf", "nq.docx"):
        out = tmp_path / name
        call_command(
            "render_paper", "mentor-assignment", "--candidate", str(candidate.pk), "--out", str(out)
        )
        content = out.read_bytes()
        text = flat(pdf_text(content)) if name.endswith("pdf") else " ".join(docx_lines(content))
        assert VOTE_8 in text
