"""Small facts the demo derives: the school year of a day, working days, citizen IDs."""

from datetime import date, timedelta

from candidates.rules import is_working_day


def school_year_start(day: date) -> int:
    """The year the school year running on `day` began: it runs from 1 September to 31 August."""
    return day.year if day.month >= 9 else day.year - 1


def school_year(day: date) -> str:
    """The school year running on `day`, as classes write it: "2026-2027"."""
    start = school_year_start(day)
    return f"{start}-{start + 1}"


def usual_birth_year(day: date, grade: int) -> int:
    """The year most students of `grade` were born, in the school year running on `day`
    (grade 12 of 2026-2027: 2009; they turn 18 during 2027)."""
    return school_year_start(day) - 5 - grade


def workday_on_or_before(day: date) -> date:
    """`day` if it is a working day (R23), else the last working day before it."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def workday_on_or_after(day: date) -> date:
    """`day` if it is a working day (R23), else the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def national_id(born: date, female: bool, serial: int) -> str:
    """A citizen ID of Đà Nẵng (048): a digit for sex and century, the year of birth, a serial."""
    sex_century = 2 * (born.year // 100 - 19) + (1 if female else 0)
    return f"048{sex_century}{born.year % 100:02d}{serial:06d}"
