"""The retention of the personal data of students who left the pipeline without being admitted
(Law 91/2025/QH15, Decree 356/2025): once the branch's retention period (`Branch.
retention_months`) has run from the day their last candidacy closed, their data is anonymised —
once, in one transaction, recorded by one event. A Party member's record (a candidate admitted,
even one transferred later) is never anonymised, nor a student with an open candidacy, nor one
who never had a candidacy (the class roster owns them).

What the reports compute from a student is kept, so that a period's figures computed again stay
the same (reports/figures.py: the school's classes, students, grade 12, those aged 18 and the
Youth Union members; the pipeline's dated steps). Issued documents keep their bytes: they are
the branch's papers as sent. The history keeps what happened and when, not the values."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils.translation import gettext as _

from accounts import audit

from .. import rules
from ..findings import today
from ..models import (
    Candidate,
    Consent,
    Consultation,
    Decision,
    DossierItem,
    Event,
    Introduction,
    MeetingVote,
    MentorReview,
    Nomination,
    Student,
    YouthUnionResolution,
)
from .base import record_event

KIND = "anonymised"
# The student's fields the reports count (reports/figures.py `_school`: the class, the date of
# birth — "aged 18 on the day" needs the day, not only the year —, the day they joined the Youth
# Union; the gender, which the lists and the admitted's figures read and the model requires).
KEPT_FOR_REPORTS = ("gender", "school_class", "date_of_birth", "youth_union_joined_on")
# Replaced by placeholders (`_placeholders`); every other editable field is blanked.
REPLACED = ("full_name", "student_code")
BLANKED = tuple(f for f in Student.EDITABLE_FIELDS if f not in (*KEPT_FOR_REPORTS, *REPLACED))
# The free texts a student's candidacies carry: blanked. Rows are found by `candidate__in`
# (a mentor's review through its assignment).
FREE_TEXTS = (
    (Candidate, "pk__in", ("close_reason",)),
    (
        Nomination,
        "candidate__in",
        ("achievements", "youth_union_roles", "results", "reason", "decline_reason"),
    ),
    (Introduction, "candidate__in", (*Introduction.assessment_fields(), "points_to_note")),
    (YouthUnionResolution, "candidate__in", tuple(YouthUnionResolution.assessment_fields())),
    (MeetingVote, "candidate__in", (*MeetingVote.assessment_fields(), "against_reasons")),
    (
        MentorReview,
        "assignment__candidate__in",
        (*MentorReview.assessment_fields(), "summary", "recommendation_reason"),
    ),
    # The body consulted where the student lives names the place.
    (Consultation, "candidate__in", ("body", "strengths", "weaknesses")),
    (DossierItem, "candidate__in", ("note",)),
)


@dataclass(frozen=True)
class Due:
    """A student whose data is due to be anonymised, and why."""

    student: Student
    last: Candidate  # the candidacy that closed last
    closed_on: date
    due_since: date

    @property
    def how_they_left(self) -> str:
        last = self.last
        if last.stage == Candidate.Stage.EXITED and last.exit_kind:
            return last.get_exit_kind_display()
        return last.get_stage_display()


def _candidates(branch):
    """The branch's students who are or were concerned: no open candidacy, at least one closed
    without admission, never admitted, not yet anonymised."""
    candidacies = Candidate.objects.filter(student=OuterRef("pk"))
    return (
        Student.objects.filter(branch=branch)
        .filter(
            Exists(candidacies.filter(stage__in=(Candidate.Stage.DECLINED, Candidate.Stage.EXITED)))
        )
        .exclude(Exists(candidacies.filter(closed_on__isnull=True)))
        .exclude(Exists(Decision.objects.filter(candidate__student=OuterRef("pk"))))
        .exclude(Exists(Event.objects.filter(student=OuterRef("pk"), kind=KIND)))
    )


def is_anonymised(student) -> bool:
    return Event.objects.filter(student=student, kind=KIND).exists()


def students_due(branch, on=None, *, pks=None) -> list[Due]:
    """The students whose retention period has run by `on` (today): the branch's retention
    months from the day their last candidacy closed (only those of `pks` when given). Two
    queries, whatever their number."""
    on = on or today()
    months = branch.retention_months
    concerned = _candidates(branch)
    if pks is not None:
        concerned = concerned.filter(pk__in=pks)
    students = {
        s.pk: s
        for s in concerned.annotate(last_closed=Max("candidacies__closed_on")).select_related(
            "school_class"
        )
    }
    lasts = {}
    closed = Candidate.objects.filter(student__in=list(students), closed_on__isnull=False)
    for candidacy in closed.order_by("closed_on", "pk"):
        lasts[candidacy.student_id] = candidacy
    due = []
    for pk, student in students.items():
        since = rules.add_months(student.last_closed, months)
        if since <= on:
            due.append(Due(student, lasts[pk], student.last_closed, since))
    return sorted(due, key=lambda d: (d.due_since, d.student.sort_name, d.student.pk))


def _placeholders(student) -> dict:
    return {
        "full_name": _("Anonymised student %(pk)s") % {"pk": student.pk},
        "student_code": f"AN-{student.pk}",
    }


def _blank(model, name):
    return None if model._meta.get_field(name).null else ""


def _delete_scans(candidacies):
    """The file fields of the scans are cleared; the files leave the storage once that is
    committed (a rolled-back anonymisation keeps them)."""
    items = list(DossierItem.objects.filter(candidate__in=candidacies).exclude(scan=""))
    DossierItem.objects.filter(pk__in=[i.pk for i in items]).update(scan="")
    for item in items:
        storage, name = item.scan.storage, item.scan.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


@transaction.atomic
def student_anonymise(*, student, actor, on=None) -> bool:
    """Anonymise one student whose retention period has run; False (nothing done) when the
    student is not, or no longer, due — a second run finds nothing to do."""
    student = Student.objects.select_for_update().select_related("branch").get(pk=student.pk)
    branch = student.branch
    if not students_due(branch, on, pks=[student.pk]):
        return False
    old_name = student.full_name
    candidacies = list(student.candidacies.values_list("pk", flat=True))
    for name, value in _placeholders(student).items():
        setattr(student, name, value)
    for name in BLANKED:
        setattr(student, name, _blank(Student, name))
    student.version += 1  # an edit form opened before is refused, not saved over this
    student.save()  # keeps the search and sort keys in step with the placeholder name
    for model, lookup, fields in FREE_TEXTS:
        model.objects.filter(**{lookup: candidacies}).update(
            **{name: _blank(model, name) for name in fields}
        )
    _delete_scans(candidacies)
    Consent.objects.filter(student=student).anonymise()
    mine = Q(student=student) | Q(candidate__in=candidacies)
    Event.objects.filter(mine).anonymise(name=old_name, placeholder=student.full_name)
    audit.anonymise(
        branch=branch,
        name=old_name,
        placeholder=student.full_name,
        paths=[f"/students/{student.pk}/", *(f"/candidates/{pk}/" for pk in candidacies)],
    )
    summary = _("Personal data anonymised (the retention period of %(months)s months ended)")
    record_event(
        branch=branch,
        actor=actor,
        kind=KIND,
        summary=summary % {"months": branch.retention_months},
        student=student,
    )
    return True


def students_anonymise(*, branch, actor, pks=None, on=None) -> int:
    """Anonymise the branch's students due (only those of `pks` when given, e.g. the list a
    page showed); how many were."""
    due = students_due(branch, on, pks=pks)
    return sum(student_anonymise(student=d.student, actor=actor, on=on) for d in due)
