"""Reading rosters: headers, columns, dates, codes, names, classes and every problem (no DB)."""

import io
import unicodedata
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates import roster
from candidates.text import normalize

from .test_roster_builders import (
    CSDL_SAMPLE,
    HEADER,
    TITLE,
    TODAY,
    VNEDU_SAMPLE,
    Formula,
    Text,
    student,
    xlsx,
)
from .test_roster_builders import roster as make_roster


def read(data):
    return roster.read_workbook(data, today=TODAY)


def codes(parsed):
    return [p.code for p in parsed.problems]


def only_row(parsed):
    assert parsed.problems == []
    assert len(parsed.rows) == 1
    return parsed.rows[0].values


# --- the two samples ---------------------------------------------------------------------


def test_csdl_sample_reads_38_students_with_text_dates_and_class_column():
    parsed = read(CSDL_SAMPLE.read_bytes())
    assert parsed.problems == []
    assert len(parsed.rows) == 38
    first = parsed.rows[0]
    assert (first.sheet, first.row, first.class_name) == ("12A1", 7, "12A1")
    assert first.values["student_code"] == "9657623560"
    assert first.values["full_name"] == "Hồ Phương Phương"
    assert first.values["date_of_birth"] == date(2008, 2, 21)
    assert first.values["gender"] == "F"
    assert first.values["national_id"] == "090572127939"
    assert first.values["youth_union_joined_on"] == date(2023, 2, 21)
    assert parsed.school_year == "2025-2026"


def test_csdl_sample_keeps_codes_that_start_with_zero():
    parsed = read(CSDL_SAMPLE.read_bytes())
    assert "0048188262" in {r.values["student_code"] for r in parsed.rows}


def test_vnedu_sample_joins_split_names_and_reads_the_female_column():
    parsed = read(VNEDU_SAMPLE.read_bytes())
    assert parsed.problems == []
    assert len(parsed.rows) == 36
    by_code = {r.values["student_code"]: r.values for r in parsed.rows}
    assert by_code["7221103454"]["full_name"] == "Phạm Minh Ngân"
    assert by_code["7221103454"]["gender"] == "F"
    assert by_code["2503185981"]["gender"] == "M"
    assert by_code["7221103454"]["date_of_birth"] == date(2009, 5, 31)
    assert by_code["0598919015"]["youth_union_joined_on"] is None
    assert by_code["7221103454"]["residence"] == "Phường Sơn Trà"
    assert {r.class_name for r in parsed.rows} == {"11A2"}


# --- header and columns ---------------------------------------------------------------------


def test_header_is_found_below_title_lines_merged_cells_and_blank_rows():
    rows = [["TRƯỜNG THPT QUANG TRUNG"], [], [], ["DANH SÁCH HỌC SINH LỚP 12A1"], [], HEADER]
    parsed = read(xlsx({"Sheet1": [*rows, student(1)]}))
    assert only_row(parsed)["student_code"] == "0000000001"
    assert parsed.rows[0].row == 7
    assert parsed.sheets[0].header_row == 6


@pytest.mark.parametrize(
    "titles",
    [
        ["Mã học sinh", "HỌ VÀ TÊN", "ngay  sinh", "GIOI TINH"],
        ["Mã định danh", "Họ tên", "Ngày sinh\n(dd/mm/yyyy)", "Giới tính (*)"],
        [" Mã  HS ", "họ và tên học sinh", "Ngày tháng năm sinh", "Phái"],
        ["MÃ ĐỊNH DANH BỘ GD&ĐT", "Họ Và Tên", "NGÀY SINH", "GT"],
    ],
)
def test_columns_are_found_whatever_the_accents_case_spaces_and_notes(titles):
    data = xlsx({"12A1": [titles, ["0123456789", "Lê Thị Hoa", "05/09/2008", "Nữ"]]})
    values = only_row(read(data))
    assert values["student_code"] == "0123456789"
    assert values["full_name"] == "Lê Thị Hoa"
    assert values["date_of_birth"] == date(2008, 9, 5)
    assert values["gender"] == "F"


def test_nfd_header_titles_are_recognised():
    titles = [unicodedata.normalize("NFD", t) for t in HEADER]
    values = only_row(read(xlsx({"12A1": [titles, student(1)]})))
    assert values["full_name"] == "Nguyễn Văn Học 1"


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("Chỗ ở hiện nay", "residence"),
        ("Địa chỉ", "residence"),
        ("Nơi ở", "residence"),
        ("Nơi sinh", "place_of_birth"),
        ("Quê quán", "hometown"),
        ("Dân tộc", "ethnicity"),
        ("Tôn giáo", "religion"),
        ("Số định danh cá nhân", "national_id"),
        ("CCCD", "national_id"),
        ("Chức vụ Đoàn", "youth_union_position"),
        ("Học lực", "study_result"),
        ("Hạnh kiểm", "conduct_result"),
    ],
)
def test_optional_columns_and_their_synonyms(title, field):
    header = ["Mã học sinh", "Họ và tên", "Ngày sinh", "Giới tính", title]
    data = xlsx({"12A1": [header, ["0123456789", "Lê Thị Hoa", "05/09/2008", "Nữ", "0987"]]})
    assert only_row(read(data))[field] == "0987"


def test_the_preferred_synonym_wins_when_a_file_has_two():
    header = ["Mã học sinh", "Họ và tên", "Ngày sinh", "Giới tính", "Địa chỉ", "Chỗ ở hiện nay"]
    row = ["0123456789", "Lê Thị Hoa", "05/09/2008", "Nữ", "Hộ khẩu cũ", "Phường An Hải"]
    assert only_row(read(xlsx({"12A1": [header, row]})))["residence"] == "Phường An Hải"


def test_unknown_columns_are_ignored():
    header = [*HEADER, "Trạng thái", "Khối học", "Ghi chú"]
    values = only_row(read(xlsx({"12A1": [header, [*student(1), "Đang học", "Khối 12", "…"]]})))
    assert set(values) == {
        "student_code",
        "full_name",
        "date_of_birth",
        "gender",
        "ethnicity",
    }


@pytest.mark.parametrize(
    ("dropped", "named"),
    [
        ("Mã định danh Bộ GD&ĐT", "Mã định danh"),
        ("Ngày sinh", "Ngày sinh"),
        ("Giới tính", "Giới tính"),
    ],
)
def test_a_missing_required_column_is_named_in_the_message(dropped, named):
    index = HEADER.index(dropped)
    header = HEADER[:index] + HEADER[index + 1 :]
    row = student(1)
    row = row[:index] + row[index + 1 :]
    parsed = read(make_roster([row], header=header))
    problem = next(p for p in parsed.problems if p.code == "missing_column")
    assert named in problem.message
    assert (problem.sheet, problem.row, problem.header) == ("12A1", 6, named)


def test_half_a_split_name_is_a_missing_name_column():
    header = ["Mã học sinh", "Họ đệm", "Ngày sinh", "Nữ"]
    parsed = read(xlsx({"12A1": [header, ["0123456789", "Lê Thị", "05/09/2008", "x"]]}))
    problem = next(p for p in parsed.problems if p.code == "missing_column")
    assert "Họ và tên" in problem.message and "Tên" in problem.message


def test_a_sheet_without_any_header_is_refused():
    parsed = read(xlsx({"12A1": [["Danh sách"], ["a", "b", "c"]]}))
    assert codes(parsed) == ["no_header"]
    assert "Họ và tên" in parsed.problems[0].message


def test_the_same_column_twice_is_refused():
    header = [*HEADER, "Ngày sinh"]
    parsed = read(make_roster([[*student(1), "01/01/2008"]], header=header))
    assert "duplicate_column" in codes(parsed)
    problem = next(p for p in parsed.problems if p.code == "duplicate_column")
    assert "Ngày sinh" in problem.message and "D, G" in problem.message


def test_a_repeated_header_row_is_skipped():
    rows = [student(1), HEADER, student(2)]
    parsed = read(make_roster(rows))
    assert parsed.problems == []
    assert len(parsed.rows) == 2


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "05/09/2008",
        "5/9/2008",
        "05-09-2008",
        "5.9.2008",
        " 05 / 09 / 2008 ",
        "2008-09-05",
        datetime(2008, 9, 5),
        date(2008, 9, 5),
        39696,  # the Excel serial number of 05/09/2008, in a cell left as General
    ],
)
def test_dates_as_excel_dates_serials_or_usual_text(value):
    values = only_row(read(make_roster([student(1, born=value)])))
    assert values["date_of_birth"] == date(2008, 9, 5)


birth_dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2013, 11, 25))
text_formats = st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y}", "{d:02d}-{m:02d}-{y}"])


@settings(max_examples=60, deadline=None)
@given(born=birth_dates, pattern=text_formats)
def test_any_text_date_in_a_usual_format_reads_back(born, pattern):
    text = pattern.format(d=born.day, m=born.month, y=born.year)
    assert roster.parse_date(text) == born


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(born=birth_dates, as_text=st.booleans())
def test_any_birth_date_survives_a_workbook(born, as_text):
    value = born.strftime("%d/%m/%Y") if as_text else datetime(born.year, born.month, born.day)
    values = only_row(read(make_roster([student(1, born=value)])))
    assert values["date_of_birth"] == born


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(1990, 2012),
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    separator=st.sampled_from("/-"),
)
def test_impossible_dates_are_refused_and_real_ones_read(year, month, day, separator):
    text = f"{day:02d}{separator}{month:02d}{separator}{year}"
    try:
        expected = date(year, month, day)
    except ValueError:
        with pytest.raises(roster._CellError) as error:
            roster.parse_date(text)
        assert error.value.code == "impossible_date"
        assert text in error.value.message
    else:
        assert roster.parse_date(text) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("31/02/2008", "impossible_date"),
        ("21/13/2008", "impossible_date"),
        ("02/21/2008", "impossible_date"),  # month and day swapped (US order)
        ("21/02/08", "bad_date"),
        ("tháng 2/2008", "bad_date"),
        ("2008", "bad_date"),
        (2008, "bad_date"),
    ],
)
def test_bad_dates_are_refused_with_the_value_in_the_message(value, code):
    parsed = read(make_roster([student(1, born=value)]))
    assert codes(parsed) == [code]
    problem = parsed.problems[0]
    assert (problem.sheet, problem.row, problem.column, problem.header) == (
        "12A1",
        7,
        "D",
        "Ngày sinh",
    )
    assert str(value) in problem.message


def test_a_birth_date_in_the_future_is_refused():
    tomorrow = (TODAY + timedelta(days=1)).strftime("%d/%m/%Y")
    parsed = read(make_roster([student(1, born=tomorrow)]))
    assert codes(parsed) == ["future_birth"]
    assert tomorrow in parsed.problems[0].message


def test_a_student_younger_than_13_is_refused():
    born = date(TODAY.year - 13, TODAY.month, TODAY.day) + timedelta(days=1)
    parsed = read(make_roster([student(1, born=born.strftime("%d/%m/%Y"))]))
    assert codes(parsed) == ["too_young"]
    assert "13" in parsed.problems[0].message


def test_a_student_who_turns_13_today_is_accepted():
    born = date(TODAY.year - 13, TODAY.month, TODAY.day)
    assert only_row(read(make_roster([student(1, born=born.strftime("%d/%m/%Y"))])))


def test_an_empty_birth_date_is_refused():
    assert codes(read(make_roster([student(1, born=None)]))) == ["empty_date"]


def test_a_youth_union_date_in_the_future_or_before_birth_is_refused():
    header = [*HEADER, "Ngày vào Đoàn"]
    rows = [[*student(1), "26/03/2099"], [*student(2), "26/03/2000"]]
    parsed = read(make_roster(rows, header=header))
    assert codes(parsed) == ["future_joined", "joined_before_birth"]
    assert parsed.problems[0].header == "Ngày vào Đoàn"


# --- codes ----------------------------------------------------------------------------------


def test_a_code_typed_as_a_number_gets_its_leading_zeros_back():
    rows = [student(1, code="0123456789"), student(2, code=48188262), student(3, code="9999999999")]
    parsed = read(make_roster(rows))
    assert [r.values["student_code"] for r in parsed.rows] == [
        "0123456789",
        "0048188262",
        "9999999999",
    ]


def test_a_code_typed_as_text_is_kept_as_typed():
    rows = [student(1, code="0123456789"), student(2, code="48188262")]
    parsed = read(make_roster(rows))
    assert parsed.rows[1].values["student_code"] == "48188262"


def test_codes_all_typed_as_numbers_pad_to_the_usual_length():
    rows = [student(n, code=1_000_000_000 + n) for n in range(1, 4)]
    rows.append(student(4, code=987654321))
    parsed = read(make_roster(rows))
    assert parsed.rows[-1].values["student_code"] == "0987654321"


def test_a_numeric_national_id_gets_its_zeros_back():
    header = [*HEADER, "Số định danh cá nhân"]
    rows = [[*student(1), "001208012345"], [*student(2), 48208012345]]
    parsed = read(make_roster(rows, header=header))
    assert parsed.rows[1].values["national_id"] == "048208012345"


@pytest.mark.parametrize("code", ["12345-678", "1234567890123456789012", 1234.5, "mã số"])
def test_an_invalid_code_is_refused(code):
    assert codes(read(make_roster([student(1, code=code)]))) == ["bad_code"]


def test_spaces_inside_a_code_are_dropped():
    assert only_row(read(make_roster([student(1, code=" 01234 56789 ")])))["student_code"] == (
        "0123456789"
    )


def test_the_same_code_twice_is_refused_naming_both_rows():
    rows = [student(1, code="0123456789"), student(2), student(3, code="0123456789")]
    parsed = read(make_roster(rows))
    assert codes(parsed) == ["duplicate_code"]
    problem = parsed.problems[0]
    assert (problem.sheet, problem.row) == ("12A1", 9)
    assert "0123456789" in problem.message and "7" in problem.message


def test_the_same_code_in_two_sheets_is_refused():
    data = xlsx(
        {
            "12A1": [HEADER, student(1, code="0123456789")],
            "12A2": [HEADER, student(2, code="0123456789")],
        }
    )
    parsed = read(data)
    assert codes(parsed) == ["duplicate_code"]
    assert parsed.problems[0].sheet == "12A2"
    assert "12A1" in parsed.problems[0].message


def test_an_empty_code_is_refused():
    assert codes(read(make_roster([student(1, code="")]))) == ["empty_code"]


# --- names and text ---------------------------------------------------------------------------

LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
words = st.text(alphabet=LETTERS + LETTERS.upper(), min_size=1, max_size=7)
spaces = st.sampled_from([" ", "  ", "\t", "\xa0", " \n "])


@st.composite
def typed_names(draw):
    """A name as people type it: NFC or NFD, stray spaces around and between the words."""
    parts = draw(st.lists(words, min_size=1, max_size=4))
    text = parts[0]
    for part in parts[1:]:
        text += draw(spaces) + part
    text = draw(st.sampled_from(["", " ", "\t"])) + text + draw(st.sampled_from(["", "  "]))
    form = draw(st.sampled_from(["NFC", "NFD"]))
    return unicodedata.normalize(form, text)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=typed_names())
def test_names_are_stored_nfc_trimmed_with_single_spaces(name):
    values = only_row(read(make_roster([student(1, name=name)])))
    stored = values["full_name"]
    assert stored == normalize(name)
    assert unicodedata.is_normalized("NFC", stored)
    assert stored == stored.strip() and "  " not in stored


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(family=typed_names(), given_name=typed_names())
def test_split_names_are_joined_with_one_space(family, given_name):
    header = ["Mã học sinh", "Họ đệm", "Tên", "Ngày sinh", "Nữ"]
    data = xlsx({"12A1": [header, ["0123456789", family, given_name, "05/09/2008", "x"]]})
    assert only_row(read(data))["full_name"] == normalize(f"{family} {given_name}")


@pytest.mark.parametrize("name", ["", "   ", "\t\xa0"])
def test_an_empty_name_is_refused(name):
    parsed = read(make_roster([student(1, name=name)]))
    assert codes(parsed) == ["empty_name"]
    assert parsed.problems[0].header == "Họ và tên"


def test_a_name_longer_than_the_field_is_refused():
    assert codes(read(make_roster([student(1, name="Nguyễn " * 30)]))) == ["too_long"]


def test_text_that_looks_like_a_formula_is_kept_as_plain_text():
    values = only_row(read(make_roster([student(1, ethnicity=Text("=1+1"))])))
    assert values["ethnicity"] == "=1+1"


def test_a_formula_is_never_evaluated():
    # Saved by a library, the formula has no cached value: it reads as an empty cell.
    values = only_row(read(make_roster([student(1, ethnicity=Formula("=1+1"))])))
    assert values["ethnicity"] == ""
    parsed = read(make_roster([student(1, name=Formula('=CONCATENATE("Lê ","Hoa")'))]))
    assert codes(parsed) == ["empty_name"]


# --- gender -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "gender"),
    [("Nam", "M"), ("Nữ", "F"), ("NỮ", "F"), ("nu", "F"), ("nam ", "M"), ("F", "F")],
)
def test_gender_words(value, gender):
    assert only_row(read(make_roster([student(1, gender=value)])))["gender"] == gender


@pytest.mark.parametrize(("value", "code"), [("Khác", "bad_gender"), (None, "empty_gender")])
def test_an_unknown_or_empty_gender_is_refused(value, code):
    assert codes(read(make_roster([student(1, gender=value)]))) == [code]


@pytest.mark.parametrize(("mark", "gender"), [("x", "F"), ("X", "F"), (None, "M"), (1, "F")])
def test_the_female_column_marked_x(mark, gender):
    header = ["Mã học sinh", "Họ và tên", "Ngày sinh", "Nữ"]
    data = xlsx({"12A1": [header, ["0123456789", "Lê Hoa", "05/09/2008", mark]]})
    assert only_row(read(data))["gender"] == gender


def test_a_strange_mark_in_the_female_column_is_refused():
    header = ["Mã học sinh", "Họ và tên", "Ngày sinh", "Nữ"]
    data = xlsx({"12A1": [header, ["0123456789", "Lê Hoa", "05/09/2008", "có lẽ"]]})
    assert codes(read(data)) == ["bad_gender"]


# --- rows -----------------------------------------------------------------------------------


def test_blank_rows_between_students_are_skipped():
    rows = [student(1), [], [None, None, "  "], student(2), [], [], student(3)]
    parsed = read(make_roster(rows))
    assert parsed.problems == []
    assert [r.row for r in parsed.rows] == [7, 10, 13]


def test_a_row_with_only_its_number_is_skipped():
    parsed = read(make_roster([student(1), [2], student(3)]))
    assert parsed.problems == []
    assert len(parsed.rows) == 2


def test_the_footer_below_the_table_is_ignored():
    footer = [[None, None, "Tổng số: 2 học sinh"], [], [None, None, "Người lập biểu"]]
    parsed = read(make_roster([student(1), student(2), *footer]))
    assert parsed.problems == []
    assert len(parsed.rows) == 2


def test_a_row_without_code_and_date_between_students_is_refused():
    rows = [student(1), student(2, code="", born=None), student(3)]
    parsed = read(make_roster(rows))
    assert codes(parsed) == ["empty_code", "empty_date"]
    assert {p.row for p in parsed.problems} == {8}


def test_every_problem_of_the_file_is_reported_not_just_the_first():
    rows = [student(1, born="31/02/2008"), student(2, name=""), student(3, gender="?")]
    data = xlsx({"12A1": [*TITLE, HEADER, *rows], "12A2": [HEADER, student(4, born="x")]})
    parsed = read(data)
    assert [(p.sheet, p.row, p.code) for p in parsed.problems] == [
        ("12A1", 7, "impossible_date"),
        ("12A1", 8, "empty_name"),
        ("12A1", 9, "bad_gender"),
        ("12A2", 2, "bad_date"),
    ]


def test_a_problem_reads_with_its_sheet_row_and_column():
    parsed = read(make_roster([student(1, born="31/02/2008")]))
    text = str(parsed.problems[0])
    for part in ("12A1", "7", "D", "Ngày sinh", "31/02/2008"):
        assert part in text


def test_a_file_without_students_is_refused():
    assert codes(read(make_roster([]))) == ["no_students"]


def test_hidden_sheets_are_skipped():
    data = xlsx({"12A1": [HEADER, student(1)], "DM": [["Dân tộc"], ["Kinh"]]}, hidden=["DM"])
    assert only_row(read(data))


# --- classes and school year -------------------------------------------------------------------


def test_the_class_comes_from_the_class_column_one_sheet_for_the_school():
    header = [*HEADER, "Lớp"]
    rows = [[*student(1), "12A1"], [*student(2), "11 a2"], [*student(3), "10A10"]]
    parsed = read(xlsx({"Toàn trường": [header, *rows]}))
    assert parsed.problems == []
    assert [r.class_name for r in parsed.rows] == ["12A1", "11A2", "10A10"]


def test_the_class_comes_from_the_sheet_name():
    parsed = read(xlsx({"10A3": [HEADER, student(1)]}))
    assert parsed.rows[0].class_name == "10A3"


def test_the_class_comes_from_the_title_line():
    title = [["DANH SÁCH HỌC SINH LỚP 11A5 — NĂM HỌC 2025-2026"], []]
    parsed = read(make_roster([student(1)], title=title, sheet="Sheet1"))
    assert parsed.rows[0].class_name == "11A5"
    assert parsed.school_year == "2025-2026"


def test_a_sheet_named_after_another_class_than_its_title_is_refused():
    title = [["DANH SÁCH HỌC SINH LỚP 11A5"], []]
    parsed = read(make_roster([student(1)], title=title, sheet="12A1"))
    assert codes(parsed) == ["class_mismatch"]


def test_an_unknown_class_is_refused_with_the_ways_to_give_it():
    parsed = read(xlsx({"Sheet1": [HEADER, student(1)]}))
    assert codes(parsed) == ["no_class"]
    assert "Lớp" in parsed.problems[0].message


def test_a_class_name_without_a_grade_is_refused():
    header = [*HEADER, "Lớp"]
    parsed = read(xlsx({"Sheet1": [header, [*student(1), "Chuyên Toán"]]}))
    assert codes(parsed) == ["bad_class"]


@pytest.mark.parametrize(("name", "grade"), [("12A1", 12), ("10CT", 10), ("6A", 6), ("11Đ", 11)])
def test_the_grade_is_the_leading_number_of_the_class_name(name, grade):
    assert roster.class_grade(name) == grade


@pytest.mark.parametrize("name", ["A1", "12", "13A1", "CHUYÊN"])
def test_names_that_are_not_classes(name):
    assert roster.class_grade(name) is None


def test_sheets_of_different_school_years_are_refused():
    data = xlsx(
        {
            "12A1": [["NĂM HỌC 2025-2026"], HEADER, student(1)],
            "12A2": [["NĂM HỌC 2024-2025"], HEADER, student(2)],
        }
    )
    assert codes(read(data)) == ["school_years"]


@pytest.mark.parametrize(
    ("today", "year"),
    [(date(2025, 9, 5), "2025-2026"), (date(2026, 5, 31), "2025-2026"), (TODAY, "2026-2027")],
)
def test_the_current_school_year_starts_in_august(today, year):
    assert roster.current_school_year(today) == year


# --- the problems workbook ------------------------------------------------------------------


def test_the_problems_workbook_lists_problems_and_marks_the_original_rows():
    rows = [student(1), student(2, born="31/02/2008"), student(3, ethnicity=Text("=1+1"))]
    parsed = read(make_roster(rows))
    preview = roster.Preview(parsed=parsed, school_year="2025-2026", problems=parsed.problems)
    book = openpyxl.load_workbook(io.BytesIO(roster.problems_workbook(preview)))
    listing = book.worksheets[0]
    assert [c.value for c in listing[2]][:4] == ["12A1", 8, "D", "Ngày sinh"]
    assert "31/02/2008" in listing["E2"].value
    copy = book["12A1"]
    # Same rows and columns as the original file; the problems in a column after the last.
    assert copy["C8"].value == "Nguyễn Văn Học 2"
    assert "31/02/2008" in copy["G8"].value
    assert copy["G7"].value is None
    assert copy["G6"].value  # the column's title on the header row


def test_the_problems_workbook_writes_formula_like_text_as_text():
    rows = [student(1, name=Text('=HYPERLINK("http://x")'), born="31/02/2008")]
    parsed = read(make_roster(rows))
    preview = roster.Preview(parsed=parsed, school_year="2025-2026", problems=parsed.problems)
    book = openpyxl.load_workbook(io.BytesIO(roster.problems_workbook(preview)))
    cell = book["12A1"]["C7"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'
