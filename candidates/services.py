"""Every change to candidates, students, classes and Party members goes through here.

Each service takes keyword arguments, runs in one transaction, checks the rules, writes the
change and an `Event` (who, when, what), and raises `DomainError` with a Vietnamese message
when the change is refused. Views, imports, commands and tests all call these functions.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership

from . import dossier, rules
from .models import (
    BranchMeeting,
    Candidate,
    Ceremony,
    CourseAttendance,
    DayOff,
    Decision,
    DossierItem,
    Event,
    IntermediateResolution,
    Introduction,
    MeetingVote,
    MentorAssignment,
    MentorReview,
    Nomination,
    PartyMember,
    Recognition,
    RuleConfig,
    SchoolClass,
    Student,
    YouthUnionResolution,
    normalize_multiline,
)
from .text import normalize


class DomainError(Exception):
    """A change the rules refuse; `message` is shown to the user as it is."""

    def __init__(self, message, findings=()):
        super().__init__(message)
        self.message = message
        self.findings = list(findings)


class ConflictError(DomainError):
    """Someone else saved the same record since this form was opened."""


def record_event(*, branch, actor, kind, summary, changes=None, reason="", **subjects):
    """Write one event; `subjects` are any of candidate=, student=, party_member=."""
    return Event.objects.create(
        branch=branch,
        actor=actor,
        kind=kind,
        summary=summary,
        changes=changes or {},
        reason=reason,
        **subjects,
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def field_changes(before: dict, instance, fields) -> dict:
    """{field: [old, new]} for the fields whose value differs from `before`, as display text."""
    changes = {}
    for name in fields:
        old, new = before.get(name), getattr(instance, name)
        if hasattr(new, "pk"):
            old, new = (str(old) if old is not None else ""), str(new)
        if _text(old) != _text(new):
            changes[name] = [_text(old), _text(new)]
    return changes


def bump_version(instance, expected_version):
    """Raise the row's version if it is still `expected_version`, else refuse (ConflictError)."""
    model = type(instance)
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not updated:
        raise ConflictError(
            _(
                "Someone else saved this record after you opened it, so your changes were not "
                "saved. The page now shows what they saved; what you typed is still in the "
                "form: check it and save again."
            )
        )
    instance.version = expected_version + 1


def rule_settings(branch) -> rules.RuleSettings:
    """The branch's rule settings, with RULES.md's defaults where it has none."""
    config = RuleConfig.objects.filter(branch=branch).first()
    days_off = tuple(branch.days_off.values_list("day", flat=True))
    if config is None:
        return rules.RuleSettings(extra_days_off=days_off)
    return rules.RuleSettings(
        certificate_validity_months=config.certificate_validity_months,
        paper_freshness_months=config.paper_freshness_months,
        school_year_end=config.school_year_end,
        min_study_result=config.min_study_result,
        min_conduct_result=config.min_conduct_result,
        extra_days_off=days_off,
    )


def today():
    return timezone.localdate()


# --- candidates: findings ------------------------------------------------------------------


def grade12_end(student, settings: rules.RuleSettings) -> date:
    """The last day of the student's grade 12, from the class's school year and the setting."""
    end_year = int(student.school_class.school_year[-4:]) + (12 - student.school_class.grade)
    template = settings.school_year_end or date(2000, 5, 31)
    try:
        return template.replace(year=end_year)
    except ValueError:  # 29 February in a common year
        return date(end_year, 2, 28)


def candidate_findings(candidate, settings: rules.RuleSettings) -> list[rules.Finding]:
    """What the rules say about a candidate's own facts until the branch votes (R3, R2, R22)."""
    student = candidate.student
    voted = (Candidate.Stage.RESOLVED, Candidate.Stage.DECIDED, Candidate.Stage.PROBATIONARY)
    if candidate.stage in (*voted, Candidate.Stage.OFFICIAL):
        return []
    return [
        *rules.check_r3_youth_union(student.is_youth_union_member, student.youth_union_joined_on),
        *rules.check_r2_age_in_time(
            student.date_of_birth, candidate.planned_vote_on, grade12_end(student, settings)
        ),
        *rules.check_r22_results(student.study_result, student.conduct_result, settings),
    ]


def candidate_status(candidate, on=None):
    """Everything the candidate page shows about the rules: findings now, and the deadlines
    as (label, date, text) — what blocks the next step and what would lift it."""
    on = on or today()
    settings = rule_settings(candidate.branch)
    findings = candidate_findings(candidate, settings)
    if not candidate.is_open:
        return findings, []
    stage, days_off = candidate.stage, settings.extra_days_off
    if stage in PIPELINE_ORDER[:5] and stage != Candidate.Stage.NOMINATED:
        vote_on = max(candidate.planned_vote_on or on, on)
        findings += [f for f in vote_findings(candidate, vote_on, settings) if f.code != "R3"]
    findings += rules.check_r18_failed_votes(failed_votes(candidate))
    resolved_on = admission_resolution_date(candidate)
    decision = getattr(candidate, "decision", None) if stage != Candidate.Stage.RESOLVED else None
    ceremony = getattr(candidate, "ceremony", None) if stage == Stage.PROBATIONARY else None
    if stage == Stage.RESOLVED and resolved_on:
        findings += rules.check_r14_decision(resolved_on, None, on, settings)
    if stage == Stage.DECIDED:
        findings += rules.check_r15_ceremony(decision.received_on, None, "", on, settings)
    left_school = grade12_end(candidate.student, settings)
    if ceremony is not None and left_school < on:
        findings += rules.check_r19_transfer(left_school, None, on, settings)
    dates = rules.deadlines(
        resolution_date=resolved_on if stage == Stage.RESOLVED else None,
        decision_received=decision.received_on if stage == Stage.DECIDED else None,
        ceremony_date=ceremony.held_on if ceremony else None,
        left_school_on=left_school if ceremony and left_school < on else None,
        settings=settings,
    )
    labels = {
        "decision": _("Deadline for the admission decision"),
        "ceremony": _("Deadline for the admission ceremony"),
        "probation_end": _("End of probation (official member from)"),
        "recognition": _("Deadline for the recognition resolution"),
        "transfer": _("Deadline for transferring Party activities"),
    }
    deadlines = [
        (labels[key], when, rules.deadline_text(when, on, days_off))
        for key, when in sorted(dates.items(), key=lambda item: item[1])
    ]
    return findings, deadlines


def _refresh_flags(candidate, settings):
    codes = sorted({f.code for f in candidate_findings(candidate, settings)})
    flags = " ".join(codes)
    if flags != candidate.flags:
        candidate.flags = flags
        Candidate.objects.filter(pk=candidate.pk).update(flags=flags)


def candidates_refresh_flags(*, student):
    """Re-check the open candidacy of a student whose facts changed."""
    settings = rule_settings(student.branch)
    for candidate in Candidate.objects.open().filter(student=student).select_related("student"):
        candidate.student = student
        _refresh_flags(candidate, settings)


# --- candidates: nomination and the committee's answer ------------------------------------


@transaction.atomic
def candidate_nominate(
    *,
    student,
    author,
    kind,
    achievements="",
    youth_union_roles="",
    results="",
    reason="",
    on=None,
):
    """Nominate a student; a second nomination of the same student joins the open candidacy."""
    blocking = rules.check_r3_youth_union(
        student.is_youth_union_member, student.youth_union_joined_on
    )
    if blocking:
        finding = blocking[0]
        raise DomainError(
            _("The nomination is refused: %(message)s (%(code)s).")
            % {"message": finding.message, "code": finding.code},
            blocking,
        )
    candidate = Candidate.objects.select_for_update().filter(student=student).open().first()
    if candidate is None:
        candidate = Candidate.objects.create(
            branch=student.branch, student=student, opened_on=on or today()
        )
        summary = _("Nominated")
    else:
        summary = _("Nomination joined to the open candidacy")
    waiting = candidate.stage == Candidate.Stage.NOMINATED
    nomination = Nomination.objects.create(
        candidate=candidate,
        kind=kind,
        author=author,
        achievements=normalize_multiline(achievements),
        youth_union_roles=normalize_multiline(youth_union_roles),
        results=normalize(results),
        reason=normalize_multiline(reason),
        status=Nomination.Status.PENDING if waiting else Nomination.Status.ACCEPTED,
        decided_at=None if waiting else timezone.now(),
    )
    _refresh_flags(candidate, rule_settings(student.branch))
    record_event(
        branch=student.branch,
        actor=author,
        kind="nominated",
        summary=f"{summary}: {nomination.get_kind_display()}",
        candidate=candidate,
        student=student,
    )
    return candidate


def _require_stage(candidate, stage):
    if candidate.stage != stage:
        raise DomainError(
            _("This candidate is now at the stage “%(stage)s”; the step was not recorded.")
            % {"stage": candidate.get_stage_display()}
        )


@transaction.atomic
def candidate_accept(*, candidate, actor, version, on=None):
    """The committee accepts a nominated student into the source list (quần chúng ưu tú)."""
    _require_stage(candidate, Candidate.Stage.NOMINATED)
    bump_version(candidate, version)
    candidate.stage = Candidate.Stage.SOURCE
    candidate.source_since = on or today()
    candidate.save(update_fields=["stage", "source_since"])
    candidate.nominations.filter(status=Nomination.Status.PENDING).update(
        status=Nomination.Status.ACCEPTED, decided_by=actor, decided_at=timezone.now()
    )
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="accepted",
        summary=_("Accepted into the source list on %(date)s")
        % {"date": candidate.source_since.strftime("%d/%m/%Y")},
        candidate=candidate,
    )
    return candidate


@transaction.atomic
def candidate_decline(*, candidate, actor, reason, version):
    """The committee declines a nomination with a reason that the nominators see."""
    reason = normalize_multiline(reason)
    if not reason:
        raise DomainError(_("Write the reason for declining: the nominators will read it."))
    _require_stage(candidate, Candidate.Stage.NOMINATED)
    bump_version(candidate, version)
    candidate.stage = Candidate.Stage.DECLINED
    candidate.closed_on = today()
    candidate.close_reason = reason
    candidate.save(update_fields=["stage", "closed_on", "close_reason"])
    candidate.nominations.filter(status=Nomination.Status.PENDING).update(
        status=Nomination.Status.DECLINED,
        decided_by=actor,
        decided_at=timezone.now(),
        decline_reason=reason,
    )
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="declined",
        summary=_("Nomination declined"),
        reason=reason,
        candidate=candidate,
    )
    return candidate


@transaction.atomic
def candidate_plan_vote(*, candidate, actor, planned_vote_on, version):
    """Set the date the branch plans to meet on this candidate (R2 warns against it)."""
    if not candidate.is_open:
        raise DomainError(_("This candidacy is closed; nothing was changed."))
    bump_version(candidate, version)
    before = {"planned_vote_on": candidate.planned_vote_on}
    candidate.planned_vote_on = planned_vote_on
    candidate.save(update_fields=["planned_vote_on"])
    _refresh_flags(candidate, rule_settings(candidate.branch))
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="planned_vote",
        summary=_("Planned branch meeting changed"),
        changes=field_changes(before, candidate, ["planned_vote_on"]),
        candidate=candidate,
    )
    return candidate


# --- classes, students and Party members: added and edited by hand ------------------------

CLASS_FIELDS = ("name", "school_year", "grade", "homeroom_teacher")
STUDENT_FIELDS = (
    "student_code",
    "full_name",
    "date_of_birth",
    "gender",
    "school_class",
    "place_of_birth",
    "hometown",
    "residence",
    "youth_union_joined_on",
    "youth_union_position",
    "study_result",
    "conduct_result",
    "ethnicity",
    "religion",
    "national_id",
    "family_background",
)
PARTY_MEMBER_FIELDS = (
    "full_name",
    "date_of_birth",
    "hometown",
    "position",
    "joined_on",
    "official_on",
    "started_at_school_on",
    "left_on",
    "user",
)
GRADES = (10, 11, 12)
# Keys that save() derives from full_name; full_clean() would call them blank before that.
_DERIVED_FIELDS = ("search_name", "sort_name")


def validate_school_year(value):
    """A school year is written as two consecutive years: "2025-2026"."""
    first, dash, second = (value or "").partition("-")
    digits = all(len(year) == 4 and year.isascii() and year.isdigit() for year in (first, second))
    if not (dash and digits and int(second) == int(first) + 1):
        raise ValidationError(
            _("Write the school year as two consecutive years, e.g. 2025-2026."),
            code="school_year",
        )


def homeroom_teachers(branch):
    """The users who hold the homeroom-teacher role in the branch."""
    teachers = Membership.objects.filter(branch=branch, role=Membership.Role.HOMEROOM)
    return branch_users(branch).filter(pk__in=teachers.values("user"))


def branch_users(branch):
    """The users who hold any role in the branch."""
    members = Membership.objects.filter(branch=branch)
    return get_user_model().objects.filter(pk__in=members.values("user")).order_by("full_name")


def _assign(instance, data, fields):
    unknown = set(data) - set(fields)
    if unknown:
        raise TypeError(f"not fields of {type(instance).__name__}: {sorted(unknown)}")
    for name, value in data.items():
        setattr(instance, name, value)
    # As save() will store them, so that lengths and uniqueness are checked on the stored text.
    for field in instance._meta.fields:
        if field.get_internal_type() == "CharField" and field.editable and not field.choices:
            setattr(instance, field.attname, normalize(getattr(instance, field.attname)))


def _validate(instance, own_errors, exclude=()):
    """full_clean() and the service's own checks, reported together as one ValidationError."""
    errors = {}
    try:
        # The unique constraints are checked by the own checks, with clearer messages.
        instance.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as error:
        errors = error.message_dict
    for name, message in own_errors.items():
        errors.setdefault(name, []).append(message)
    if errors:
        raise ValidationError(errors)


def _snapshot(instance, fields):
    return {name: getattr(instance, name) for name in fields}


def _reload_locked(instance):
    """The stored row, locked until the end of the transaction, so `before` is what was saved."""
    instance.refresh_from_db(from_queryset=type(instance).objects.select_for_update())


def _class_errors(school_class):
    errors = {}
    if school_class.grade is not None and school_class.grade not in GRADES:
        errors["grade"] = _("The grade is 10, 11 or 12.")
    try:
        validate_school_year(school_class.school_year)
    except ValidationError as error:
        errors["school_year"] = error.messages[0]
    teacher_id = school_class.homeroom_teacher_id
    if teacher_id and not homeroom_teachers(school_class.branch).filter(pk=teacher_id).exists():
        errors["homeroom_teacher"] = _("Choose a homeroom teacher of this branch.")
    same = SchoolClass.objects.filter(
        branch=school_class.branch, school_year=school_class.school_year, name=school_class.name
    )
    if school_class.name and same.exclude(pk=school_class.pk).exists():
        errors["name"] = _(
            "The branch already has a class %(name)s in the school year %(year)s."
        ) % {"name": school_class.name, "year": school_class.school_year}
    return errors


def _assign_class(school_class, data):
    _assign(school_class, data, CLASS_FIELDS)
    # As save() stores it: "12a1" and "12A1" are the same class.
    school_class.name = school_class.name.upper()


@transaction.atomic
def class_create(*, branch, actor, data):
    """Add a class of one school year to the branch."""
    school_class = SchoolClass(branch=branch)
    _assign_class(school_class, data)
    _validate(school_class, _class_errors(school_class))
    school_class.save()
    record_event(
        branch=branch,
        actor=actor,
        kind="class_created",
        summary=_("Class %(name)s added") % {"name": school_class},
        changes=field_changes({}, school_class, CLASS_FIELDS),
    )
    return school_class


@transaction.atomic
def class_update(*, school_class, actor, data):
    """Change a class: its name, school year, grade or homeroom teacher."""
    _reload_locked(school_class)
    before = _snapshot(school_class, CLASS_FIELDS)
    _assign_class(school_class, data)
    _validate(school_class, _class_errors(school_class))
    school_class.save()
    changes = field_changes(before, school_class, CLASS_FIELDS)
    if changes:
        record_event(
            branch=school_class.branch,
            actor=actor,
            kind="class_changed",
            summary=_("Class %(name)s changed") % {"name": school_class},
            changes=changes,
        )
    return school_class


def _student_errors(student):
    errors = {}
    if student.school_class_id and student.school_class.branch_id != student.branch_id:
        errors["school_class"] = _("Choose a class of this branch.")
    same = Student.objects.filter(branch_id=student.branch_id, student_code=student.student_code)
    if student.student_code and same.exclude(pk=student.pk).exists():
        errors["student_code"] = _(
            "Another student of the branch already has the student code %(code)s."
        ) % {"code": student.student_code}
    return errors


@transaction.atomic
def student_create(*, branch, actor, data):
    """Add a student to the branch by hand (the roster import has its own service)."""
    student = Student(branch=branch)
    _assign(student, data, STUDENT_FIELDS)
    _validate(student, _student_errors(student), exclude=_DERIVED_FIELDS)
    student.save()
    record_event(
        branch=branch,
        actor=actor,
        kind="student_created",
        summary=_("Student %(name)s added") % {"name": student.full_name},
        changes=field_changes({}, student, STUDENT_FIELDS),
        student=student,
    )
    return student


@transaction.atomic
def student_update(*, student, actor, data, version):
    """Change a student's facts; refused (ConflictError) if someone saved since `version`."""
    bump_version(student, version)
    _reload_locked(student)
    before = _snapshot(student, STUDENT_FIELDS)
    _assign(student, data, STUDENT_FIELDS)
    _validate(student, _student_errors(student), exclude=_DERIVED_FIELDS)
    student.save()
    changes = field_changes(before, student, STUDENT_FIELDS)
    if changes:
        record_event(
            branch=student.branch,
            actor=actor,
            kind="student_changed",
            summary=_("Student %(name)s changed") % {"name": student.full_name},
            changes=changes,
            student=student,
        )
        candidates_refresh_flags(student=student)
    return student


def _party_member_errors(member):
    errors = {}
    if member.joined_on and member.official_on and member.official_on < member.joined_on:
        errors["official_on"] = _("A member becomes official after joining the Party, not before.")
    if member.joined_on and member.left_on and member.left_on < member.joined_on:
        errors["left_on"] = _("The member cannot leave the branch before joining the Party.")
    if member.user_id:
        linked = PartyMember.objects.filter(branch=member.branch, user_id=member.user_id)
        if not branch_users(member.branch).filter(pk=member.user_id).exists():
            errors["user"] = _("Choose a user account of this branch.")
        elif linked.exclude(pk=member.pk).exists():
            errors["user"] = _("This account is already linked to another Party member.")
    return errors


@transaction.atomic
def party_member_create(*, branch, actor, data):
    """Add a Party member of the branch (a mentor or introducer of the pipeline)."""
    member = PartyMember(branch=branch)
    _assign(member, data, PARTY_MEMBER_FIELDS)
    _validate(member, _party_member_errors(member), exclude=_DERIVED_FIELDS)
    member.save()
    record_event(
        branch=branch,
        actor=actor,
        kind="party_member_created",
        summary=_("Party member %(name)s added") % {"name": member.full_name},
        changes=field_changes({}, member, PARTY_MEMBER_FIELDS),
        party_member=member,
    )
    return member


@transaction.atomic
def party_member_update(*, member, actor, data):
    """Change a Party member's record: dates of joining, becoming official, leaving; account."""
    _reload_locked(member)
    before = _snapshot(member, PARTY_MEMBER_FIELDS)
    _assign(member, data, PARTY_MEMBER_FIELDS)
    _validate(member, _party_member_errors(member), exclude=_DERIVED_FIELDS)
    member.save()
    changes = field_changes(before, member, PARTY_MEMBER_FIELDS)
    if changes:
        record_event(
            branch=member.branch,
            actor=actor,
            kind="party_member_changed",
            summary=_("Party member %(name)s changed") % {"name": member.full_name},
            changes=changes,
            party_member=member,
        )
    return member


# --- the admission pipeline -----------------------------------------------------------------
#
# Each step: check the structure (what must come before), the rules (blocks can be forced by
# the secretary with a written reason), write the step, derive the stage from what is recorded,
# raise the version, record an event. Stage is never set by hand: see derive_stage.

Stage = Candidate.Stage
PIPELINE_ORDER = [
    Stage.NOMINATED,
    Stage.SOURCE,
    Stage.AWARENESS,
    Stage.MENTORED,
    Stage.DOSSIER,
    Stage.RESOLVED,
    Stage.DECIDED,
    Stage.PROBATIONARY,
    Stage.OFFICIAL,
]
RECEIVED = (DossierItem.Status.RECEIVED, DossierItem.Status.VERIFIED)
CERTIFICATE = dossier.CERTIFICATE


def derive_stage(candidate) -> str:
    """The stage the recorded steps put a candidate at (the furthest step recorded)."""
    if candidate.exit_kind:
        return Stage.EXITED
    if hasattr_row(candidate, "recognition"):
        return Stage.OFFICIAL
    if candidate.closed_on is not None:
        return Stage.DECLINED
    steps = [
        (Stage.PROBATIONARY, hasattr_row(candidate, "ceremony")),
        (Stage.DECIDED, hasattr_row(candidate, "decision")),
        (
            Stage.RESOLVED,
            candidate.votes.filter(
                passed=True, meeting__purpose=BranchMeeting.Purpose.ADMISSION
            ).exists(),
        ),
        # The certificate is filed with the dossier but belongs to the awareness class.
        (
            Stage.DOSSIER,
            candidate.dossier.filter(status__in=RECEIVED).exclude(code=CERTIFICATE).exists(),
        ),
        (
            Stage.MENTORED,
            candidate.mentors.filter(period=MentorAssignment.Period.ADMISSION).exists(),
        ),
        (Stage.AWARENESS, candidate.attendances.exists()),
        (Stage.SOURCE, candidate.source_since is not None),
    ]
    return next((stage for stage, done in steps if done), Stage.NOMINATED)


def hasattr_row(candidate, name) -> bool:
    """Whether a one-to-one step (decision, ceremony, recognition) has been recorded."""
    model = Candidate._meta.get_field(name).related_model
    return model.objects.filter(candidate=candidate).exists()


def _at_least(candidate, stage):
    return PIPELINE_ORDER.index(candidate.stage) >= PIPELINE_ORDER.index(stage)


def _require_open_from(candidate, stage):
    """Structural order, which no override lifts: the candidacy is open and past `stage`."""
    if not candidate.is_open or candidate.stage not in PIPELINE_ORDER:
        raise DomainError(_("This candidacy is closed; nothing was changed."))
    if not _at_least(candidate, stage):
        raise DomainError(
            _("This step needs the stage “%(needed)s” first; the candidate is at “%(stage)s”.")
            % {"needed": stage.label, "stage": candidate.get_stage_display()}
        )


def _require_before(candidate, stage):
    """Steps of the preparation are closed once the branch has voted."""
    if _at_least(candidate, stage):
        raise DomainError(
            _("This step belongs before the stage “%(stage)s”, which the candidate has reached.")
            % {"stage": stage.label}
        )


def _check_blocks(findings, *, actor, candidate, force_reason):
    """Refuse when a rule blocks, unless the secretary forces it with a written reason."""
    blocks = [f for f in findings if f.blocks]
    if not blocks:
        return []
    force_reason = normalize_multiline(force_reason)
    if not force_reason:
        raise DomainError(
            _("Blocked by the rules: %(findings)s")
            % {"findings": "; ".join(f"{f.message} ({f.code})" for f in blocks)},
            blocks,
        )
    is_secretary = Membership.objects.filter(
        user=actor, branch=candidate.branch, role=Membership.Role.SECRETARY
    ).exists()
    if not is_secretary:
        raise DomainError(_("Only the branch secretary may force a step that the rules block."))
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="override",
        summary=_("Rules overridden: %(codes)s") % {"codes": ", ".join(f.code for f in blocks)},
        reason=force_reason,
        candidate=candidate,
    )
    return blocks


def _finish_step(candidate, *, actor, kind, summary, version=None, **event):
    """Derive the stage, raise the version (checking it when given), record the event."""
    if version is None:
        Candidate.objects.filter(pk=candidate.pk).update(version=F("version") + 1)
        candidate.version += 1
    else:
        bump_version(candidate, version)
    candidate.stage = derive_stage(candidate)
    Candidate.objects.filter(pk=candidate.pk).update(stage=candidate.stage)
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind=kind,
        summary=summary,
        candidate=candidate,
        **event,
    )
    return candidate


def _locked(candidate):
    """Re-read the candidate inside the transaction, locked against concurrent steps."""
    fresh = Candidate.objects.select_for_update().select_related("student__school_class")
    return fresh.get(pk=candidate.pk)


# Awareness class --------------------------------------------------------------------------


@transaction.atomic
def course_register(*, course, candidates, actor, on):
    """Register a group of candidates from the source list for an awareness course."""
    registered = []
    for candidate in candidates:
        candidate = _locked(candidate)
        _require_open_from(candidate, Stage.SOURCE)
        _require_before(candidate, Stage.RESOLVED)
        if candidate.attendances.filter(course=course).exists():
            continue
        CourseAttendance.objects.create(course=course, candidate=candidate, registered_on=on)
        registered.append(
            _finish_step(
                candidate,
                actor=actor,
                kind="course_registered",
                summary=_("Registered for the awareness class %(course)s") % {"course": course},
            )
        )
    return registered


@transaction.atomic
def course_certify(*, attendance, actor, number, issued_on, issuer):
    """Record the certificate of one attendee (done for a batch, one row at a time)."""
    candidate = _locked(attendance.candidate)
    _require_open_from(candidate, Stage.SOURCE)
    _require_before(candidate, Stage.RESOLVED)
    number, issuer = normalize(number), normalize(issuer)
    if not number or issued_on is None:
        raise DomainError(_("Enter the certificate's number and date."))
    if issued_on < attendance.course.starts_on:
        raise DomainError(_("The certificate cannot be dated before the course starts."))
    before = _snapshot(attendance, CERTIFICATE_FIELDS)
    attendance.certificate_number = number
    attendance.certificate_issued_on = issued_on
    attendance.certificate_issuer = issuer or attendance.course.organiser
    attendance.save()
    DossierItem.objects.update_or_create(
        candidate=candidate,
        code=CERTIFICATE,
        defaults={
            "status": DossierItem.Status.RECEIVED,
            "dated_on": issued_on,
            "recorded_by": actor,
            "form_version": dossier.CURRENT.version,
        },
    )
    return _finish_step(
        candidate,
        actor=actor,
        kind="certificate",
        summary=_("Awareness class certificate no. %(number)s") % {"number": number},
        changes=field_changes(before, attendance, CERTIFICATE_FIELDS),
    )


CERTIFICATE_FIELDS = ["certificate_number", "certificate_issued_on", "certificate_issuer"]


# Mentors, introductions, the Youth Union's resolution ----------------------------------------


def _member_findings(member, on):
    return rules.check_r6_official_member(member.full_name, member.official_on, on)


@transaction.atomic
def candidate_assign_mentor(
    *, candidate, actor, version, member, assigned_on, reference="", force_reason=""
):
    """The branch assigns an official member to help the candidate (R6): before the vote,
    or on probation once admitted."""
    candidate = _locked(candidate)
    _require_open_from(candidate, Stage.SOURCE)
    period = MentorAssignment.Period.ADMISSION
    if candidate.stage == Stage.PROBATIONARY:
        period = MentorAssignment.Period.PROBATION
    else:
        _require_before(candidate, Stage.RESOLVED)
    if member.branch_id != candidate.branch_id:
        raise DomainError(_("Choose a Party member of this branch."))
    active = candidate.mentors.filter(ended_on__isnull=True, period=period)
    if active.count() >= 2:
        raise DomainError(_("A candidate has at most two mentors; end one assignment first."))
    _check_blocks(
        _member_findings(member, assigned_on),
        actor=actor,
        candidate=candidate,
        force_reason=force_reason,
    )
    MentorAssignment.objects.create(
        candidate=candidate,
        member=member,
        period=period,
        assigned_on=assigned_on,
        reference=normalize(reference),
    )
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="mentor",
        summary=_("Mentor assigned: %(name)s") % {"name": member.full_name},
    )


ASSESSMENT_FIELDS = ("political", "ethics", "ability", "relations")


def _assessment(data):
    return {name: normalize_multiline(data.get(name, "")) for name in ASSESSMENT_FIELDS}


@transaction.atomic
def mentor_assignment_end(*, assignment, actor, version, on):
    """End a mentor's assignment (to replace them, or when the step it served is over)."""
    candidate = _locked(assignment.candidate)
    assignment = MentorAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.ended_on is not None:
        raise DomainError(_("This assignment has already ended."))
    if on < assignment.assigned_on:
        raise DomainError(_("An assignment cannot end before it starts."))
    assignment.ended_on = on
    assignment.save(update_fields=["ended_on"])
    bump_version(candidate, version)
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="mentor_ended",
        summary=_("Mentor %(name)s no longer assigned from %(date)s")
        % {"name": assignment.member.full_name, "date": on.strftime("%d/%m/%Y")},
        candidate=candidate,
    )
    return assignment


@transaction.atomic
def mentor_review_write(*, assignment, author, written_on, summary, duties="", **assessment):
    """A mentor writes a periodic review of their mentee, from their own login."""
    if assignment.member.user_id != author.pk:
        raise DomainError(_("Only the assigned mentor writes this review."))
    if assignment.ended_on is not None:
        raise DomainError(_("This assignment has ended; the review was not saved."))
    if written_on < assignment.assigned_on:
        raise DomainError(_("A review cannot be dated before the assignment."))
    summary = normalize_multiline(summary)
    if not summary:
        raise DomainError(_("Write the review."))
    review = MentorReview.objects.create(
        assignment=assignment,
        written_on=written_on,
        summary=summary,
        duties=normalize_multiline(duties),
        **_assessment(assessment),
    )
    candidate = assignment.candidate
    record_event(
        branch=candidate.branch,
        actor=author,
        kind="mentor_review",
        summary=_("Mentor's review of %(date)s") % {"date": written_on.strftime("%d/%m/%Y")},
        candidate=candidate,
    )
    return review


def entered_school(student) -> date:
    """When the student came to the school: as recorded, else the start of their grade 10."""
    if student.entered_school_on:
        return student.entered_school_on
    start_year = int(student.school_class.school_year[:4]) - (student.school_class.grade - 10)
    return date(start_year, 9, 5)


def introducer_findings(candidate, member, introduced_on, is_replacement, settings):
    """R6 and R7 for one introducer."""
    return [
        *_member_findings(member, introduced_on),
        *rules.check_r7_introducer_time(
            member.started_at_school_on,
            entered_school(candidate.student),
            introduced_on,
            is_replacement,
            settings,
        ),
    ]


@transaction.atomic
def candidate_introduce(
    *,
    candidate,
    actor,
    version,
    member,
    introduced_on,
    is_replacement=False,
    points_to_note="",
    force_reason="",
    **assessment,
):
    """An official member introduces the candidate (3-KNĐ; R6, R7)."""
    candidate = _locked(candidate)
    _require_open_from(candidate, Stage.SOURCE)
    _require_before(candidate, Stage.RESOLVED)
    if member.branch_id != candidate.branch_id:
        raise DomainError(_("Choose a Party member of this branch."))
    if candidate.introductions.filter(member=member).exists():
        raise DomainError(_("This member has already introduced the candidate."))
    settings = rule_settings(candidate.branch)
    findings = introducer_findings(candidate, member, introduced_on, is_replacement, settings)
    _check_blocks(findings, actor=actor, candidate=candidate, force_reason=force_reason)
    Introduction.objects.create(
        candidate=candidate,
        member=member,
        introduced_on=introduced_on,
        is_replacement=is_replacement,
        points_to_note=normalize_multiline(points_to_note),
        **_assessment(assessment),
    )
    _dossier_received(candidate, "3-KNĐ", introduced_on, actor)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="introduction",
        summary=_("Introduced by %(name)s") % {"name": member.full_name},
    )


@transaction.atomic
def youth_resolution_record(
    *,
    candidate,
    actor,
    version,
    number,
    adopted_on,
    committee_members,
    present,
    votes_for,
    **assessment,
):
    """The Youth Union committee's resolution introducing its member (4-KNĐ)."""
    candidate = _locked(candidate)
    _require_open_from(candidate, Stage.SOURCE)
    _require_before(candidate, Stage.RESOLVED)
    if not (0 < present <= committee_members and votes_for <= present):
        raise DomainError(
            _("Check the numbers: votes for ≤ present ≤ members of the committee, and more than 0.")
        )
    YouthUnionResolution.objects.create(
        candidate=candidate,
        number=normalize(number),
        adopted_on=adopted_on,
        committee_members=committee_members,
        present=present,
        votes_for=votes_for,
        recorded_by=actor,
        **_assessment(assessment),
    )
    _dossier_received(candidate, "4-KNĐ", adopted_on, actor)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="youth_resolution",
        summary=_("Youth Union resolution %(number)s") % {"number": normalize(number)},
    )


# The dossier -------------------------------------------------------------------------------

SCAN_TYPES = {".pdf", ".jpg", ".jpeg", ".png"}
SCAN_MAX_BYTES = 10 * 1024 * 1024


def _dossier_received(candidate, code, dated_on, actor):
    DossierItem.objects.update_or_create(
        candidate=candidate,
        code=code,
        defaults={
            "status": DossierItem.Status.RECEIVED,
            "dated_on": dated_on,
            "recorded_by": actor,
            "form_version": dossier.CURRENT.version,
        },
    )


def check_scan(scan):
    """A scan is a PDF or an image, by extension and by its first bytes, and not too large."""
    import os

    extension = os.path.splitext(scan.name)[1].lower()
    head = scan.read(8)
    scan.seek(0)
    looks_right = head.startswith((b"%PDF", b"\xff\xd8\xff", b"\x89PNG"))
    if extension not in SCAN_TYPES or not looks_right:
        raise DomainError(_("A scan must be a PDF, JPEG or PNG file."))
    if scan.size > SCAN_MAX_BYTES:
        raise DomainError(_("A scan may be at most 10 MB."))


@transaction.atomic
def dossier_item_set(*, candidate, actor, version, code, status, dated_on=None, note="", scan=None):
    """Record one paper of the checklist: its status, date, who and an optional scan."""
    candidate = _locked(candidate)
    _require_open_from(candidate, Stage.SOURCE)
    form = dossier.CURRENT.get(code)
    if form is None:
        raise DomainError(_("Unknown form %(code)s.") % {"code": code})
    if status in RECEIVED and dated_on is None:
        raise DomainError(_("Enter the date of the paper."))
    if scan:
        check_scan(scan)
    item, _created = DossierItem.objects.get_or_create(
        candidate=candidate, code=code, defaults={"form_version": dossier.CURRENT.version}
    )
    before = _snapshot(item, ["status", "dated_on", "note"])
    item.status, item.dated_on, item.note = status, dated_on, normalize(note)
    item.recorded_by = actor
    if scan:
        item.scan.save(scan.name, scan, save=False)
    item.save()
    changes = field_changes(before, item, ["status", "dated_on", "note"])
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="dossier",
        summary=_("Dossier: %(code)s %(status)s")
        % {"code": code, "status": item.get_status_display()},
        changes=changes,
    )


# The branch meeting --------------------------------------------------------------------------


def roster_counts(branch, on) -> tuple[int, int]:
    """(official, probationary) members of the branch on a date, from its roster (R12)."""
    members = PartyMember.objects.filter(branch=branch, joined_on__lte=on).exclude(left_on__lte=on)
    official = members.filter(official_on__lte=on).count()
    return official, members.count() - official


def _paper_date(candidate, code):
    item = next((i for i in candidate.dossier.all() if i.code == code), None)
    return item.dated_on if item and item.status in RECEIVED else None


def vote_findings(candidate, on, settings) -> list[rules.Finding]:
    """What the rules say about voting on this candidate's admission on date `on`."""
    student = candidate.student
    certificates = [a.certificate_issued_on for a in candidate.attendances.all()]
    certificate = max((d for d in certificates if d), default=None)
    introducers = list(candidate.introductions.all())  # prefetched by the meeting page
    official_introducers = sum(
        1 for i in introducers if i.member.official_on and i.member.official_on <= i.introduced_on
    )
    verified = next(
        (
            i.dated_on
            for i in candidate.dossier.all()
            if i.code == "2-KNĐ" and i.status == DossierItem.Status.VERIFIED
        ),
        None,
    )
    missing = [
        code
        for code in dossier.required_before_vote(dossier.CURRENT, student.is_youth_union_member)
        if _paper_date(candidate, code) is None
    ]
    found = [
        *rules.check_r1_age(student.date_of_birth, on),
        *rules.check_r3_youth_union(student.is_youth_union_member, student.youth_union_joined_on),
        *rules.check_r4_r5_certificate(certificate, on, settings),
        *rules.check_r8_introductions(
            student.is_youth_union_member,
            candidate.youth_resolutions.exists(),
            official_introducers,
        ),
        *rules.check_r9_history_verified(verified),
        *rules.check_r10_comments(
            _paper_date(candidate, "5C-KNĐ"), _paper_date(candidate, "5B-KNĐ")
        ),
        *rules.check_r11_freshness(
            {code: _paper_date(candidate, code) for code in dossier.FRESH_PAPERS}, on, settings
        ),
    ]
    if missing:
        found.append(
            rules.Finding(
                "HS",
                rules.BLOCK,
                _("The dossier lacks: %(codes)s") % {"codes": ", ".join(missing)},
                _("Record the missing papers in the dossier checklist"),
            )
        )
    return found


MEETING_FIELDS = (
    "place",
    "starts_at",
    "ends_at",
    "chair",
    "minutes_taker",
    "method",
    "present_official",
    "present_probationary",
    "absences",
    "resolution_number",
)


@transaction.atomic
def meeting_record(*, branch, actor, purpose, held_on, votes, force_reason="", **details):
    """One branch meeting voting on several candidates (6-KNĐ or 13-KNĐ), in one form.

    `votes` is a list of dicts: candidate, votes_for, votes_against, against_reasons,
    typed_official_members (optional) and the four assessment headings. The number of
    official members comes from the roster on `held_on` (R12); a typed number that disagrees
    is a warning. A vote below two thirds is recorded as failed, not refused.
    """
    official, probationary = roster_counts(branch, held_on)
    present = (details.get("present_official") or 0, details.get("present_probationary") or 0)
    if present[0] > official or present[1] > probationary:
        raise DomainError(
            _(
                "More members present than the roster holds on %(date)s (%(official)s official, "
                "%(probationary)s probationary)."
            )
            % {
                "date": held_on.strftime("%d/%m/%Y"),
                "official": official,
                "probationary": probationary,
            }
        )
    if not votes:
        raise DomainError(_("Choose at least one candidate for this meeting."))
    for role in ("chair", "minutes_taker"):
        member = details.get(role)
        on_roster = member is not None and member.joined_on <= held_on
        if member is not None and not (
            on_roster and (member.left_on is None or member.left_on > held_on)
        ):
            raise DomainError(
                _("%(name)s was not a member of the branch on %(date)s.")
                % {"name": member.full_name, "date": held_on.strftime("%d/%m/%Y")}
            )
    settings = rule_settings(branch)
    checked = []
    for vote in votes:
        candidate = _locked(vote["candidate"])
        if candidate.branch_id != branch.pk:
            raise DomainError(_("A candidate of another branch cannot be voted on here."))
        if vote["votes_for"] + vote.get("votes_against", 0) > present[0]:
            raise DomainError(
                _("%(name)s: more votes than official members present.") % {"name": candidate}
            )
        if purpose == BranchMeeting.Purpose.ADMISSION:
            _require_open_from(candidate, Stage.SOURCE)
            if _at_least(candidate, Stage.RESOLVED):
                raise DomainError(_("%(name)s has already been voted on.") % {"name": candidate})
            findings = vote_findings(candidate, held_on, settings)
        else:
            _require_open_from(candidate, Stage.PROBATIONARY)
            findings = rules.check_r16_recognition(candidate.ceremony.held_on, held_on, settings)
        findings += rules.check_r12_votes(0, official, vote.get("typed_official_members"))
        findings = [f for f in findings if not (f.code == "R12" and f.blocks)]
        checked.append((candidate, vote, findings))
    blocked = [(c, [f for f in found if f.blocks]) for c, _v, found in checked]
    blocked = [(c, blocks) for c, blocks in blocked if blocks]
    if blocked and not normalize_multiline(force_reason):
        raise DomainError(
            _("Blocked by the rules: %(findings)s")
            % {
                "findings": "; ".join(
                    f"{c}: {f.message} ({f.code})" for c, blocks in blocked for f in blocks
                )
            },
            [f for _c, blocks in blocked for f in blocks],
        )
    for candidate, blocks in blocked:
        # The override is kept on the page of each candidate the rules block.
        _check_blocks(blocks, actor=actor, candidate=candidate, force_reason=force_reason)
    meeting = BranchMeeting.objects.create(
        branch=branch,
        purpose=purpose,
        held_on=held_on,
        official_members=official,
        probationary_members=probationary,
        recorded_by=actor,
        **{k: v for k, v in details.items() if k in MEETING_FIELDS},
    )
    for candidate, vote, _found in checked:
        passed = rules.two_thirds(vote["votes_for"], official) if official else False
        MeetingVote.objects.create(
            meeting=meeting,
            candidate=candidate,
            votes_for=vote["votes_for"],
            votes_against=vote.get("votes_against", 0),
            against_reasons=normalize_multiline(vote.get("against_reasons", "")),
            typed_official_members=vote.get("typed_official_members"),
            passed=passed,
            **_assessment(vote),
        )
        share = rules.share_percent(vote["votes_for"], official)
        summary = (
            _(
                "Branch meeting of %(date)s: %(for)s of %(official)s official members for "
                "(%(share)s%%) — passed"
            )
            if passed
            else _(
                "Branch meeting of %(date)s: %(for)s of %(official)s official members for "
                "(%(share)s%%) — below two thirds, not passed"
            )
        ) % {
            "date": held_on.strftime("%d/%m/%Y"),
            "for": vote["votes_for"],
            "official": official,
            "share": share,
        }
        if purpose == BranchMeeting.Purpose.RECOGNITION and passed:
            _recognise(candidate, actor, held_on, details.get("resolution_number", ""))
        elif passed:
            _dossier_received(candidate, "6-KNĐ", held_on, actor)
        _finish_step(candidate, actor=actor, kind="vote", summary=summary)
    return meeting


def failed_votes(candidate) -> int:
    return candidate.votes.filter(
        passed=False, meeting__purpose=BranchMeeting.Purpose.ADMISSION
    ).count()


# Between the branch and the ceremony ----------------------------------------------------------


@transaction.atomic
def intermediate_record(
    *,
    candidate,
    actor,
    version,
    committee_name,
    adopted_on,
    members,
    votes_for,
    number="",
    force_reason="",
):
    """A committee between the branch and the decider adopts its resolution (R13)."""
    candidate = _locked(candidate)
    _require_open_from(candidate, Stage.RESOLVED)
    findings = rules.check_r13_intermediate(votes_for, members)
    _check_blocks(findings, actor=actor, candidate=candidate, force_reason=force_reason)
    IntermediateResolution.objects.create(
        candidate=candidate,
        committee_name=normalize(committee_name),
        number=normalize(number),
        adopted_on=adopted_on,
        members=members,
        votes_for=votes_for,
    )
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="intermediate",
        summary=_("Resolution of %(committee)s") % {"committee": normalize(committee_name)},
    )


def admission_resolution_date(candidate):
    vote = (
        candidate.votes.filter(passed=True, meeting__purpose=BranchMeeting.Purpose.ADMISSION)
        .select_related("meeting")
        .first()
    )
    return vote.meeting.held_on if vote else None


@transaction.atomic
def decision_record(
    *, candidate, actor, version, number, issued_on, received_on, issuer, signer=""
):
    """The competent committee's admission decision (9-KNĐ), as received (R14 warns)."""
    candidate = _locked(candidate)
    _require_open_from(candidate, Stage.RESOLVED)
    if _at_least(candidate, Stage.DECIDED):
        raise DomainError(_("The decision is already recorded."))
    resolved_on = admission_resolution_date(candidate)
    if issued_on < resolved_on or received_on < issued_on:
        raise DomainError(
            _("Check the dates: the branch resolution, then the decision, then its receipt.")
        )
    Decision.objects.create(
        candidate=candidate,
        number=normalize(number),
        issued_on=issued_on,
        received_on=received_on,
        issuer=normalize(issuer),
        signer=normalize(signer),
    )
    _dossier_received(candidate, "9-KNĐ", issued_on, actor)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="decision",
        summary=_("Admission decision %(number)s of %(date)s")
        % {"number": normalize(number), "date": issued_on.strftime("%d/%m/%Y")},
    )


@transaction.atomic
def ceremony_record(
    *, candidate, actor, version, held_on, place="", consent_reference="", force_reason=""
):
    """The admission ceremony: the candidate becomes a probationary member (R15)."""
    candidate = _locked(candidate)
    _require_open_from(candidate, Stage.DECIDED)
    if _at_least(candidate, Stage.PROBATIONARY):
        raise DomainError(_("The ceremony is already recorded."))
    decision = candidate.decision
    if held_on < decision.received_on:
        raise DomainError(_("The ceremony cannot come before the decision is received."))
    settings = rule_settings(candidate.branch)
    findings = rules.check_r15_ceremony(
        decision.received_on, held_on, normalize(consent_reference), held_on, settings
    )
    _check_blocks(findings, actor=actor, candidate=candidate, force_reason=force_reason)
    student = candidate.student
    member = PartyMember.objects.create(
        branch=candidate.branch,
        full_name=student.full_name,
        date_of_birth=student.date_of_birth,
        hometown=student.hometown,
        position=_("Student, class %(name)s") % {"name": student.school_class.name},
        joined_on=held_on,
        started_at_school_on=entered_school(student),
    )
    Ceremony.objects.create(
        candidate=candidate,
        held_on=held_on,
        place=normalize(place),
        consent_reference=normalize(consent_reference),
        member=member,
    )
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="ceremony",
        summary=_("Admitted at the ceremony of %(date)s; probation until %(end)s")
        % {
            "date": held_on.strftime("%d/%m/%Y"),
            "end": rules.official_date(held_on, settings).strftime("%d/%m/%Y"),
        },
    )


def _recognise(candidate, actor, resolution_on, resolution_number):
    settings = rule_settings(candidate.branch)
    ceremony = candidate.ceremony
    official_on = rules.official_date(ceremony.held_on, settings)
    Recognition.objects.create(
        candidate=candidate,
        resolution_on=resolution_on,
        resolution_number=normalize(resolution_number),
        official_on=official_on,
    )
    PartyMember.objects.filter(pk=ceremony.member_id).update(official_on=official_on)
    candidate.closed_on = resolution_on
    Candidate.objects.filter(pk=candidate.pk).update(closed_on=resolution_on)


@transaction.atomic
def recognition_decision_record(*, candidate, actor, version, decision_number, decision_on):
    """The superior's decision recognising the member as official (after the branch's vote)."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.stage != Stage.OFFICIAL:
        raise DomainError(_("The branch has not yet voted to recognise this member."))
    recognition = candidate.recognition
    recognition.decision_number = normalize(decision_number)
    recognition.decision_on = decision_on
    recognition.save()
    bump_version(candidate, version)
    record_event(
        branch=candidate.branch,
        actor=actor,
        kind="recognition_decision",
        summary=_("Recognition decision %(number)s") % {"number": recognition.decision_number},
        candidate=candidate,
    )
    return candidate


# Leaving the pipeline ------------------------------------------------------------------------


@transaction.atomic
def candidate_exit(*, candidate, actor, version, kind, on, reason):
    """End a candidacy at any stage with a reason; the record and dossier stay readable (R19)."""
    candidate = _locked(candidate)
    if not candidate.is_open:
        raise DomainError(_("This candidacy is closed; nothing was changed."))
    reason = normalize_multiline(reason)
    if not reason:
        raise DomainError(_("Write the reason."))
    if kind not in Candidate.ExitKind.values:
        raise DomainError(_("Choose why the candidacy ends."))
    candidate.exit_stage = candidate.stage
    candidate.exit_kind = kind
    candidate.closed_on = on
    candidate.close_reason = reason
    candidate.save(update_fields=["exit_stage", "exit_kind", "closed_on", "close_reason"])
    if candidate.exit_stage == Stage.PROBATIONARY:
        PartyMember.objects.filter(pk=candidate.ceremony.member_id).update(left_on=on)
    return _finish_step(
        candidate,
        actor=actor,
        version=version,
        kind="exit",
        summary=_("Left the pipeline: %(kind)s") % {"kind": candidate.get_exit_kind_display()},
        reason=reason,
    )


# --- the branch's rule settings -------------------------------------------------------------

RULE_CONFIG_FIELDS = [
    "certificate_validity_months",
    "paper_freshness_months",
    "school_year_end",
    "min_study_result",
    "min_conduct_result",
]


def _refresh_branch_flags(branch):
    settings = rule_settings(branch)
    for candidate in (
        Candidate.objects.filter(branch=branch).open().select_related("student__school_class")
    ):
        _refresh_flags(candidate, settings)


@transaction.atomic
def rule_config_update(*, branch, actor, data):
    """Change the rules' settings of a branch (RULES.md "choice" items and local policy)."""
    config, _created = RuleConfig.objects.select_for_update().get_or_create(branch=branch)
    before = _snapshot(config, RULE_CONFIG_FIELDS)
    for name in RULE_CONFIG_FIELDS:
        setattr(config, name, data[name])
    try:
        rules.RuleSettings(
            min_study_result=config.min_study_result,
            min_conduct_result=config.min_conduct_result,
        )
    except ValueError as error:
        raise DomainError(str(error)) from None
    config.save()
    changes = field_changes(before, config, RULE_CONFIG_FIELDS)
    if changes:
        record_event(
            branch=branch,
            actor=actor,
            kind="rule_settings",
            summary=_("Rule settings changed"),
            changes=changes,
        )
        _refresh_branch_flags(branch)
    return config


@transaction.atomic
def day_off_add(*, branch, actor, day, reason=""):
    """Add a day off of the branch; every deadline in working days skips it (R23)."""
    if DayOff.objects.filter(branch=branch, day=day).exists():
        raise DomainError(_("%(day)s is already a day off.") % {"day": day.strftime("%d/%m/%Y")})
    day_off = DayOff.objects.create(branch=branch, day=day, reason=normalize(reason))
    record_event(
        branch=branch,
        actor=actor,
        kind="day_off",
        summary=_("Day off added: %(day)s") % {"day": day.strftime("%d/%m/%Y")},
        reason=day_off.reason,
    )
    return day_off


@transaction.atomic
def day_off_remove(*, day_off, actor):
    record_event(
        branch=day_off.branch,
        actor=actor,
        kind="day_off",
        summary=_("Day off removed: %(day)s") % {"day": day_off.day.strftime("%d/%m/%Y")},
    )
    day_off.delete()
