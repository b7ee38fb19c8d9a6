"""What the rules say about a candidate, as of a day: the reads behind the candidate page,
the meeting page and the gates of the services. Nothing here writes."""

from dataclasses import replace
from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import stamp

from . import dossier, rules, text
from .models import (
    BranchMeeting,
    Candidate,
    CourseAttendance,
    DossierForm,
    DossierFormList,
    DossierItem,
    IntermediateResolution,
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
    "attendances": (CourseAttendance, ("course",)),
    "dossier": (DossierItem, ()),
    "youth_resolutions": (YouthUnionResolution, ()),
    "intermediate_resolutions": (IntermediateResolution, ()),
    "introductions": (Introduction, ("member",)),
    "votes": (MeetingVote, ("meeting",)),
}


def _cache(instance) -> dict:
    return instance.__dict__.setdefault("_prefetched_objects_cache", {})


def with_pipeline(queryset) -> list:
    """The candidates of `queryset` (in its order) with every record the findings read, in a
    fixed number of queries however many candidates and steps there are (the list, the
    dashboard, the forecast). Django's prefetch builds a manager per candidate and relation,
    which costs more than the rules; here each relation is one query grouped by candidate."""
    candidates = list(
        queryset.select_related(
            "branch__committee",
            "student__school_class",
            "decision",
            "decision_extension",
            "ceremony__member",
            "recognition",
            "form_list",
        )
    )
    keys = queryset.values("pk")
    for relation, (model, related) in PIPELINE.items():
        grouped = {}
        for row in model.objects.filter(candidate__in=keys).select_related(*related):
            grouped.setdefault(row.candidate_id, []).append(row)
        for candidate in candidates:
            _cache(candidate)[relation] = grouped.get(candidate.pk, [])
    unset = [c for c in candidates if c.form_list_id is None]  # as before the lists were data
    if unset:
        branches = {c.branch_id for c in unset}
        known = list(DossierFormList.objects.filter(Q(branch=None) | Q(branch__in=branches)))
        for candidate in unset:
            mine = [f for f in known if f.branch_id in (None, candidate.branch_id)]
            candidate.form_list = dossier.choose(mine, candidate.opened_on)
    forms = {}
    lists = {c.form_list_id for c in candidates if c.form_list_id}
    for form in DossierForm.objects.filter(form_list__in=lists):
        forms.setdefault(form.form_list_id, []).append(form)
    for candidate in candidates:
        if candidate.form_list_id:
            _cache(candidate.form_list)["forms"] = forms.get(candidate.form_list_id, [])
    return candidates


def _one(candidate, name):
    """A one-to-one step (decision, ceremony, recognition, extension) if recorded, else None."""
    return getattr(candidate, name, None)


def recorded_findings(candidate, settings) -> list[rules.Finding]:
    """What the rules said about the steps already recorded — a late decision (R14), a late
    ceremony (R15), a late or early recognition (R16): it stays on the candidate once the step
    is saved. A step that is done blocks nothing any more, so each is a warning."""
    found = []
    resolved_on = admission_resolution_date(candidate)
    decision, ceremony = _one(candidate, "decision"), _one(candidate, "ceremony")
    recognition = _one(candidate, "recognition")
    if decision is not None and resolved_on:
        extended = _one(candidate, "decision_extension") is not None
        found += rules.check_r14_decision(
            resolved_on, decision.issued_on, decision.issued_on, settings, extended=extended
        )
    if decision is not None and ceremony is not None:
        found += rules.check_r15_ceremony(
            decision.received_on,
            ceremony.held_on,
            ceremony.consent_reference,
            ceremony.held_on,
            settings,
        )
    if ceremony is not None and recognition is not None:
        found += rules.check_r16_recognition(ceremony.held_on, recognition.resolution_on, settings)
    return [replace(f, severity=rules.WARN) for f in found]


def candidate_status(candidate, on=None, settings=None):
    """Everything the candidate page shows about the rules: findings now, and the deadlines
    as (label, date, text) — what blocks the next step and what would lift it."""
    on = on or today()
    settings = settings or rule_settings(candidate.branch)
    if not candidate.is_open:
        # A closed record: nothing is pending; what applied to its steps stays.
        return recorded_findings(candidate, settings), []
    findings = candidate_findings(candidate, settings)
    stage, days_off = candidate.stage, settings.extra_days_off
    if stage in STEPS["admission_vote"].stages:
        vote_on = max(candidate.planned_vote_on or on, on)
        findings += [f for f in vote_findings(candidate, vote_on, settings) if f.code != "R3"]
    findings += rules.check_r18_failed_votes(failed_votes(candidate))
    findings += recorded_findings(candidate, settings)
    resolved_on = admission_resolution_date(candidate)
    decision = _one(candidate, "decision") if stage != Stage.RESOLVED else None
    ceremony = _one(candidate, "ceremony") if stage == Stage.PROBATIONARY else None
    extended = _one(candidate, "decision_extension") is not None
    if stage == Stage.RESOLVED and resolved_on:
        findings += intermediate_findings(candidate)
        findings += rules.check_r14_decision(resolved_on, None, on, settings, extended=extended)
    if stage == Stage.DECIDED:
        findings += rules.check_r15_ceremony(decision.received_on, None, "", on, settings)
    left_school = transfer_start(candidate, settings) if ceremony else None
    if left_school is not None and left_school < on:
        findings += rules.check_r19_transfer(left_school, None, on, settings)
    dates = rules.deadlines(
        resolution_date=resolved_on if stage == Stage.RESOLVED else None,
        decision_received=decision.received_on if stage == Stage.DECIDED else None,
        ceremony_date=ceremony.held_on if ceremony else None,
        left_school_on=left_school if left_school and left_school < on else None,
        extended=extended,
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


def transfer_start(candidate, settings) -> date:
    """When a probationary member's 60 working days to transfer start (R19): the day they
    actually left the school as recorded on their member record, else as recorded when the
    school year was closed, else the end of grade 12 — never before their admission."""
    ceremony = candidate.ceremony
    left = ceremony.member.left_school_on or left_school_on(candidate.student, settings)
    return max(left, ceremony.held_on)


def intermediate_findings(candidate) -> list[rules.Finding]:
    """R13: the decision waits for the resolution of the committee in between, where the
    branch's configuration has one."""
    committee = candidate.branch.intermediate_committee
    if committee is None:
        return []
    recorded = bool(rows(candidate, "intermediate_resolutions"))
    return rules.check_r13_awaited(committee.name, recorded)


def warnings(candidate, on=None, settings=None) -> list[rules.Finding]:
    """The findings the candidate page calls warnings (not the blocks the next step waits
    for): what the list's badges, its filter and the dashboard's counts show."""
    found, _deadlines = candidate_status(candidate, on, settings)
    return [f for f in found if not f.blocks]


def open_warning_codes(branch) -> dict:
    """{pk: codes} of the warnings of every open candidacy of the branch as of today: what the
    candidate list shows and filters by, computed once per state of the records and day
    (accounts.stamp)."""
    on = today()

    def compute():
        return warning_codes(with_pipeline(Candidate.objects.filter(branch=branch).open()), on)

    return stamp.cached(("warnings", branch.pk, on), compute)


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
    """R6: an official member of the branch on `on` (not one who has left it by then)."""
    return rules.check_r6_official_member(member.full_name, member.official_on, on, member.left_on)


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


def registration_refusal(candidate, course, settings, on) -> str:
    """Why `candidate` may not register for another awareness course `course` on `on` ("" if
    they may): registered for a course whose certificate has not come yet, or holding a
    certificate still valid that day (R5)."""
    for attendance in rows(candidate, "attendances"):
        if attendance.course_id == course.pk:
            continue
        issued_on = attendance.certificate_issued_on
        if issued_on is None:
            return _(
                "%(name)s is registered for %(course)s, whose certificate has not come yet."
            ) % {
                "name": candidate.student.full_name,
                "course": attendance.course,
            }
        if rules.certificate_last_valid_day(issued_on, settings) >= on:
            return _("%(name)s holds a certificate valid until %(date)s.") % {
                "name": candidate.student.full_name,
                "date": text.day(rules.certificate_last_valid_day(issued_on, settings)),
            }
    return ""


def paper_date(candidate, code, on=None, status=RECEIVED):
    """The date of the candidate's paper `code` if it is held (with a status of `status`): on
    the day `on`, a paper dated later is not held yet."""
    item = next((i for i in rows(candidate, "dossier") if i.code == code), None)
    if item is None or item.status not in status or item.dated_on is None:
        return None
    return None if on is not None and item.dated_on > on else item.dated_on


def certificate_on(candidate, on):
    """The certificate that counts for a vote on `on` (R4, R5): the latest issued by then, else
    the first issued after it (R4 says it comes too late), else None."""
    issued = sorted(
        a.certificate_issued_on for a in rows(candidate, "attendances") if a.certificate_issued_on
    )
    held = [d for d in issued if d <= on]
    return held[-1] if held else next(iter(issued), None)


def vote_findings(candidate, on, settings) -> list[rules.Finding]:
    """What the rules say about voting on this candidate's admission on date `on`: a paper
    counts only if it exists on that day, whatever order the records were entered in."""
    student = candidate.student
    form_list = dossier.form_list_of(candidate)
    introductions = [
        i
        for i in rows(candidate, "introductions")  # prefetched by the meeting page
        if i.introduced_on <= on and not member_findings(i.member, i.introduced_on)
    ]
    youth_resolution = any(r.adopted_on <= on for r in rows(candidate, "youth_resolutions"))
    verified = paper_date(candidate, dossier.HISTORY, on, (DossierItem.Status.VERIFIED,))
    required = dossier.required_before_vote(candidate, form_list)
    missing = [code for code in required if paper_date(candidate, code) is None]
    late = [
        code for code in required if code not in missing and not paper_date(candidate, code, on)
    ]
    found = [
        *rules.check_r1_age(student.date_of_birth, on),
        *rules.check_r3_youth_union(student.is_youth_union_member, student.youth_union_joined_on),
        *rules.check_r4_r5_certificate(certificate_on(candidate, on), on, settings),
        *rules.check_r8_introductions(
            student.is_youth_union_member, youth_resolution, len(introductions)
        ),
        *rules.check_r9_history_verified(verified),
        *rules.check_r10_comments(
            paper_date(candidate, "5C-KNĐ", on), paper_date(candidate, "5B-KNĐ", on)
        ),
        *rules.check_r11_freshness(
            {
                code: paper_date(candidate, code, on)
                for code in dossier.fresh_codes(candidate, form_list)
            },
            on,
            settings,
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
    if late:
        found.append(late_papers_finding({code: paper_date(candidate, code) for code in late}, on))
    return found


def late_papers_finding(papers: dict, on) -> rules.Finding:
    """HS: papers ({code: date}) dated after the meeting of `on` were missing at the vote."""
    papers = ", ".join(f"{code} ({text.day(dated)})" for code, dated in papers.items())
    return rules.Finding(
        "HS",
        rules.BLOCK,
        _("Dated after the branch meeting of %(date)s, so missing at the vote: %(papers)s")
        % {"date": text.day(on), "papers": papers},
        _("The branch votes once every paper is there; check the dates of these papers"),
    )


def meeting_findings(candidate, purpose, on, settings):
    """What the rules say about voting on `candidate` at a meeting of `purpose` on `on`."""
    if purpose == BranchMeeting.Purpose.RECOGNITION:
        return rules.check_r16_recognition(candidate.ceremony.held_on, on, settings)
    return vote_findings(candidate, on, settings)
