"""The preview: what the import would write, compared with the branch's classes and students.

`build_preview(parsed, branch, school_year) -> Preview` reads the database and writes nothing;
its `fingerprint` lets the confirmation apply exactly what was shown, or refuse.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import consent, text
from ..models import SchoolClass, Student
from ..services import field_changes
from .cells import blank
from .columns import COMPARED_FIELDS, STUDENT_FIELDS, class_grade, current_school_year
from .problems import Problem
from .reader import ParsedRoster
from .sheet import RosterRow


@dataclass
class Change:
    """An existing student the import would update, with {field: [old, new]} as text."""

    student: Student
    changes: dict[str, list[str]]

    def items(self):
        """(field label, old, new) for display."""
        for name, (old, new) in self.changes.items():
            yield Student._meta.get_field(name).verbose_name, old, new


@dataclass
class Preview:
    """What the import would do, or the problems that refuse it."""

    parsed: ParsedRoster
    school_year: str
    problems: list[Problem] = field(default_factory=list)
    classes_to_create: list[SchoolClass] = field(default_factory=list)
    new: list[Student] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: list[Student] = field(default_factory=list)
    # Chosen on upload: sensitive cells of students without consent in force are left out
    # (counted in `left_out`) rather than refusing the file.
    leave_out_sensitive: bool = False
    left_out: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def change_count(self) -> int:
        return len(self.classes_to_create) + len(self.new) + len(self.changed)

    @property
    def fingerprint(self) -> str:
        """A digest of the file and of every planned write and the rows it was compared with.

        Equal fingerprints mean the same file against the same database state: the confirm
        applies exactly what was shown, or is refused.
        """
        plan = [
            self.parsed.sha256,
            self.school_year,
            sorted(c.name for c in self.classes_to_create),
            [
                [s.student_code, *(as_text(getattr(s, f)) for f in COMPARED_FIELDS)]
                for s in self.new
            ],
            [[c.student.pk, c.student.version, c.changes] for c in self.changed],
            [[s.pk, s.version] for s in self.unchanged],
            [str(p) for p in self.problems],
            self.leave_out_sensitive,
        ]
        return hashlib.sha256(json.dumps(plan, ensure_ascii=False).encode()).hexdigest()


def as_text(value) -> str:
    """A field value as the preview shows it: "" for none, dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, date):
        return text.day(value)
    return str(value)


def build_preview(
    parsed: ParsedRoster,
    branch,
    school_year: str | None = None,
    *,
    lock: bool = False,
    leave_out_sensitive: bool = False,
) -> Preview:
    """Compare the parsed rows with the branch's classes and students; writes nothing.

    A sensitive cell (ethnicity, religion, ID number) filled for a student whose consent is not
    in force today — a new student has none yet — refuses the file, each cell named, unless
    `leave_out_sensitive`: then those cells are left out (counted) and the rest is imported."""
    year = school_year or parsed.school_year or current_school_year()
    preview = Preview(
        parsed=parsed,
        school_year=year,
        problems=list(parsed.problems),
        leave_out_sensitive=leave_out_sensitive,
    )
    if school_year and parsed.school_year and school_year != parsed.school_year:
        message = _(
            "The file is for school year %(found)s but the import is for %(chosen)s: choose "
            "%(found)s, or leave the school year empty."
        )
        params = {"found": parsed.school_year, "chosen": school_year}
        preview.problems.append(Problem("school_year_mismatch", message % params))
    if preview.problems:
        return preview
    classes = {c.name: c for c in SchoolClass.objects.filter(branch=branch, school_year=year)}
    existing = _existing_students(branch, [r.values["student_code"] for r in parsed.rows], lock)
    consented = _consenting(list(existing.values()))
    to_create: dict[str, SchoolClass] = {}
    for row in parsed.rows:
        student = existing.get(row.values["student_code"])
        row = _without_consent(preview, row, student is not None and student.pk in consented)
        school_class = classes.get(row.class_name) or to_create.get(row.class_name)
        if school_class is None:
            school_class = SchoolClass(
                branch=branch,
                name=row.class_name,
                school_year=year,
                grade=class_grade(row.class_name),
            )
            to_create[row.class_name] = school_class
        if student is None:
            preview.new.append(_new_student(row, branch, school_class))
        else:
            _compare(preview, student, row, school_class)
    preview.classes_to_create = sorted(to_create.values(), key=lambda c: (c.grade, c.name))
    return preview


def _existing_students(branch, codes: list[str], lock: bool) -> dict[str, Student]:
    queryset = Student.objects.filter(branch=branch).select_related("school_class")
    if lock:
        # PostgreSQL: hold these rows until the import commits; SQLite's IMMEDIATE transaction
        # already holds the whole database.
        queryset = queryset.select_for_update(of=("self",))
    found = {}
    # Chunked: SQLite builds before 3.32 accept 999 parameters per query.
    for start in range(0, len(codes), 900):
        chunk = codes[start : start + 900]
        found.update((s.student_code, s) for s in queryset.filter(student_code__in=chunk))
    return found


def _new_student(row: RosterRow, branch, school_class: SchoolClass) -> Student:
    values = {k: v for k, v in row.values.items() if v is not None}
    return Student(branch=branch, school_class=school_class, **values)


def _compare(preview: Preview, student: Student, row: RosterRow, school_class: SchoolClass):
    """Apply the row to the student in memory and record what changes.

    A blank cell never erases what the database holds: a roster that lacks a value (or a
    whole column) leaves the value entered earlier, by hand or by another system's export.
    """
    fields = [name for name, value in row.values.items() if not blank(value)]
    fields = [name for name in fields if name in STUDENT_FIELDS]
    before = {name: getattr(student, name) for name in fields}
    before["school_class"] = student.school_class
    for name in fields:
        setattr(student, name, row.values[name])
    student.school_class = school_class
    changes = field_changes(before, student, [*fields, "school_class"])
    if changes:
        preview.changed.append(Change(student, changes))
    else:
        preview.unchanged.append(student)


def _consenting(students: list[Student]) -> set[int]:
    """The pks of `students` whose consent to sensitive data is in force today."""
    pks, found = [s.pk for s in students], set()
    for start in range(0, len(pks), 900):  # SQLite's parameter limit, as above
        chunk = Student.objects.filter(pk__in=pks[start : start + 900])
        found.update(consent.consenting(chunk).values_list("pk", flat=True))
    return found


NO_CONSENT = gettext_lazy(
    "Sensitive data of a student without consent in force (recorded on the student's page): "
    "empty this cell or delete the column, or choose to leave these cells out when uploading."
)


def _without_consent(preview: Preview, row: RosterRow, consented: bool) -> RosterRow:
    """The row as the import may use it: its sensitive cells only under consent. Without it,
    each filled one is a problem, or — chosen on upload — left out (the parsed row is kept)."""
    filled = [
        name
        for name in Student.SENSITIVE_FIELDS
        if name in row.values and not blank(row.values[name])
    ]
    if consented or not filled:
        return row
    if preview.leave_out_sensitive:
        preview.left_out += len(filled)
        values = {k: v for k, v in row.values.items() if k not in filled}
        return replace(row, values=values)
    for name in filled:
        letter, header = row.places.get(name, ("", ""))
        where = {"sheet": row.sheet, "row": row.row, "column": letter, "header": header}
        preview.problems.append(Problem("no_consent", str(NO_CONSENT), **where))
    return row
