"""The reports upward and the lists, from constructed records: the figures of RULES.md §4 at
the edges of the period, the same rows in the PDF and in the workbook, the sensitive columns
only for the committee."""

from datetime import date

import pytest
import time_machine

from candidates import services
from candidates.errors import DomainError
from candidates.models import Student
from reports import builders
from reports.builders import Options
from reports.document import Table
from reports.figures import figures
from reports.pdf import cell, render_pdf
from reports.periods import period_of
from reports.xlsx import render_xlsx
from tests.candidates.pipeline import accepted, decide, make_ready, vote
from tests.factories import AnnualPlanFactory, ConsentFactory, StudentFactory

from .conftest import flat, pdf_text, trimmed, xlsx_rows

ON = date(2026, 6, 15)


@pytest.fixture
def year_2026(branch, secretary, mentor, course, class_12a1):
    """Target 03; An (a woman of the Cơ Tu, Catholic) decided 10/04, Bình decided 05/05, Cường
    voted on 01/06 and waiting; Dung in the source list only. Recorded on 15/06/2026."""
    with time_machine.travel(ON, tick=False):
        _year_2026(branch, secretary, mentor, course, class_12a1)


def _year_2026(branch, secretary, mentor, course, class_12a1):
    AnnualPlanFactory(branch=branch, year=2026, target_admissions=3)

    def ready(name, **fields):
        student = StudentFactory(school_class=class_12a1, full_name=name, **fields)
        if fields.keys() & set(Student.SENSITIVE_FIELDS):
            ConsentFactory(student=student)  # counted under the student's consent
        return make_ready(accepted(student, secretary), secretary, mentor, course)

    an = ready("Hồ Thị An", gender=Student.Gender.FEMALE, ethnicity="Cơ Tu", religion="Công giáo")
    decide(secretary, vote(branch, secretary, an, date(2026, 3, 20)), date(2026, 4, 10))
    binh = ready("Lê Văn Bình", ethnicity="Kinh", religion="Không")
    decide(secretary, vote(branch, secretary, binh, date(2026, 4, 20)), date(2026, 5, 5))
    vote(branch, secretary, ready("Trần Văn Cường"), date(2026, 6, 1))
    accepted(StudentFactory(school_class=class_12a1, full_name="Phạm Thị Dung"), secretary)


def build(kind, branch, period=None, **options):
    return builders.build(kind, branch, Options(period=period or period_of(2026), on=ON, **options))


def table_rows(table: Table):
    """A table's rows as the workbook holds them (blank cells: None)."""
    return [trimmed([None if v == "" else v for v in row]) for row in table.rows]


def sheet_rows(content, sheet, header):
    rows = xlsx_rows(content, sheet)
    return rows[rows.index(header) + 1 :]


def test_the_years_figures(branch, year_2026):
    f = figures(branch, period_of(2026), ON)
    assert [d.candidate.student.full_name for d in f.admitted] == ["Hồ Thị An", "Lê Văn Bình"]
    assert (f.target, f.percent, f.awaiting, f.short_by) == (3, 67, 1, 1)
    g = f.groups
    assert (g.women, g.ethnic_minority, g.religion, g.youth_union, g.students) == (1, 1, 1, 2, 2)
    # All four were accepted on 01/10/2025, registered and certified in 2025.
    assert (f.found, f.pool, f.registered, f.certified, f.proposed) == (0, 1, 0, 0, 3)
    last_year = figures(branch, period_of(2025), ON)
    assert (last_year.found, last_year.registered, last_year.certified) == (4, 3, 3)
    assert last_year.admitted == []


def test_ethnicity_and_religion_are_counted_only_under_consent(branch, secretary, year_2026):
    an = Student.objects.get(full_name="Hồ Thị An")
    with time_machine.travel(ON, tick=False):
        services.consent_withdraw(student=an, actor=secretary, on=ON)
        g = figures(branch, period_of(2026), ON).groups
    assert (g.ethnic_minority, g.religion, g.students) == (0, 0, 2)


@pytest.mark.parametrize(
    ("start", "end", "admitted"),
    [
        (date(2026, 4, 9), date(2026, 4, 9), 0),  # the day before the decision
        (date(2026, 4, 10), date(2026, 4, 10), 1),  # its day
        (date(2026, 4, 11), date(2026, 5, 4), 0),  # the day after, to the day before the next
        (date(2026, 4, 1), date(2026, 6, 30), 2),  # quarter II
    ],
)
def test_a_decision_counts_in_the_period_it_is_dated(branch, year_2026, start, end, admitted):
    period = period_of(2026, "custom", start, end)
    assert len(figures(branch, period).admitted) == admitted
    assert len(figures(branch, period_of(2026, "q2")).admitted) == 2
    assert len(figures(branch, period_of(2026, "q1")).admitted) == 0


def test_the_progress_report_reads_back_from_the_pdf_and_the_workbook(branch, year_2026):
    document = build("progress", branch)
    content = render_pdf(document)
    text = flat(pdf_text(content))
    for part in (
        "ĐẢNG BỘ PHƯỜNG AN HẢI",
        "CHI BỘ TRƯỜNG THPT QUANG TRUNG",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số -BC/CB",
        "An Hải, ngày 15 tháng 06 năm 2026",
        "BÁO CÁO kết quả công tác phát triển đảng viên năm 2026",
        "Năm 2026, Chi bộ đã kết nạp 02 đảng viên mới là học sinh.",
        "Đạt 67% chỉ tiêu kế hoạch năm (03 đảng viên).",
        "Kết nạp theo tháng",
        "T/M CHI BỘ BÍ THƯ",
        "Cao Thị Hoài Hương",
    ):
        assert part in text, part
    workbook = render_xlsx(document)
    for table in document.tables():
        in_sheet = sheet_rows(workbook, table.sheet_name[:28], table.flat_labels())
        assert in_sheet == table_rows(table), table.title
        for row in table.rows:  # every cell of the table is in the PDF too
            for value in row:
                assert flat(cell(value)) in text
    figures_table = document.tables()[0]
    assert ["2", "Số đảng viên mới được kết nạp (quyết định trong kỳ)", 2] in figures_table.rows
    assert ["", "tỷ lệ so với chỉ tiêu", "67%"] in figures_table.rows
    months = sheet_rows(workbook, "Kết nạp theo tháng", ["Tháng", "2026", "2025"])
    assert months[3] == ["T4", 1, 0] and months[4] == ["T5", 1, 0]


def test_the_secretarys_own_text_replaces_the_prefilled_one(branch, year_2026):
    texts = {
        "results": "Chi bộ đã hoàn thành tốt.",
        "shortcomings": "",
        "tasks": "",
        "proposals": "Đề nghị mở lớp sớm.",
    }
    text = flat(pdf_text(render_pdf(build("progress", branch, texts=texts))))
    assert "Chi bộ đã hoàn thành tốt." in text and "Đề nghị mở lớp sớm." in text
    assert "Năm 2026, Chi bộ đã kết nạp" not in text
    assert "Hồ Thị An" in text  # the figures and the list are added all the same


def test_the_department_report_goes_to_the_department_of_the_settings(branch, year_2026):
    branch.department = "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"
    branch.save()
    document = build("department", branch, period=period_of(2026, "h1"))
    text = flat(pdf_text(render_pdf(document)))
    assert "Kính gửi: Sở Giáo dục và Đào tạo thành phố Đà Nẵng" in text
    assert "kết quả phát triển đảng viên trong học sinh 6 tháng đầu năm 2026" in text
    students = document.tables()[0]
    assert students.rows[9][1:] == ["Được kết nạp (quyết định trong kỳ)", 2]
    assert "Sở Giáo dục và Đào tạo thành phố Đà Nẵng (b/c);" in document.recipients


def test_without_a_department_the_report_is_refused(branch, year_2026):
    branch.department = ""
    branch.save()
    with pytest.raises(DomainError, match="Sở Giáo dục"):
        build("department", branch)


def test_the_awareness_list_shows_ethnicity_and_religion_only_to_the_committee(
    branch, secretary, class_12a1
):
    student = StudentFactory(
        school_class=class_12a1,
        full_name="Hồ Thị An",
        gender=Student.Gender.FEMALE,
        ethnicity="Cơ Tu",
        religion="Công giáo",
        hometown="Quảng Nam",
    )
    ConsentFactory(student=student)
    accepted(student, secretary)
    shown = build("awareness-list", branch, sensitive=True)
    table = shown.annex[0]
    assert table.flat_labels()[2:6] == ["Ngày sinh: Nam", "Ngày sinh: Nữ", "Dân tộc", "Tôn giáo"]
    assert table.rows[0][1:6] == ["Hồ Thị An", None, date(2008, 3, 14), "Cơ Tu", "Công giáo"]
    text = flat(pdf_text(render_pdf(shown)))
    assert "DANH SÁCH quần chúng ưu tú đề nghị học lớp bồi dưỡng nhận thức về Đảng" in text
    assert "Cơ Tu" in text and "Kính gửi: ĐẢNG BỘ PHƯỜNG AN HẢI" in text
    hidden = build("awareness-list", branch, sensitive=False)
    assert "Dân tộc" not in hidden.annex[0].flat_labels()
    assert "Cơ Tu" not in pdf_text(render_pdf(hidden))
    assert "Cơ Tu" not in str(xlsx_rows(render_xlsx(hidden), "Danh sách"))


def test_the_source_list_gives_each_ones_stage(branch, year_2026):
    document = build("source-list", branch)
    rows = {row[1]: row[8] for row in document.tables()[0].rows}
    assert rows == {
        "Phạm Thị Dung": "Quần chúng ưu tú (nguồn)",
        "Trần Văn Cường": "Chi bộ đã xét, đề nghị kết nạp",
        "Hồ Thị An": "Đã có quyết định kết nạp",
        "Lê Văn Bình": "Đã có quyết định kết nạp",
    }
    assert document.landscape


def test_the_dossier_checklist_names_what_is_missing(branch, secretary, class_12a1):
    candidate = accepted(StudentFactory(school_class=class_12a1, full_name="Hồ Thị An"), secretary)
    document = build("dossier", branch, candidate=candidate)
    text = flat(pdf_text(render_pdf(document)))
    assert "hồ sơ đề nghị kết nạp đảng của quần chúng Hồ Thị An" in text
    assert "Còn thiếu trước khi chi bộ xét: CN-NTVĐ, 1-KNĐ, 2-KNĐ" in text


def test_the_situation_is_the_latest_school_year_with_classes(branch, year_2026):
    # 15/06/2026 is in 2025-2026; 01/12/2026 in 2026-2027, whose rosters are not imported yet.
    assert figures(branch, period_of(2026), ON).school["students"] == 4
    assert figures(branch, period_of(2026), date(2026, 12, 1)).school["students"] == 4
    assert figures(branch, period_of(2025), date(2025, 6, 1)).school["students"] == 0
