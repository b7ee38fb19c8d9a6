"""The period a report covers: a year, a quarter, a half-year, or from one day to another."""

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.text import day

ROMAN = ("I", "II", "III", "IV")
# (value, label) of the choices; "custom" takes the two dates.
CHOICES = (
    ("year", gettext_lazy("The whole year")),
    ("q1", gettext_lazy("Quarter I")),
    ("q2", gettext_lazy("Quarter II")),
    ("q3", gettext_lazy("Quarter III")),
    ("q4", gettext_lazy("Quarter IV")),
    ("h1", gettext_lazy("First half-year")),
    ("h2", gettext_lazy("Second half-year")),
    ("custom", gettext_lazy("From one date to another")),
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    which: str = "custom"

    @property
    def year(self) -> int:
        return self.end.year

    def contains(self, value) -> bool:
        return value is not None and self.start <= value <= self.end

    @property
    def label(self) -> str:
        """As the summary line says it: "năm 2025", "quý I năm 2025", "từ ngày … đến ngày …"."""
        year = self.start.year
        if self.which == "year":
            return _("in %(year)s") % {"year": year}
        if self.which.startswith("q"):
            quarter = ROMAN[int(self.which[1]) - 1]
            return _("in quarter %(quarter)s of %(year)s") % {"quarter": quarter, "year": year}
        if self.which == "h1":
            return _("in the first half of %(year)s") % {"year": year}
        if self.which == "h2":
            return _("in the second half of %(year)s") % {"year": year}
        return _("from %(start)s to %(end)s") % {"start": day(self.start), "end": day(self.end)}


def _month_end(year, month) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_of(year: int, which: str = "year", start=None, end=None) -> Period:
    """The period `which` of `year` (ValueError for a choice that does not exist)."""
    if which == "year":
        return Period(date(year, 1, 1), date(year, 12, 31), which)
    if which in ("q1", "q2", "q3", "q4"):
        first = (int(which[1]) - 1) * 3 + 1
        return Period(date(year, first, 1), _month_end(year, first + 2), which)
    if which == "h1":
        return Period(date(year, 1, 1), date(year, 6, 30), which)
    if which == "h2":
        return Period(date(year, 7, 1), date(year, 12, 31), which)
    if which == "custom" and start and end and start <= end:
        return Period(start, end, which)
    raise ValueError(which)
