"""What the rules say about a candidate, as of a day: the reads behind the candidate page,
the meeting page and the gates of the services. Nothing here writes."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from . import dossier, rules
from .models import (
    BranchMeeting,
    Candidate,
    CourseAttendance,
    DossierItem,
    Introduction,
    MeetingVote,
    PartyMember,
    RuleConfig,
    YouthUnionResolution,
)
from .steps import STEPS

Stage = Candidate.Stage
RECEIVED = (DossierItem.Status.RECEIVED, DossierItem.Status.VERIFIED)
# RULES.md's end of the school year where the branch set none: 31 May (its year is not used).
SCHOOL_YEAR_END = date(2000, 5, 31)


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
        forecast_course_days=config.forecast_course_days,
        forecast_dossier_working_days=config.forecast_dossier_working_days,
        forecast_decision_working_days=config.forecast_decision_working_days,
        extra_days_off=days_off,
    )


def today():
    return timezone.localdate()


def left_school_on(student, settings: rules.RuleSettings) -> date:
    """The day the student left (graduated) as recorded when the year was closed, else the
    expected end of their grade 12."""
    return student.left_school_on or grade12_end(student, settings)


def grade12_end(student, settings: rules.RuleSettings) -> date:
    """The last day of the student's grade 12, from the class's school year and the setting."""
    school_class = student.school_class
    end_year = int(school_class.school_year[-4:]) + (12 - school_class.grade)
    return school_year_end(end_year, settings)


def school_year_end(end_year: int, settings: rules.RuleSettings) -> date:
    """The last day of the school year that ends in `end_year` (the setting's day and month)."""
    template = settings.school_year_end or SCHOOL_YEAR_END
    try:
        return template.replace(year=end_year)
    except ValueError:  # 29 February in a common year
        return date(end_year, 2, 28)


def candidate_findings(candidate, settings: rules.RuleSettings) -> list[rules.Finding]:
    """What the rules say about a candidate's own facts until the branch votes (R3, R2, R22)."""
    student = candidate.student
    voted = (Stage.RESOLVED, Stage.DECIDED, Stage.PROBATIONARY)
    if candidate.stage in (*voted, Stage.OFFICIAL):
        return []
    return [
        *rules.check_r3_youth_union(student.is_youth_union_member, student.youth_union_joined_on),
        *rules.check_r2_age_in_time(
            student.date_of_birth, candidate.planned_vote_on, grade12_end(student, settings)
        ),
        *rules.check_r22_results(student.study_result, student.conduct_result, settings),
    ]


def rows(candidate, relation):
    """The rows of a relation of `candidate`: those `with_pipeline` loaded, else queried."""
    cached = getattr(candidate, "_prefetched_objects_cache", {}).get(relation)
    return cached if cached is not None else getattr(candidate, relation).all()


# The relations the findings read: name → (model, what each row needs with it).
PIPELINE = {
    "attendances": (CourseAttendance, ()),
    "dossier": (DossierItem, ()),
    "youth_resolutions": (YouthUnionResolution, ()),
    "introductions": (Introduction, ("member",)),
    "votes": (MeetingVote, ("meeting",)),
}


def with_pipeline(queryset) -> list:
    """The candidates of `queryset` (in its order) with every record the findings read, in a
    fixed number of queries however many candidates and steps there are (the list, the
    dashboard, the forecast). Django's prefetch builds a manager per candidate and relation,
    which costs more than the rules; here each relation is one query grouped by candidate."""
    candidates = list(
        queryset.select_related("branch", "student__school_class", "decision", "ceremony")
    )
    keys = queryset.values("pk")
    for relation, (model, related) in PIPELINE.items():
        grouped = {}
        for row in model.objects.filter(candidate__in=keys).select_related(*related):
            grouped.setdefault(row.candidate_id, []).append(row)
        for candidate in candidates:
            cache = candidate.__dict__.setdefault("_prefetched_objects_cache", {})
            cache[relation] = grouped.get(candidate.pk, [])
    return candidates


def candidate_status(candidate, on=None, settings=None):
    """Everything the candidate page shows about the rules: findings now, and the deadlines
    as (label, date, text) — what blocks the next step and what would lift it."""
    on = on or today()
    settings = settings or rule_settings(candidate.branch)
    if not candidate.is_open:
        return [], []  # a closed record: nothing is pending, nothing to warn about
    findings = candidate_findings(candidate, settings)
    stage, days_off = candidate.stage, settings.extra_days_off
    if stage in STEPS["admission_vote"].stages:
        vote_on = max(candidate.planned_vote_on or on, on)
        findings += [f for f in vote_findings(candidate, vote_on, settings) if f.code != "R3"]
    findings += rules.check_r18_failed_votes(failed_votes(candidate))
    resolved_on = admission_resolution_date(candidate)
    decision = getattr(candidate, "decision", None) if stage != Stage.RESOLVED else None
    ceremony = getattr(candidate, "ceremony", None) if stage == Stage.PROBATIONARY else None
    if stage == Stage.RESOLVED and resolved_on:
        findings += rules.check_r14_decision(resolved_on, None, on, settings)
    if stage == Stage.DECIDED:
        findings += rules.check_r15_ceremony(decision.received_on, None, "", on, settings)
    left_school = left_school_on(candidate.student, settings)
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


def warnings(candidate, on=None, settings=None) -> list[rules.Finding]:
    """The findings the candidate page calls warnings (not the blocks the next step waits
    for): what the list's badges, its filter and the dashboard's counts show."""
    found, _deadlines = candidate_status(candidate, on, settings)
    return [f for f in found if not f.blocks]


def warning_codes(candidates, on=None, settings=None) -> dict:
    """{candidate pk: sorted codes of its warnings} for candidates of one branch (load them
    `with_pipeline` to read them without a query each)."""
    on = on or today()
    codes = {}
    for candidate in candidates:
        settings = settings or rule_settings(candidate.branch)
        codes[candidate.pk] = sorted({f.code for f in warnings(candidate, on, settings)})
    return codes


def _admission_votes(candidate):
    return [
        v for v in rows(candidate, "votes") if v.meeting.purpose == BranchMeeting.Purpose.ADMISSION
    ]


def failed_votes(candidate) -> int:
    return sum(1 for vote in _admission_votes(candidate) if not vote.passed)


def admission_resolution_date(candidate):
    return next((v.meeting.held_on for v in _admission_votes(candidate) if v.passed), None)


def school_year_end_in_force(settings: rules.RuleSettings, on: date) -> date:
    """The end of the school year running on `on`, by the setting or the default."""
    end = school_year_end(on.year, settings)
    return end if on <= end else school_year_end(on.year + 1, settings)


def entered_school(student) -> date:
    """When the student came to the school: as recorded, else the start of their grade 10."""
    if student.entered_school_on:
        return student.entered_school_on
    start_year = int(student.school_class.school_year[:4]) - (student.school_class.grade - 10)
    return date(start_year, 9, 5)


def member_findings(member, on):
    return rules.check_r6_official_member(member.full_name, member.official_on, on)


def introducer_findings(candidate, member, introduced_on, is_replacement, settings):
    """R6 and R7 for one introducer."""
    return [
        *member_findings(member, introduced_on),
        *rules.check_r7_introducer_time(
            member.started_at_school_on,
            entered_school(candidate.student),
            introduced_on,
            is_replacement,
            settings,
        ),
    ]


def roster_counts(branch, on) -> tuple[int, int]:
    """(official, probationary) members of the branch on a date, from its roster (R12)."""
    members = PartyMember.objects.filter(branch=branch, joined_on__lte=on).exclude(left_on__lte=on)
    official = members.filter(official_on__lte=on).count()
    return official, members.count() - official


def received_papers(candidate) -> dict:
    """{code: date} of the dossier's papers received or verified."""
    return {i.code: i.dated_on for i in rows(candidate, "dossier") if i.status in RECEIVED}


def paper_date(candidate, code):
    return received_papers(candidate).get(code)


def vote_findings(candidate, on, settings) -> list[rules.Finding]:
    """What the rules say about voting on this candidate's admission on date `on`."""
    student = candidate.student
    papers = received_papers(candidate)
    certificates = [a.certificate_issued_on for a in rows(candidate, "attendances")]
    certificate = max((d for d in certificates if d), default=None)
    introducers = list(rows(candidate, "introductions"))  # prefetched by the meeting page
    official_introducers = sum(
        1 for i in introducers if i.member.official_on and i.member.official_on <= i.introduced_on
    )
    verified = next(
        (
            i.dated_on
            for i in rows(candidate, "dossier")
            if i.code == "2-KNĐ" and i.status == DossierItem.Status.VERIFIED
        ),
        None,
    )
    missing = [
        code
        for code in dossier.required_before_vote(dossier.CURRENT, student.is_youth_union_member)
        if papers.get(code) is None
    ]
    found = [
        *rules.check_r1_age(student.date_of_birth, on),
        *rules.check_r3_youth_union(student.is_youth_union_member, student.youth_union_joined_on),
        *rules.check_r4_r5_certificate(certificate, on, settings),
        *rules.check_r8_introductions(
            student.is_youth_union_member,
            bool(rows(candidate, "youth_resolutions")),
            official_introducers,
        ),
        *rules.check_r9_history_verified(verified),
        *rules.check_r10_comments(papers.get("5C-KNĐ"), papers.get("5B-KNĐ")),
        *rules.check_r11_freshness(
            {code: papers.get(code) for code in dossier.FRESH_PAPERS}, on, settings
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


def meeting_findings(candidate, purpose, on, settings):
    """What the rules say about voting on `candidate` at a meeting of `purpose` on `on`."""
    if purpose == BranchMeeting.Purpose.RECOGNITION:
        return rules.check_r16_recognition(candidate.ceremony.held_on, on, settings)
    return vote_findings(candidate, on, settings)
