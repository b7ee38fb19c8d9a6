"""A problem found in a roster file, and where it is: the currency of every step."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

# A page lists the first problems; the problems workbook has them all.
MAX_SHOWN = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file; `code` is stable for programs, `message` is for people."""

    code: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""  # letter, e.g. "D"
    header: str = ""  # the column's title as written in the file, or the one expected

    @property
    def where(self) -> str:
        parts = []
        if self.sheet:
            parts.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column or self.header:
            column = " ".join(p for p in (self.column, f"“{self.header}”" if self.header else ""))
            parts.append(_("column %(column)s") % {"column": column.strip()})
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def listed(problems: list[Problem]) -> dict:
    """The context of the problem list: all of them (counted), the ones shown, how many not."""
    return {
        "problems": problems,
        "problems_shown": problems[:MAX_SHOWN],
        "problems_hidden": max(0, len(problems) - MAX_SHOWN),
    }
