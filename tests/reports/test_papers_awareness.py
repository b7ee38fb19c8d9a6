"""The cover letter proposing candidates for an awareness class, to its organiser: every
candidate registered for the course on the same day, named in the letter and listed in the
attached list; read back from the PDF and the Word file."""

from datetime import date

from django.core.management import call_command
from django.urls import reverse

from candidates import services
from candidates.models import AwarenessCourse
from reports import papers
from reports.docx import render_docx
from reports.pdf import render_pdf
from tests.candidates.pipeline import accepted, refresh
from tests.factories import ConsentFactory, StudentFactory

from .conftest import docx_lines, flat, pdf_text, read_back

REGISTERED_ON = date(2025, 10, 20)


def register(course, secretary, *candidates, on=REGISTERED_ON):
    services.course_register(
        course=course, candidates=[refresh(c) for c in candidates], actor=secretary, on=on
    )


def letter(candidate):
    document = papers.build_for_candidate("awareness-letter", candidate)
    return document, *read_back(document, render_pdf, render_docx)


def test_one_letter_names_the_batch_and_lists_it(secretary, source, course, class_12a1):
    course.organiser = "Trung tâm Chính trị phường An Hải"
    course.save()
    binh = accepted(
        StudentFactory(
            school_class=class_12a1,
            full_name="Trần Thị Bình",
            gender="F",
            date_of_birth=date(2008, 1, 9),
            hometown="Quảng Nam",
        ),
        secretary,
    )
    later = accepted(StudentFactory(school_class=class_12a1, full_name="Lê Văn Cường"), secretary)
    register(course, secretary, binh, source)
    register(course, secretary, later, on=date(2025, 10, 27))
    other = AwarenessCourse.objects.create(
        branch=source.branch, name="Lớp khóa 2", organiser="X", starts_on=date(2026, 3, 2)
    )
    assert other.attendances.count() == 0

    document, pdf, lines = letter(source)
    assert document.addressee == "Trung tâm Chính trị phường An Hải"
    assert "Kính gửi: Trung tâm Chính trị phường An Hải" in pdf
    assert "An Hải, ngày 20 tháng 10 năm 2025" in pdf
    assert "-CV/CB" in pdf and "T/M CHI BỘ" in pdf
    assert "V/v" in pdf  # the summary line of a letter
    assert "đã xem xét, lựa chọn 02 quần chúng ưu tú" in pdf and "(có danh sách kèm theo)" in pdf
    assert (
        "Gồm các quần chúng: Nguyễn Văn An (lớp 12A1), Trần Thị Bình (lớp 12A1); đề nghị cho "
        "tham dự Lớp NTVĐ khóa 1, khai giảng ngày 03/11/2025." in pdf
    )
    assert "Trung tâm Chính trị phường An Hải xem xét" in pdf
    assert "Lê Văn Cường" not in pdf
    # The attached list: the two students, with their dates of birth (a woman's in her column).
    cells = docx_lines(render_docx(document))
    assert "DANH SÁCH" in cells
    for expected in ("Nguyễn Văn An", "14/03/2008", "Trần Thị Bình", "09/01/2008", "Quảng Nam"):
        assert expected in cells, expected
    # The organiser's list has the ethnicity (FORMS.md), once the student has consented to it.
    assert "Cơ Tu" not in cells
    ConsentFactory(student=source.student)
    assert "Cơ Tu" in docx_lines(render_docx(letter(source)[0]))
    # The other candidate of the batch gets the same letter; the later batch its own.
    assert letter(binh)[1] == letter(source)[1]
    later_pdf = letter(later)[1]
    assert "đã xem xét, lựa chọn 01 quần chúng" in later_pdf
    assert "Lê Văn Cường (lớp 12A1)" in later_pdf and "Nguyễn Văn An" not in later_pdf


def test_a_candidate_not_registered_is_refused(login, secretary, source):
    client = login(secretary)
    url = reverse("reports:candidate_paper", args=[source.pk, "awareness-letter", "pdf"])
    response = client.get(url, follow=True)
    assert "chưa được đăng ký học lớp bồi dưỡng" in response.content.decode()


def test_from_the_candidate_page_the_course_page_and_the_command(
    login, secretary, source, course, tmp_path
):
    register(course, secretary, source)
    client = login(secretary)
    candidate_page = client.get(reverse("candidates:detail", args=[source.pk])).content.decode()
    course_page = client.get(reverse("candidates:course_detail", args=[course.pk]))
    for fmt in ("pdf", "docx"):
        url = reverse("reports:candidate_paper", args=[source.pk, "awareness-letter", fmt])
        assert url in candidate_page and url in course_page.content.decode()
        assert client.get(url).status_code == 200
    for name in ("cv.pdf", "cv.docx"):
        out = tmp_path / name
        call_command(
            "render_paper", "awareness-letter", "--candidate", str(source.pk), "--out", str(out)
        )
        content = out.read_bytes()
        text = flat(pdf_text(content)) if name.endswith("pdf") else " ".join(docx_lines(content))
        assert "Nguyễn Văn An (lớp 12A1)" in text
