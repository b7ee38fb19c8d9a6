"""One builder per document: it reads the records and returns a `Document` (reports.document).

Every printed name comes from the branch's settings (R20): the superior committee, the branch,
the place, the Department of Education, the document code. The wording is English in the code
and Vietnamese in the translation; builders always build in Vietnamese.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, User
from candidates import consent, dossier, steps
from candidates.errors import DomainError
from candidates.models import Candidate, Student
from candidates.text import day, fold
from plans import charts
from plans.forecast import forecast
from plans.models import AnnualPlan

from .document import (
    Chart,
    Column,
    Document,
    Heading,
    Paragraph,
    Signature,
    Table,
    nfc,
)
from .figures import figures
from .periods import Period

Stage = Candidate.Stage
# Stages of the source list (quần chúng ưu tú): accepted, not yet a Party member.
SOURCE_STAGES = tuple(
    steps.PIPELINE_ORDER[
        steps.PIPELINE_ORDER.index(Stage.SOURCE) : steps.PIPELINE_ORDER.index(Stage.PROBATIONARY)
    ]
)
NARRATIVE = ("results", "shortcomings", "tasks", "proposals")


@dataclass
class Options:
    """What the secretary chose for one document; the number and date once it is issued."""

    period: Period
    on: date  # the records as of this day; the date line of a draft
    # Ethnicity and religion columns (the committee only); empty for a student without consent.
    sensitive: bool = False
    texts: dict | None = None  # narrative sections as written; None: pre-filled from figures
    recipients: list[str] | None = None
    addressee: str = ""
    signer: User | None = None
    candidate: Candidate | None = None
    number: str = ""
    issued_on: date | None = None
    extra: dict = field(default_factory=dict)

    @property
    def draft(self) -> bool:
        return not self.number


@dataclass(frozen=True)
class Kind:
    key: str
    type_code: str
    label: str
    build: object
    narrative: tuple = ()  # sections the secretary writes
    chooses_period: bool = True  # False: the records as of a day
    per_candidate: bool = False
    letter: bool = False  # has an addressee ("Kính gửi")
    issuable: bool = True  # the branch numbers it in its register (not a paper others sign)


def build(kind: str, branch, options: Options) -> Document:
    """The document `kind` of `branch`, always in Vietnamese."""
    with translation.override("vi"):
        return KINDS[kind].build(branch, options)


def paragraphs(text) -> list[Paragraph]:
    return [Paragraph(line) for line in nfc(text).splitlines() if line]


def lines(text) -> list[str]:
    """Recipients typed one a line, with or without the leading dash."""
    return [line.lstrip("-– ").strip() for line in nfc(text).splitlines() if line.strip("-– ")]


def signers(branch):
    """Who may sign for the branch: its secretaries, then the committee members."""
    roles = {Membership.Role.SECRETARY: 0, Membership.Role.COMMITTEE: 1}
    found = {}
    for m in Membership.objects.filter(branch=branch, role__in=roles, user__is_active=True):
        rank = min(found.get(m.user, 9), roles[m.role])
        found[m.user] = rank
    return sorted(found, key=lambda u: (found[u], u.pk))


def signature(branch, signer=None) -> Signature:
    """T/M CHI BỘ — BÍ THƯ for a secretary, K/T BÍ THƯ — PHÓ BÍ THƯ for a committee member."""
    people = signers(branch)
    signer = signer if signer in people else (people[0] if people else None)
    if signer is None:
        return Signature([_("ON BEHALF OF THE BRANCH"), _("SECRETARY")], "")
    secretary = Membership.objects.filter(
        branch=branch, user=signer, role=Membership.Role.SECRETARY
    ).exists()
    if secretary:
        return Signature([_("ON BEHALF OF THE BRANCH"), _("SECRETARY")], signer.full_name)
    return Signature([_("FOR THE SECRETARY"), _("DEPUTY SECRETARY")], signer.full_name)


def _document(branch, kind, options, **fields) -> Document:
    return Document(
        kind=kind.key,
        type_code=kind.type_code,
        committee=nfc(branch.committee.name),
        branch=nfc(branch.name),
        document_code=branch.document_code,
        place=nfc(branch.place_name),
        dated=options.issued_on or options.on,
        number=options.number,
        draft=options.draft,
        signature=signature(branch, options.signer),
        margins_mm=(
            branch.margin_top_mm,
            branch.margin_bottom_mm,
            branch.margin_left_mm,
            branch.margin_right_mm,
        ),
        **fields,
    )


def _summary(title, type_name) -> str:
    """The summary line of a title that may start with the document type ("Kế hoạch …")."""
    title = nfc(title)
    if fold(title).startswith(fold(type_name) + " "):
        return title[len(type_name) :].strip()
    return title


# --- 1. the annual plan -----------------------------------------------------------------------


def build_plan(branch, options):
    plan = AnnualPlan.objects.filter(branch=branch, year=options.period.year).first()
    if plan is None:
        raise DomainError(_("The branch has no plan for %(year)s.") % {"year": options.period.year})
    type_name = _("PLAN")
    body = [
        *paragraphs(plan.basis),
        Heading(_("I. Purpose and requirements:")),
        *paragraphs(plan.purpose),
        Heading(_("II. Specific content:")),
        Heading(_("1. Objectives:")),
        *paragraphs(plan.objectives),
        Heading(_("2. Main tasks and solutions:")),
        *paragraphs(plan.tasks),
        Heading(_("III. Implementation")),
        *paragraphs(plan.organisation),
        *paragraphs(plan.closing),
    ]
    document = _document(
        branch,
        KINDS["plan"],
        options,
        type_name=type_name,
        summary=_summary(plan.title, type_name),
        body=body,
        recipients=options.recipients or lines(plan.recipients) or _default_recipients(branch),
    )
    if options.draft:  # a plan recorded with its own number and date keeps them
        document.number = plan.number
        document.dated = plan.issued_on or document.dated
    if plan.signer_name and options.signer is None:
        document.signature = Signature(nfc(plan.signer_title).splitlines(), nfc(plan.signer_name))
    return document


def _default_recipients(branch, *above):
    return [*(f"{name} (b/c);" for name in above if name), _("Branch archive.")]


# --- 2. and 3. the reports upward -------------------------------------------------------------


def narrative_defaults(branch, options) -> dict:
    """The narrative sections pre-filled with sentences built from the figures."""
    with translation.override("vi"):
        return _prefill(figures(branch, options.period, options.on), _outlook(branch, options))


def _outlook(branch, options):
    """The forecast of the period's year, when that year is the current one."""
    if options.period.year != options.on.year:
        return None
    return forecast(branch, options.on.year, options.on)


def _prefill(f, outlook) -> dict:
    when = capfirst(f.period.label)
    results = [
        _("%(when)s, the branch admitted %(admitted)s new Party members among its students.")
        % {"when": when, "admitted": _two(len(f.admitted))}
    ]
    if f.target:
        results.append(
            _("This is %(percent)s%% of the target of %(target)s set by the year's plan.")
            % {"percent": f.percent, "target": _two(f.target)}
        )
    if f.awaiting:
        results.append(
            _("%(count)s more are waiting for the admission decision.") % {"count": f.awaiting}
        )
    results.append(
        _(
            "The source list holds %(pool)s outstanding Youth Union members; %(registered)s were "
            "sent to the Party awareness class and %(certified)s received its certificate; "
            "%(verifying)s dossiers are being completed and verified."
        )
        % vars(f)
    )
    results.append(
        _(
            "The branch has %(probationary)s probationary members; %(recognised)s were "
            "recognised as official members, %(transferred)s transferred and %(removed)s "
            "removed."
        )
        % vars(f)
    )
    shortcomings = []
    if f.short_by:
        shortcomings.append(
            _("The branch is %(short)s short of the target.") % {"short": _two(f.short_by)}
        )
    tasks = [
        _(
            "Keep finding outstanding Youth Union members in grades 10 and 11 with the Youth "
            "Union and the homeroom teachers, and register them for the awareness class in time."
        )
    ]
    if outlook is not None and outlook.reachable:
        tasks.insert(
            0,
            _(
                "Complete the dossiers of the %(count)s candidates who can still be admitted in "
                "%(year)s, before they leave school."
            )
            % {"count": len(outlook.reachable), "year": outlook.year},
        )
    return {
        "results": " ".join(results),
        "shortcomings": " ".join(shortcomings),
        "tasks": "\n".join(f"- {t}" for t in tasks),
        "proposals": "",
    }


def _two(number) -> str:
    """Counts of people as Party documents write them: 07, 12."""
    return f"{number:02d}"


NARRATIVE_HEADINGS = {
    "shortcomings": gettext_lazy("III. STRENGTHS, SHORTCOMINGS AND THEIR CAUSES"),
    "tasks": gettext_lazy("IV. TASKS FOR THE COMING PERIOD"),
    "proposals": gettext_lazy("V. PROPOSALS"),
}


def _narrative(options, defaults_from):
    texts = options.texts
    if texts is None:
        texts = defaults_from()
    return {key: texts.get(key, "") for key in NARRATIVE}


def _figures_table(f) -> Table:
    rows = [
        ("1", _("Target of the year's plan"), f.target if f.target is not None else ""),
        ("2", _("New members admitted (decision dated in the period)"), len(f.admitted)),
        ("", _("as a percentage of the target"), "" if f.percent is None else f"{f.percent}%"),
        ("", _("women"), f.groups.women),
        ("", _("ethnic minority"), f.groups.ethnic_minority),
        ("", _("with a religion"), f.groups.religion),
        ("", _("Youth Union members"), f.groups.youth_union),
        ("", _("students"), f.groups.students),
        ("3", _("Voted by the branch, waiting for the decision"), f.awaiting),
        ("4", _("Source list at the end of the period"), f.pool),
        ("", _("accepted into the source list in the period"), f.found),
        ("", _("sent to the awareness class"), f.registered),
        ("", _("holding the awareness-class certificate"), f.certified),
        ("", _("dossiers being completed and verified"), f.verifying),
        ("5", _("Probationary members at the end of the period"), f.probationary),
        ("", _("recognised as official members"), f.recognised),
        ("", _("removed"), f.removed),
        ("", _("transferred"), f.transferred),
    ]
    return _counts(_("Figures"), rows)


def _counts(title, rows) -> Table:
    """A table of counts: no., item, number."""
    columns = [
        Column(_("No."), 0.7, align="center"),
        Column(_("Item"), 6),
        Column(_("Number"), 1.2, align="center"),
    ]
    return Table(title=title, columns=columns, rows=[list(r) for r in rows])


def _person_columns() -> list[Column]:
    """No., name, date of birth, sex, class: the start of every list of students."""
    return [
        Column(_("No."), 0.7, align="center"),
        Column(_("Full name"), 2.8),
        Column(_("Date of birth"), 1.6, align="center"),
        Column(_("Sex"), 0.7, align="center"),
        Column(_("Class"), 0.9, align="center"),
    ]


def _admitted_table(f) -> Table:
    rows = []
    for number, decision in enumerate(f.admitted, start=1):
        student = decision.candidate.student
        ceremony = getattr(decision.candidate, "ceremony", None)
        rows.append(
            [
                number,
                student.full_name,
                student.date_of_birth,
                student.get_gender_display(),
                student.school_class.name,
                f"{decision.number}, {day(decision.issued_on)}",
                ceremony.held_on if ceremony else None,
            ]
        )
    return Table(
        title=_("New members admitted"),
        columns=[
            *_person_columns(),
            Column(_("Admission decision"), 2.4),
            Column(_("Ceremony"), 1.6, align="center"),
        ],
        rows=rows,
    )


def _situation(f) -> Paragraph:
    return Paragraph(
        _(
            "On %(date)s the school has %(classes)s classes and %(students)s students, "
            "%(grade12)s of them in grade 12, of whom %(adults)s are 18 or older; %(youth_union)s "
            "students are Youth Union members."
        )
        % {"date": day(f.school["on"]), **f.school}
    )


def _chart(f) -> Chart:
    svg = charts.admissions_by_month(f.by_month, f.by_month_last_year, f.period.year)
    rows = [
        [f"T{m + 1}", this, last]
        for m, (this, last) in enumerate(zip(f.by_month, f.by_month_last_year, strict=True))
    ]
    return Chart(svg, _("Admissions by month"), f.period.year, rows)


def _report(branch, options, kind, results_heading, tables, summary, **fields):
    """A report upward: the situation, the results (text, then figures), the narrative."""
    f = figures(branch, options.period, options.on)
    texts = _narrative(options, lambda: _prefill(f, _outlook(branch, options)))
    body = [
        Heading(_("I. THE SITUATION")),
        _situation(f),
        Heading(results_heading),
        *paragraphs(texts["results"]),
        *(make(f) for make in tables),
    ]
    for key, heading in NARRATIVE_HEADINGS.items():
        body += [Heading(str(heading)), *paragraphs(texts[key])]
    summary = summary % {"period": options.period.label}
    return _document(
        branch, KINDS[kind], options, type_name=_("REPORT"), summary=summary, body=body, **fields
    )


def build_progress(branch, options):
    return _report(
        branch,
        options,
        "progress",
        _("II. RESULTS OF MEMBER DEVELOPMENT"),
        (_figures_table, _chart, _admitted_table),
        _("on the results of Party member development %(period)s"),
        recipients=options.recipients or _default_recipients(branch, branch.committee.name),
    )


def _students_table(f) -> Table:
    rows = [
        (_("Students in grade 12"), f.school["grade12"]),
        (_("of whom 18 or older"), f.school["adults"]),
        (_("Proposed by the Youth Union and homeroom teachers"), f.nominated),
        (_("Accepted into the source list"), f.found),
        (_("Sent to the awareness class"), f.registered),
        (_("Holding the awareness-class certificate"), f.certified),
        (_("Mentor assigned"), f.mentored),
        (_("Dossiers being completed and verified (end of the period)"), f.verifying),
        (_("Proposed for admission by the branch"), f.proposed),
        (_("Admitted (decision dated in the period)"), len(f.admitted)),
        (_("of whom women"), f.groups.women),
        (_("of whom ethnic minority"), f.groups.ethnic_minority),
        (_("of whom with a religion"), f.groups.religion),
        (_("Target of the year's plan"), f.target if f.target is not None else ""),
        (_("Percentage of the target"), "" if f.percent is None else f"{f.percent}%"),
        (_("Probationary members (end of the period)"), f.probationary),
        (_("Recognised as official members"), f.recognised),
        (_("Transferred"), f.transferred),
        (_("Removed"), f.removed),
    ]
    return _counts(_("Students"), [(n, *row) for n, row in enumerate(rows, start=1)])


def build_department(branch, options):
    department = nfc(branch.department)
    if not department:
        raise DomainError(_("Write the Department of Education in the branch's information first."))
    return _report(
        branch,
        options,
        "department",
        _("II. RESULTS OF MEMBER DEVELOPMENT AMONG STUDENTS"),
        (_students_table, _admitted_table),
        _("on the results of Party member development among students %(period)s"),
        addressee=options.addressee or department,
        recipients=options.recipients
        or _default_recipients(branch, department, branch.committee.name),
    )


# --- 4., 5. and 6. the lists ------------------------------------------------------------------


def _mentors(candidate) -> str:
    return ", ".join(
        a.member.full_name
        for a in candidate.mentors.all()
        if a.ended_on is None and a.period == "admission"
    )


def _source(branch, stages):
    return list(
        Candidate.objects.filter(branch=branch, closed_on__isnull=True, stage__in=stages)
        .select_related("student__school_class")
        .prefetch_related("mentors__member", "attendances")
        .order_by("student__sort_name", "pk")
    )


def _consenting(student_ids) -> set[int]:
    """The students among `student_ids` whose consent to sensitive data is in force today."""
    students = Student.objects.filter(pk__in=student_ids)
    return set(consent.consenting(students).values_list("pk", flat=True))


def awareness_table(candidates, sensitive) -> Table:
    columns = [
        Column(_("No."), 0.7, align="center"),
        Column(_("Full name"), 2.6),
        Column(_("Male"), 1.6, group=_("Date of birth"), align="center"),
        Column(_("Female"), 1.6, group=_("Date of birth"), align="center"),
    ]
    if sensitive:
        columns += [Column(_("Ethnicity"), 0.9), Column(_("Religion"), 1)]
    columns += [
        Column(_("Hometown"), 1.6),
        Column(_("Residence"), 1.8),
        Column(_("Class"), 0.9, align="center"),
        Column(_("Youth Union since"), 1.6, align="center"),
        Column(_("Position"), 1.2),
        Column(_("Study / conduct"), 1.1, align="center"),
        Column(_("Mentor"), 1.6),
        Column(_("Note"), 1),
    ]
    rows = []
    # A student whose consent is not in force has these cells left empty (candidates/consent.py).
    consented = _consenting([c.student_id for c in candidates]) if sensitive else set()
    for number, candidate in enumerate(candidates, start=1):
        s = candidate.student
        female = s.gender == Student.Gender.FEMALE
        row = [number, s.full_name, None if female else s.date_of_birth]
        row.append(s.date_of_birth if female else None)
        if sensitive:
            row += [consent.shown(s, name, s.pk in consented) for name in ("ethnicity", "religion")]
        row += [
            s.hometown,
            s.residence,
            s.school_class.name,
            s.youth_union_joined_on,
            s.youth_union_position,
            _results(s),
            _mentors(candidate),
            "",
        ]
        rows.append(row)
    return Table(
        title=_("List proposed for the awareness class"),
        sheet=_("List"),
        columns=columns,
        rows=rows,
    )


def _results(student) -> str:
    return " / ".join(r for r in (student.study_result, student.conduct_result) if r)


def awareness_letter(branch, kind, options, candidates, *, addressee, year, names=()):
    """The cover letter (công văn) proposing `candidates` for the awareness class to
    `addressee`, their list attached: the branch chose them, `names` (paragraphs naming them),
    the request."""
    body = [
        Paragraph(
            _(
                "Carrying out its plan of Party member development for %(year)s, the Party branch "
                "of %(school)s has considered and chosen %(count)s outstanding Youth Union "
                "members among its students who meet the standards and conditions to attend "
                "the Party awareness class (list attached)."
            )
            % {"year": year, "school": nfc(branch.school), "count": _two(len(candidates))}
        ),
        *names,
        Paragraph(
            _(
                "The branch respectfully asks %(addressee)s to consider letting them attend the "
                "Party awareness class."
            )
            % {"addressee": addressee}
        ),
    ]
    return _document(
        branch,
        kind,
        options,
        type_name="",
        summary=_("Re: outstanding members proposed for the Party awareness class"),
        addressee=addressee,
        body=body,
        annex_title=_("LIST"),
        annex_summary=_("of outstanding members proposed for the Party awareness class"),
        annex=[awareness_table(candidates, options.sensitive)],
        recipients=options.recipients or _default_recipients(branch, addressee),
    )


def build_awareness_list(branch, options):
    candidates = _source(branch, (Stage.SOURCE, Stage.AWARENESS))
    # Not yet certified: those already holding a certificate need no class.
    candidates = [
        c for c in candidates if not any(a.certificate_issued_on for a in c.attendances.all())
    ]
    addressee = options.addressee or nfc(branch.committee.name)
    return awareness_letter(
        branch,
        KINDS["awareness-list"],
        options,
        candidates,
        addressee=addressee,
        year=options.on.year,
    )


def source_table(candidates) -> Table:
    rows = [
        [
            number,
            c.student.full_name,
            c.student.date_of_birth,
            c.student.get_gender_display(),
            c.student.school_class.name,
            c.student.youth_union_joined_on,
            _results(c.student),
            c.source_since,
            c.get_stage_display(),
            _mentors(c),
            c.planned_vote_on,
        ]
        for number, c in enumerate(candidates, start=1)
    ]
    return Table(
        title=_("Source list"),
        columns=[
            *_person_columns(),
            Column(_("Youth Union since"), 1.6, align="center"),
            Column(_("Study / conduct"), 1.1, align="center"),
            Column(_("In the source list since"), 1.6, align="center"),
            Column(_("Stage"), 1.5),
            Column(_("Mentor"), 1.8),
            Column(_("Planned branch meeting"), 1.6, align="center"),
        ],
        rows=rows,
    )


def build_source_list(branch, options):
    candidates = _source(branch, SOURCE_STAGES)
    return _document(
        branch,
        KINDS["source-list"],
        options,
        type_name=_("LIST"),
        summary=_("of outstanding members among students (the source of admissions) on %(date)s")
        % {"date": day(options.on)},
        body=[source_table(candidates)],
        recipients=options.recipients or _default_recipients(branch, branch.committee.name),
        landscape=True,
    )


def build_dossier(branch, options):
    candidate = options.candidate
    if candidate is None or candidate.branch_id != branch.pk:
        raise DomainError(_("Choose a candidate."))
    student = candidate.student
    items = {item.code: item for item in candidate.dossier.all()}
    form_list = dossier.form_list_of(candidate)
    required = set(dossier.required_before_vote(candidate, form_list))
    rows, missing = [], []
    for form in dossier.forms_for(form_list, candidate):
        item = items.pop(form.code, None)
        held = item is not None and item.status != item.Status.MISSING
        if form.code in required and not held:
            missing.append(form.code)
        rows.append(
            [
                len(rows) + 1,
                form.code,
                form.title,
                _("Yes") if form.code in required else "",
                item.get_status_display() if item else _("Missing"),
                item.dated_on if item else None,
                item.note if item else "",
            ]
        )
    for code, item in items.items():
        rows.append(
            [len(rows) + 1, code, "", "", item.get_status_display(), item.dated_on, item.note]
        )
    body = [
        Paragraph(
            _(
                "Candidate: %(name)s, born %(born)s, class %(class)s; stage: %(stage)s; planned "
                "branch meeting: %(vote)s."
            )
            % {
                "name": student.full_name,
                "born": day(student.date_of_birth),
                "class": student.school_class.name,
                "stage": candidate.get_stage_display(),
                "vote": day(candidate.planned_vote_on) or _("not set"),
            }
        ),
        Table(
            title=_("Dossier papers"),
            columns=[
                Column(_("No."), 0.7, align="center"),
                Column(_("Form"), 1.3),
                Column(_("Paper"), 4.2),
                Column(_("Needed for the vote"), 1, align="center"),
                Column(_("Status"), 1.2),
                Column(_("Date"), 1.6, align="center"),
                Column(_("Note"), 1.4),
            ],
            rows=rows,
        ),
        Paragraph(
            _("Still missing before the vote: %(codes)s.") % {"codes": ", ".join(missing)}
            if missing
            else _("Every paper needed before the vote is there.")
        ),
    ]
    return _document(
        branch,
        KINDS["dossier"],
        options,
        type_name=_("CHECKLIST"),
        summary=_("of the admission dossier of %(name)s") % {"name": student.full_name},
        body=body,
        recipients=options.recipients or _default_recipients(branch),
    )


KINDS = {
    kind.key: kind
    for kind in (
        Kind("plan", "KH", gettext_lazy("Annual plan"), build_plan),
        Kind(
            "progress",
            "BC",
            gettext_lazy("Report on member development to the superior committee"),
            build_progress,
            narrative=NARRATIVE,
        ),
        Kind(
            "department",
            "BC",
            gettext_lazy("Report to the Department of Education"),
            build_department,
            narrative=NARRATIVE,
            letter=True,
        ),
        Kind(
            "awareness-list",
            "CV",
            gettext_lazy("List proposed for the awareness class"),
            build_awareness_list,
            chooses_period=False,
            letter=True,
        ),
        Kind(
            "source-list",
            "DS",
            gettext_lazy("Source list"),
            build_source_list,
            chooses_period=False,
        ),
        Kind(
            "dossier",
            "DS",
            gettext_lazy("Dossier checklist"),
            build_dossier,
            chooses_period=False,
            per_candidate=True,
        ),
    )
}
