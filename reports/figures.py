"""The figures of the reports upward (RULES.md §4), read from the records for a period.

Admitted means an admission decision dated in the period (as in the forecast); a member who
later transferred or left still counts where they were admitted, and shows under probation.
Counts "at the end" are the records as they stood on the period's last day.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from candidates import consent, rules
from candidates.models import (
    Candidate,
    Ceremony,
    CourseAttendance,
    Decision,
    MeetingVote,
    MentorAssignment,
    Nomination,
    Recognition,
    SchoolClass,
    Student,
)
from candidates.text import fold
from plans.models import AnnualPlan
from plans.selectors import admissions_by_month

from .periods import Period

Stage = Candidate.Stage
ExitKind = Candidate.ExitKind
NO_RELIGION = {"", "khong"}
MAJORITY = {"", "kinh"}
TRANSFERS = (ExitKind.TRANSFERRED, ExitKind.MOVED, ExitKind.GRADUATED)
REMOVALS = (ExitKind.WITHDRAWN, ExitKind.NOT_ELIGIBLE)


@dataclass
class Groups:
    """New members by group (Biểu 3 of Hướng dẫn 11-HD/BTCTW)."""

    women: int = 0
    ethnic_minority: int = 0
    religion: int = 0
    youth_union: int = 0
    students: int = 0


@dataclass
class Figures:
    period: Period
    target: int | None  # the year's plan; None without a plan
    admitted: list = field(default_factory=list)  # Decisions, in school-list order
    awaiting: int = 0  # voted by the branch, no decision yet (at the end)
    groups: Groups = field(default_factory=Groups)
    nominated: int = 0  # proposed by the Youth Union or teachers in the period
    found: int = 0  # accepted into the source list in the period
    pool: int = 0  # in the source list at the end, not yet voted on
    registered: int = 0  # sent to the awareness class in the period
    certified: int = 0
    mentored: int = 0  # a mentor assigned in the period
    verifying: int = 0  # dossiers being completed and verified at the end
    proposed: int = 0  # admissions the branch voted for in the period
    probationary: int = 0  # at the end
    recognised: int = 0
    transferred: int = 0
    removed: int = 0
    by_month: list = field(default_factory=lambda: [0] * 12)  # admissions in the period's year
    by_month_last_year: list = field(default_factory=lambda: [0] * 12)
    school: dict = field(default_factory=dict)  # classes, students, grade 12, aged 18, Đoàn

    @property
    def percent(self) -> int | None:
        """Admitted as a whole percentage of the target."""
        if not self.target:
            return None
        return round(100 * len(self.admitted) / self.target)

    @property
    def short_by(self) -> int:
        return max(0, (self.target or 0) - len(self.admitted))


def is_minority(student) -> bool:
    return fold(student.ethnicity) not in MAJORITY


def has_religion(student) -> bool:
    return fold(student.religion) not in NO_RELIGION


def school_year_of(day) -> str:
    """The school year a day falls in: September to August ("2025-2026")."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def figures(branch, period: Period, on=None) -> Figures:
    """Every figure of the progress and Department reports for `period` (the school as it
    stands at its end, or on `on` if earlier)."""
    start, end = period.start, period.end
    plan = AnnualPlan.objects.filter(branch=branch, year=period.year).first()
    result = Figures(period=period, target=plan.target_admissions if plan else None)
    candidates = Candidate.objects.filter(branch=branch)
    open_at_end = Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    voted = MeetingVote.objects.filter(
        meeting__purpose="admission", passed=True, candidate__branch=branch
    )
    decisions = Decision.objects.filter(candidate__branch=branch).select_related(
        "candidate__student__school_class", "candidate__ceremony"
    )
    result.admitted = sorted(
        decisions.filter(issued_on__range=(start, end)),
        key=lambda d: (d.candidate.student.sort_name, d.pk),
    )
    result.groups = _groups(result.admitted)
    voted_by_end = voted.filter(meeting__held_on__lte=end).values("candidate")
    result.awaiting = (
        candidates.filter(open_at_end, pk__in=voted_by_end)
        .exclude(decision__issued_on__lte=end)
        .count()
    )
    result.nominated = Nomination.objects.filter(
        candidate__branch=branch, created_at__date__range=(start, end)
    ).count()
    result.found = candidates.filter(source_since__range=(start, end)).count()
    result.pool = (
        candidates.filter(open_at_end, source_since__lte=end).exclude(pk__in=voted_by_end).count()
    )
    attendances = CourseAttendance.objects.filter(candidate__branch=branch)
    result.registered = (
        attendances.filter(registered_on__range=(start, end)).values("candidate").distinct().count()
    )
    result.certified = (
        attendances.filter(certificate_issued_on__range=(start, end))
        .values("candidate")
        .distinct()
        .count()
    )
    before_vote = MentorAssignment.objects.filter(
        candidate__branch=branch, period=MentorAssignment.Period.ADMISSION
    )
    result.mentored = (
        before_vote.filter(assigned_on__range=(start, end)).values("candidate").distinct().count()
    )
    result.verifying = (
        candidates.filter(
            open_at_end, pk__in=before_vote.filter(assigned_on__lte=end).values("candidate")
        )
        .exclude(pk__in=voted_by_end)
        .count()
    )
    result.proposed = (
        voted.filter(meeting__held_on__range=(start, end)).values("candidate").distinct().count()
    )
    _probation(result, branch, candidates, period)
    result.by_month = admissions_by_month(branch, period.year)
    result.by_month_last_year = admissions_by_month(branch, period.year - 1)
    result.school = _school(branch, min(end, on or end))
    return result


def _groups(decisions) -> Groups:
    groups = Groups()
    # Ethnicity and religion are counted only for students whose consent is in force (Law
    # 91/2025): without it they are not processed, so not counted.
    students = Student.objects.filter(pk__in=[d.candidate.student_id for d in decisions])
    consented = set(consent.consenting(students).values_list("pk", flat=True))
    for decision in decisions:
        student = decision.candidate.student
        groups.students += 1
        groups.women += student.gender == Student.Gender.FEMALE
        if student.pk in consented:
            groups.ethnic_minority += is_minority(student)
            groups.religion += has_religion(student)
        joined = student.youth_union_joined_on
        groups.youth_union += joined is not None and joined <= decision.issued_on
    return groups


def _probation(result, branch, candidates, period):
    start, end = period.start, period.end
    recognised_by_end = Recognition.objects.filter(resolution_on__lte=end).values("candidate")
    left_by_end = candidates.filter(closed_on__lte=end, exit_kind__gt="").values("pk")
    result.probationary = (
        Ceremony.objects.filter(candidate__branch=branch, held_on__lte=end)
        .exclude(candidate__in=recognised_by_end)
        .exclude(candidate__in=left_by_end)
        .count()
    )
    result.recognised = Recognition.objects.filter(
        candidate__branch=branch, resolution_on__range=(start, end)
    ).count()
    exits = candidates.filter(closed_on__range=(start, end))
    result.transferred = exits.filter(
        exit_stage__in=(Stage.PROBATIONARY, Stage.OFFICIAL), exit_kind__in=TRANSFERS
    ).count()
    result.removed = exits.filter(exit_stage=Stage.PROBATIONARY, exit_kind__in=REMOVALS).count()


def _school(branch, on) -> dict:
    """The school as it stood on `on`: classes, students, grade 12, those aged 18, Đoàn."""
    # The school year of `on`, or the latest before it that has classes (a new year's rosters
    # may not be imported yet).
    year = (
        SchoolClass.objects.filter(branch=branch, school_year__lte=school_year_of(on))
        .order_by("-school_year")
        .values_list("school_year", flat=True)
        .first()
    )
    students = list(
        Student.objects.filter(branch=branch, school_class__school_year=year).select_related(
            "school_class"
        )
    )
    grade12 = [s for s in students if s.school_class.grade == 12]
    return {
        "on": on,
        "classes": len({s.school_class_id for s in students}),
        "students": len(students),
        "grade12": len(grade12),
        "adults": sum(
            1 for s in grade12 if s.date_of_birth and rules.full_months(s.date_of_birth, on) >= 216
        ),
        "youth_union": sum(
            1 for s in students if s.youth_union_joined_on and s.youth_union_joined_on <= on
        ),
    }
