"""What the importer understands: the columns, their header titles, class names, school years."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from ..models import Student
from ..text import fold, normalize

# How a column's cells are read.
CODE, NAME, NAME_PART, DATE = "code", "name", "name_part", "date"
GENDER, FEMALE, CLASS, TEXT = "gender", "female", "class", "text"


@dataclass(frozen=True)
class Column:
    """A column the importer understands: the field it fills and the header titles it goes by."""

    field: str
    kind: str
    # Titles seen in the exports of CSDL ngành, vnEdu, SMAS and MISA EMIS, separated by "|",
    # in order of preference when a file has several of them.
    spellings: str

    @property
    def titles(self) -> list[str]:
        return self.spellings.split("|")

    short: str = ""  # the name used in messages, if not the first title

    @property
    def label(self) -> str:
        """The usual Vietnamese title, used in messages."""
        return self.short or self.titles[0]


# fmt: off
COLUMNS = (
    Column("student_code", CODE, "Mã định danh Bộ GD&ĐT|Mã định danh|Mã học sinh|Mã HS|"
           "Mã định danh học sinh|Mã số học sinh|Mã số HS|Mã định danh BGD", "Mã định danh"),
    Column("full_name", NAME, "Họ và tên|Họ tên|Họ và tên học sinh|Họ tên học sinh"),
    Column("family_name", NAME_PART, "Họ đệm|Họ và tên đệm|Họ và đệm|Họ"),
    Column("given_name", NAME_PART, "Tên"),
    Column("date_of_birth", DATE, "Ngày sinh|Ngày tháng năm sinh|NTNS"),
    Column("gender", GENDER, "Giới tính|GT|Phái"),
    Column("female", FEMALE, "Nữ"),
    Column("class_name", CLASS, "Lớp|Lớp học|Tên lớp"),
    Column("ethnicity", TEXT, "Dân tộc"),
    Column("religion", TEXT, "Tôn giáo"),
    Column("residence", TEXT, "Nơi thường trú|Địa chỉ thường trú|Hộ khẩu thường trú|Thường trú|"
           "Chỗ ở hiện nay|Nơi ở hiện nay|Nơi ở|Địa chỉ", "Nơi thường trú"),
    Column("temporary_residence", TEXT, "Nơi tạm trú|Địa chỉ tạm trú|Tạm trú|Chỗ ở tạm trú"),
    Column("entered_school_on", DATE, "Ngày vào trường|Ngày nhập học|Ngày nhập trường|"
           "Ngày vào học|Ngày đến trường|Ngày chuyển đến trường|Ngày chuyển đến"),
    Column("place_of_birth", TEXT, "Nơi sinh"),
    Column("hometown", TEXT, "Quê quán|Nguyên quán"),
    Column("national_id", CODE, "Số định danh cá nhân|Mã định danh cá nhân|CCCD|Số CCCD|"
           "Căn cước công dân|Số căn cước công dân|Số căn cước|CMND/CCCD"),
    Column("youth_union_joined_on", DATE, "Ngày vào Đoàn|Ngày kết nạp Đoàn"),
    Column("youth_union_position", TEXT, "Chức vụ Đoàn|Chức vụ trong Đoàn"),
    Column("study_result", TEXT, "Học lực|Kết quả học tập"),
    Column("conduct_result", TEXT, "Hạnh kiểm|Kết quả rèn luyện|Rèn luyện"),
)
# fmt: on
COLUMN_BY_FIELD = {c.field: c for c in COLUMNS}
# The student code finds the student; an import never changes it.
KEY_FIELD = "student_code"
# The Student fields an import may write: the editable ones it has a column for. The class is
# handled apart (it may not exist yet).
STUDENT_FIELDS = tuple(
    name for name in Student.EDITABLE_FIELDS if name in COLUMN_BY_FIELD and name != KEY_FIELD
)
COMPARED_FIELDS = (*STUDENT_FIELDS, "school_class")


def header_key(text: Any) -> str:
    """A header cell as a comparison key: no accents, case, spaces, punctuation or "(…)" notes."""
    folded = fold(str(text))
    folded = re.sub(r"\(.*?\)", "", folded)
    return re.sub(r"[^0-9a-z]", "", folded)


# key -> (column, preference); "Mã định danh" and "Mã định danh cá nhân" differ, so keys
# are matched whole, never by substring.
HEADER_KEYS = {
    header_key(title): (column, rank)
    for column in COLUMNS
    for rank, title in enumerate(column.titles)
}

_CLASS_RE = re.compile(r"^(?P<grade>\d{1,2})[^\W\d_][\w.\-/]*$")


def class_name_key(value: Any) -> str:
    """A class name as stored: NFC, upper case, no spaces ("12 a1" -> "12A1")."""
    return re.sub(r"\s+", "", normalize(value)).upper()


def class_grade(name: str) -> int | None:
    """The grade of a class name (its leading digits), or None if it is not a class name."""
    match = _CLASS_RE.match(name)
    if not match or len(name) > 20:
        return None
    grade = int(match["grade"])
    return grade if 1 <= grade <= 12 else None


def current_school_year(today: date | None = None) -> str:
    """The school year running on `today`: from August, the one that starts this year."""
    today = today or timezone.localdate()
    start = today.year if today.month >= 8 else today.year - 1
    return f"{start}-{start + 1}"
