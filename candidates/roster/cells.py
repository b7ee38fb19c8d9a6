"""One cell at a time: codes, dates, genders, classes and text, or a CellError that says why."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils.datetime import from_excel

from .. import text
from ..models import Student
from ..text import fold, normalize
from .columns import class_grade, class_name_key

MIN_AGE = 13

_TEXT_DATE_RE = re.compile(r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})$")
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_CODE_RE = re.compile(r"^[0-9A-Za-z]+$")
_FEMALE_MARKS = frozenset({"x", "1", "nu", "co", "true", "v", "✓", "✔"})
_MALE_MARKS = frozenset({"", "0", "nam", "khong", "false"})
_GENDERS = {"nam": "M", "nu": "F", "m": "M", "f": "F", "male": "M", "female": "F"}
# Serial numbers Excel would show as dates between 1954 and 2119: a date cell left as General.
_SERIAL_RANGE = (20000, 80000)


class CellError(Exception):
    """A cell that cannot be read; `code` is stable for programs, `message` is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def blank(value) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def too_long(name: str) -> str:
    """The message for a value longer than the Student field `name` holds."""
    limit = Student._meta.get_field(name).max_length
    return _("Too long: at most %(limit)s characters.") % {"limit": limit}


def plain_text(value) -> str:
    """Any cell as text; a string that looks like a formula ("=1+1") stays that string."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return text.day(value.date() if isinstance(value, datetime) else value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize(str(value))


def _shown(value) -> str:
    """A cell value quoted in a message."""
    if isinstance(value, datetime):
        return text.day(value)
    return normalize(str(value))[:60]


def parse_code(value) -> tuple[str, bool]:
    """A student code or ID number as text, and whether it was typed as a number.

    A number has lost any leading zero; the reader puts it back once the file's usual code
    length is known.
    """
    if blank(value):
        return "", False
    from_number = isinstance(value, int | float) and not isinstance(value, bool)
    if from_number:
        if isinstance(value, float) and not value.is_integer():
            raise CellError("bad_code", _bad_code_message(value))
        text = str(int(value))
    else:
        text = re.sub(r"\s+", "", normalize(value))
    if not _CODE_RE.match(text) or len(text) > 20:
        raise CellError("bad_code", _bad_code_message(value))
    return text, from_number


def _bad_code_message(value) -> str:
    return _(
        "“%(value)s” is not a valid code: use digits and letters only, at most 20 characters."
    ) % {"value": _shown(value)}


def parse_date(value, epoch=None) -> date:
    """A date from an Excel date cell, a serial number, or text dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            converted = from_excel(value, epoch) if epoch else from_excel(value)
            return converted.date() if isinstance(converted, datetime) else converted
        raise CellError("bad_date", _bad_date_message(value))
    text = normalize(value)
    match = _TEXT_DATE_RE.match(text)
    if match:
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    else:
        match = _ISO_DATE_RE.match(text)
        if not match:
            raise CellError("bad_date", _bad_date_message(value))
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    try:
        return date(year, month, day)
    except ValueError:
        message = _("“%(value)s” is not a real date: check the day and the month (dd/mm/yyyy).")
        raise CellError("impossible_date", message % {"value": text}) from None


def _bad_date_message(value) -> str:
    return _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 05/09/2008.") % {
        "value": _shown(value)
    }


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_birth_date(born: date, today: date) -> list[tuple[str, str]]:
    """(code, message) for a birth date in the future or making the student younger than 13."""
    shown = {"date": text.day(born)}
    if born > today:
        return [("future_birth", _("The date of birth %(date)s is in the future.") % shown)]
    if born > _years_before(today, MIN_AGE):
        message = _("The date of birth %(date)s makes the student younger than %(age)s.")
        return [("too_young", message % {**shown, "age": MIN_AGE})]
    return []


# For each date of a student's life after birth: the codes and messages of a date in the
# future and of one before the birth.
LIFE_DATES = {
    "youth_union_joined_on": (
        (
            "future_joined",
            gettext_lazy("The date of joining the Youth Union %(date)s is in the future."),
        ),
        (
            "joined_before_birth",
            gettext_lazy(
                "The date of joining the Youth Union %(date)s is before the date of birth."
            ),
        ),
    ),
    "entered_school_on": (
        (
            "future_entered",
            gettext_lazy("The date of coming to the school %(date)s is in the future."),
        ),
        (
            "entered_before_birth",
            gettext_lazy("The date of coming to the school %(date)s is before the date of birth."),
        ),
    ),
}


def check_life_date(name: str, when: date, born: date | None, today: date) -> list[tuple[str, str]]:
    """(code, message) for a date of LIFE_DATES in the future or before the birth."""
    future, before_birth = LIFE_DATES[name]
    shown = {"date": text.day(when)}
    if when > today:
        return [(future[0], future[1] % shown)]
    if born is not None and when <= born:
        return [(before_birth[0], before_birth[1] % shown)]
    return []


def parse_gender(value) -> str | None:
    """M or F from "Nam"/"Nữ" (any case or accents) and a few usual spellings; None if blank."""
    if blank(value):
        return None
    gender = _GENDERS.get(fold(str(value)))
    if gender is None:
        message = _("“%(value)s” is not a gender: write “Nam” or “Nữ”.")
        raise CellError("bad_gender", message % {"value": _shown(value)})
    return str(gender)


def parse_female_mark(value) -> str:
    """vnEdu's "Nữ" column: marked (x) for a girl, empty for a boy."""
    if value is True or value is False:
        return Student.Gender.FEMALE if value else Student.Gender.MALE
    mark = fold(plain_text(value))
    if mark in _FEMALE_MARKS:
        return str(Student.Gender.FEMALE)
    if mark in _MALE_MARKS:
        return str(Student.Gender.MALE)
    message = _("“%(value)s” in the “Nữ” column: mark girls with x and leave boys empty.")
    raise CellError("bad_gender", message % {"value": _shown(value)})


def parse_class(value) -> str:
    """A class name as stored ("12 a1" -> "12A1"); it must start with the grade."""
    name = class_name_key(plain_text(value))
    if not class_grade(name):
        message = _("“%(value)s” is not a class name: it must start with the grade, e.g. 12A1.")
        raise CellError("bad_class", message % {"value": _shown(value)})
    return name
