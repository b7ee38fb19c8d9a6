from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Branch, Committee

from . import rules
from .text import fold, normalize, sort_string


class SchoolClass(models.Model):
    """A class of one school year, e.g. 12A1 in 2025-2026, with its homeroom teacher."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="classes")
    name = models.CharField(_("class"), max_length=20)
    school_year = models.CharField(_("school year"), max_length=9)
    grade = models.PositiveSmallIntegerField(_("grade"))
    homeroom_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="homeroom_classes",
        verbose_name=_("homeroom teacher"),
    )
    # Raised on every change; a save that brings an older version is refused (optimistic lock).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-school_year", "grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "school_year", "name"], name="unique_class_per_year"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.school_year})"

    def save(self, *args, **kwargs):
        self.name = normalize(self.name).upper()
        super().save(*args, **kwargs)


class Student(models.Model):
    """A student from the class roster; the ministry's student code is the natural key."""

    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    # Shown only to the secretary and committee, in pages and in exports.
    SENSITIVE_FIELDS = ("ethnicity", "religion", "national_id", "family_background")
    # What a person may enter and change, in the form's order: the student form and the services
    # use them all; the roster import writes those it has a column for.
    EDITABLE_FIELDS = (
        "student_code",
        "full_name",
        "date_of_birth",
        "gender",
        "school_class",
        "entered_school_on",
        "place_of_birth",
        "hometown",
        "residence",
        "temporary_residence",
        "youth_union_joined_on",
        "youth_union_position",
        "study_result",
        "conduct_result",
        "ethnicity",
        "religion",
        "national_id",
        "family_background",
    )

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="students")
    student_code = models.CharField(_("student code"), max_length=20)
    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        related_name="students",
        verbose_name=_("class"),
    )
    place_of_birth = models.CharField(_("place of birth"), max_length=200, blank=True)
    hometown = models.CharField(_("hometown"), max_length=200, blank=True)
    residence = models.CharField(_("permanent residence"), max_length=300, blank=True)
    temporary_residence = models.CharField(_("temporary residence"), max_length=300, blank=True)
    entered_school_on = models.DateField(_("came to the school on"), null=True, blank=True)
    # Set when the school year is closed (graduation); R19 counts from it.
    left_school_on = models.DateField(_("left the school on"), null=True, blank=True)
    youth_union_joined_on = models.DateField(_("joined the Youth Union on"), null=True, blank=True)
    youth_union_position = models.CharField(_("Youth Union position"), max_length=100, blank=True)
    study_result = models.CharField(_("study result"), max_length=30, blank=True)
    conduct_result = models.CharField(_("conduct result"), max_length=30, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    religion = models.CharField(_("religion"), max_length=50, blank=True)
    national_id = models.CharField(_("national ID number"), max_length=20, blank=True)
    family_background = models.TextField(_("family background"), blank=True)
    # Derived keys, kept in step with full_name on every save: accent-free search, school order.
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    sort_name = models.TextField(editable=False, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["sort_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "student_code"], name="unique_student_code_per_branch"
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        for name in self.EDITABLE_FIELDS:
            if isinstance(self._meta.get_field(name), models.CharField):  # one-line text
                setattr(self, name, normalize(getattr(self, name)))
        self.family_background = normalize_multiline(self.family_background)
        self.fill_derived_keys()
        super().save(*args, **kwargs)

    def fill_derived_keys(self):
        """The search and sort keys of the name; bulk writes that bypass save() call it too."""
        self.search_name = fold(self.full_name)
        self.sort_name = sort_string(self.full_name)

    @property
    def is_youth_union_member(self) -> bool:
        return self.youth_union_joined_on is not None


class AppendOnlyError(Exception):
    """An event or a consent record was about to be changed or deleted: the history is only
    ever added to."""


class ConsentQuerySet(models.QuerySet):
    # Append-only like the events: a withdrawal is a record of its own, nothing is rewritten.
    def update(self, **kwargs):
        raise AppendOnlyError("consent records are never changed; record a new one instead")

    def delete(self):
        raise AppendOnlyError("consent records are never deleted; record a new one instead")

    def anonymise(self) -> int:
        """The one exception to append-only, for a student's anonymisation at the end of the
        retention period (candidates/services/retention.py): the names and notes these
        records carry are blanked; what was given or withdrawn, and when, stays."""
        return models.QuerySet.update(self, guardian_name="", note="")


class Consent(models.Model):
    """Consent to the processing of a student's sensitive personal data (Law 91/2025/QH15),
    given or withdrawn on a day. Append-only: a withdrawal is a record of its own and consent
    may be given again later; whether consent is in force on a day is derived
    (`candidates/consent.py`), never stored."""

    class Action(models.TextChoices):
        GIVEN = "given", _("Consent given")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="consents")
    action = models.CharField(_("what"), max_length=10, choices=Action.choices)
    on = models.DateField(_("date"))
    # The version of the consent text the student (and parent) agreed to; blank for a withdrawal.
    text_version = models.CharField(_("version of the consent text"), max_length=20, blank=True)
    student_agreed = models.BooleanField(_("the student agreed"), default=False)
    # Required when the student was under 18 on `on` (the parent's consent too).
    guardian_name = models.CharField(_("parent or guardian"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["on", "pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.student}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("consent records are never changed; record a new one instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("consent records are never deleted; record a new one instead")


def normalize_multiline(text: str) -> str:
    """NFC and trimmed, each line normalized, paragraphs kept."""
    return "\n".join(normalize(line) for line in (text or "").splitlines()).strip()


class PartyMember(models.Model):
    """A Party member of the branch: a mentor or introducer, or an admitted student on probation."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="party_members")
    full_name = models.CharField(_("full name"), max_length=120)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    hometown = models.CharField(_("hometown"), max_length=200, blank=True)
    position = models.CharField(_("Party and school positions"), max_length=200, blank=True)
    joined_on = models.DateField(_("joined the Party on"))
    official_on = models.DateField(_("official member since"), null=True, blank=True)
    started_at_school_on = models.DateField(_("at the school since"), null=True, blank=True)
    left_on = models.DateField(_("left the branch on"), null=True, blank=True)
    # Leaving the school (graduation) does not close the record: the member stays in the branch
    # until the transfer (R19 counts from this day).
    left_school_on = models.DateField(_("left the school on"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_memberships",
        verbose_name=_("user account"),
    )
    sort_name = models.TextField(editable=False, db_index=True)
    # Raised on every change; a save that brings an older version is refused (optimistic lock).
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("Party member")
        verbose_name_plural = _("Party members")
        ordering = ["sort_name", "pk"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = normalize(self.full_name)
        self.hometown = normalize(self.hometown)
        self.position = normalize(self.position)
        self.sort_name = sort_string(self.full_name)
        super().save(*args, **kwargs)

    def in_branch_on(self, day) -> bool:
        """A member of the branch on `day`: joined by then, and not yet left (`left_on` is out)."""
        return self.joined_on <= day and (self.left_on is None or self.left_on > day)

    def is_official_on(self, day) -> bool:
        """Official on `day`: recognised by then and not yet gone from the branch."""
        return self.in_branch_on(day) and self.official_on is not None and self.official_on <= day


class RuleConfig(models.Model):
    """The settings of RULES.md a branch may change (the "(choice)" items and local policy)."""

    branch = models.OneToOneField(Branch, on_delete=models.CASCADE, related_name="rule_config")
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("validity of the awareness-class certificate (months)"), default=60
    )
    paper_freshness_months = models.PositiveSmallIntegerField(
        _("freshness of dossier papers (months)"), default=12
    )
    school_year_end = models.DateField(_("end of the school year"), null=True, blank=True)
    min_study_result = models.CharField(_("lowest study result"), max_length=20, default="Khá")
    min_conduct_result = models.CharField(_("lowest conduct result"), max_length=20, default="Tốt")
    forecast_course_days = models.PositiveSmallIntegerField(
        _("forecast: days until an awareness-class certificate"), default=45
    )
    forecast_dossier_working_days = models.PositiveSmallIntegerField(
        _("forecast: working days to complete a dossier"), default=30
    )
    forecast_decision_working_days = models.PositiveSmallIntegerField(
        _("forecast: working days from the branch's vote to the decision"), default=20
    )

    class Meta:
        verbose_name = _("rule settings")
        verbose_name_plural = _("rule settings")

    def __str__(self):
        return str(self.branch)


class DayOff(models.Model):
    """An extra day off the branch adds to the public holidays (R23)."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="days_off")
    day = models.DateField(_("day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("extra day off")
        verbose_name_plural = _("extra days off")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["branch", "day"], name="one_day_off")]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.reason}"


class CandidateQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def visible_to(self, scope, user):
        """The candidacies a user may see: all of the branch, their class's, or their mentees'."""
        from accounts.models import Membership

        Role = Membership.Role
        if scope.branch is None:
            return self.none()
        qs = self.filter(branch=scope.branch)
        if scope.sees_whole_branch:
            return qs
        # Roles add up: a homeroom teacher who mentors sees their class and their mentees.
        seen = models.Q(pk__in=[])
        if scope.has(Role.HOMEROOM):
            seen |= models.Q(student__school_class__homeroom_teacher=user)
        if scope.has(Role.PARTY_MEMBER):
            # A subquery, not a join, so that a candidate with two mentors is listed once.
            mentoring = MentorAssignment.objects.filter(member__user=user, ended_on__isnull=True)
            seen |= models.Q(pk__in=mentoring.values("candidate"))
        return qs.filter(seen)


class Candidate(models.Model):
    """A student in the admission pipeline; a student has at most one open candidacy."""

    class Stage(models.TextChoices):
        # In the order of the procedure (RULES.md §3); see services.derive_stage.
        NOMINATED = "nominated", _("Nominated")
        SOURCE = "source", _("Source list")
        AWARENESS = "awareness", _("Awareness class")
        MENTORED = "mentored", _("Mentor assigned")
        DOSSIER = "dossier", _("Dossier")
        RESOLVED = "resolved", _("Branch resolution")
        DECIDED = "decided", _("Admission decided")
        PROBATIONARY = "probationary", _("Probationary member")
        OFFICIAL = "official", _("Official member")
        DECLINED = "declined", _("Declined")
        EXITED = "exited", _("Left the pipeline")

    class ExitKind(models.TextChoices):
        WITHDRAWN = "withdrawn", _("Withdrew")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        MOVED = "moved", _("Moved to another school")
        GRADUATED = "graduated", _("Graduated before admission")
        TRANSFERRED = "transferred", _("Transferred to another Party organisation")

    # Stages after which the candidacy is over.
    CLOSED_STAGES = frozenset({Stage.DECLINED, Stage.EXITED, Stage.OFFICIAL})

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="candidates")
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="candidacies", verbose_name=_("student")
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.NOMINATED
    )
    opened_on = models.DateField(_("nominated on"))
    source_since = models.DateField(_("in the source list since"), null=True, blank=True)
    planned_vote_on = models.DateField(_("planned branch meeting"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.TextField(_("reason"), blank=True)
    exit_kind = models.CharField(
        _("why the candidacy ended"), max_length=20, choices=ExitKind.choices, blank=True
    )
    # The stage the exit happened at, so the record stays readable as it was.
    exit_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    # The list of dossier forms in force when the candidacy opened; the dossier keeps it.
    form_list = models.ForeignKey(
        "DossierFormList", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Raised on every change; a save that brings an older version is refused (optimistic lock).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=models.Q(closed_on__isnull=True),
                name="one_open_candidacy_per_student",
            )
        ]

    def __str__(self):
        return self.student.full_name

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class Nomination(models.Model):
    """A proposal of a student by the Youth Union or a homeroom teacher, and its answer."""

    class Kind(models.TextChoices):
        YOUTH_UNION = "youth_union", _("Youth Union")
        HOMEROOM = "homeroom", _("Homeroom teacher")
        COMMITTEE = "committee", _("Branch committee")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the committee")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="nominations")
    kind = models.CharField(_("nominated by"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="nominations"
    )
    created_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    # The day the nominator gives (default today); the candidacy opens on the earliest one.
    nominated_on = models.DateField(_("nominated on"))
    achievements = models.TextField(_("achievements"), blank=True)
    youth_union_roles = models.TextField(_("Youth Union roles"), blank=True)
    results = models.TextField(_("study and conduct results"), blank=True)
    reason = models.TextField(_("why this student"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.candidate}"


class EventQuerySet(models.QuerySet):
    # Deleting a branch, candidate or student still removes its events (Django deletes them
    # without these methods); no code path edits or deletes events on their own.
    def update(self, **kwargs):
        raise AppendOnlyError("events are never changed; record a correction instead")

    def delete(self):
        raise AppendOnlyError("events are never deleted; record a correction instead")

    def anonymise(self, *, name: str, placeholder: str) -> int:
        """The one exception to append-only, for a student's anonymisation at the end of the
        retention period (candidates/services/retention.py): the values of the changes go (the
        fields that changed stay, each [null, null]), the reasons go, and `name` in a summary
        becomes `placeholder`. What happened and when is kept."""
        count = 0
        for pk, changes, summary in self.values_list("pk", "changes", "summary"):
            models.QuerySet.update(
                self.model.objects.filter(pk=pk),
                changes={field: [None, None] for field in changes or {}},
                reason="",
                summary=summary.replace(name, placeholder) if name else summary,
            )
            count += 1
        return count


class Event(models.Model):
    """One recorded change: who, when, what. Never edited; a correction is a new event."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="events")
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    student = models.ForeignKey(
        Student, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    party_member = models.ForeignKey(
        PartyMember, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    # {field: [old, new]} for edits, as text; sensitive fields are masked when shown.
    changes = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    # The record the event is about, as "model:pk" (e.g. "decision:12"), where known.
    record = models.CharField(max_length=60, blank=True, db_index=True)
    # For a correction: the event that recorded what it corrects, where known. Both belong to
    # the same candidacy and go only together (with it), so nothing is done on delete.
    corrects = models.ForeignKey(
        "self", on_delete=models.DO_NOTHING, null=True, blank=True, related_name="corrections"
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.summary

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("events are never changed; record a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("events are never deleted; record a correction instead")


def record_key(record) -> str:
    """How an event names the record it is about: "model:pk"."""
    return f"{record._meta.model_name}:{record.pk}"


# --- the admission pipeline (RULES.md §3) ----------------------------------------------------


class AwarenessCourse(models.Model):
    """A Party awareness class (lớp bồi dưỡng nhận thức về Đảng) that candidates attend."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="courses")
    name = models.CharField(_("course"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("awareness course")
        verbose_name_plural = _("awareness courses")
        ordering = ["-starts_on", "pk"]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d/%m/%Y})"


class CourseAttendance(models.Model):
    """A candidate registered for a course, and the certificate once issued (R4, R5)."""

    course = models.ForeignKey(
        AwarenessCourse, on_delete=models.PROTECT, related_name="attendances"
    )
    candidate = models.ForeignKey("Candidate", on_delete=models.CASCADE, related_name="attendances")
    registered_on = models.DateField(_("registered on"))
    certificate_number = models.CharField(_("certificate number"), max_length=50, blank=True)
    certificate_issued_on = models.DateField(_("certificate date"), null=True, blank=True)
    certificate_issuer = models.CharField(_("issued by"), max_length=200, blank=True)

    class Meta:
        ordering = ["registered_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "candidate"], name="attend_course_once")
        ]

    def __str__(self):
        return f"{self.candidate} — {self.course}"


class MentorAssignment(models.Model):
    """An official member assigned to help a candidate (before admission or on probation)."""

    class Period(models.TextChoices):
        ADMISSION = "admission", _("Before admission")
        PROBATION = "probation", _("Probation")

    candidate = models.ForeignKey("Candidate", on_delete=models.CASCADE, related_name="mentors")
    member = models.ForeignKey(
        PartyMember, on_delete=models.PROTECT, related_name="mentees", verbose_name=_("mentor")
    )
    period = models.CharField(max_length=20, choices=Period.choices, default=Period.ADMISSION)
    assigned_on = models.DateField(_("assigned on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    reference = models.CharField(_("resolution or decision"), max_length=100, blank=True)
    # The branch meeting that decided the assignment and its vote (the resolution's papers);
    # the official members come from the roster of that day.
    meeting_on = models.DateField(_("decided at the branch meeting of"), null=True, blank=True)
    official_members = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    present = models.PositiveSmallIntegerField(_("members present"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_on", "pk"]

    def __str__(self):
        return f"{self.member} → {self.candidate}"

    @property
    def vote_text(self) -> str:
        """The vote of the meeting that decided it, as the papers word it ("" if not known)."""
        if self.votes_for is None or not self.official_members:
            return ""
        return rules.vote_for_text(self.votes_for, self.official_members)


# The headings of an assessment (FORMS.md), each written as strengths (the heading's own field,
# e.g. `political`) and weaknesses (`political_weaknesses`); probation adds the member's duties.
HEADINGS = {
    "political": _("political quality"),
    "ethics": _("ethics and lifestyle"),
    "ability": _("ability to study and work"),
    "relations": _("relations with people"),
    "duties": _("carrying out a member's duties"),
}


def weaknesses(heading):
    return f"{heading}_weaknesses"


class Assessment(models.Model):
    """The four headings of FORMS.md, each with strengths and weaknesses (abstract)."""

    ASSESSMENT_HEADINGS = ("political", "ethics", "ability", "relations")

    political = models.TextField(_("political quality: strengths"), blank=True)
    political_weaknesses = models.TextField(_("political quality: weaknesses"), blank=True)
    ethics = models.TextField(_("ethics and lifestyle: strengths"), blank=True)
    ethics_weaknesses = models.TextField(_("ethics and lifestyle: weaknesses"), blank=True)
    ability = models.TextField(_("ability to study and work: strengths"), blank=True)
    ability_weaknesses = models.TextField(_("ability to study and work: weaknesses"), blank=True)
    relations = models.TextField(_("relations with people: strengths"), blank=True)
    relations_weaknesses = models.TextField(_("relations with people: weaknesses"), blank=True)

    class Meta:
        abstract = True

    @classmethod
    def assessment_fields(cls) -> list[str]:
        """Every field of the assessment, strengths then weaknesses of each heading."""
        return [name for h in cls.ASSESSMENT_HEADINGS for name in (h, weaknesses(h))]

    def written_headings(self) -> list[tuple]:
        """(heading, strengths, weaknesses) of each heading with something written."""
        rows = []
        for heading in self.ASSESSMENT_HEADINGS:
            strengths, weak = getattr(self, heading), getattr(self, weaknesses(heading))
            if strengths or weak:
                rows.append((HEADINGS[heading], strengths, weak))
        return rows


class MentorReview(Assessment):
    """A mentor's periodic review of the candidate, written from the mentor's own login; on
    probation it covers the member's duties and says whether the mentor recommends
    recognition (11-KNĐ)."""

    class Recommendation(models.TextChoices):
        FOR = "for", _("Recommends recognition as an official member")
        AGAINST = "against", _("Does not recommend recognition")

    ASSESSMENT_HEADINGS = (*Assessment.ASSESSMENT_HEADINGS, "duties")
    duties = models.TextField(_("carrying out a member's duties: strengths"), blank=True)
    duties_weaknesses = models.TextField(
        _("carrying out a member's duties: weaknesses"), blank=True
    )

    assignment = models.ForeignKey(
        MentorAssignment, on_delete=models.CASCADE, related_name="reviews"
    )
    written_on = models.DateField(_("date"))
    summary = models.TextField(_("review"))
    recommendation = models.CharField(
        _("recognition as an official member"),
        max_length=10,
        choices=Recommendation.choices,
        blank=True,
    )
    recommendation_reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["written_on", "pk"]

    def __str__(self):
        return f"{self.assignment} ({self.written_on:%d/%m/%Y})"


class Introduction(Assessment):
    """An official member's introduction (3-KNĐ; 3A-KNĐ for two introducers) — R6, R7, R8."""

    candidate = models.ForeignKey(
        "Candidate", on_delete=models.CASCADE, related_name="introductions"
    )
    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="+")
    introduced_on = models.DateField(_("introduced on"))
    is_replacement = models.BooleanField(_("replacement assigned by the branch"), default=False)
    points_to_note = models.TextField(_("points to note"), blank=True)

    class Meta:
        ordering = ["introduced_on", "pk"]

    def __str__(self):
        return f"{self.member} → {self.candidate}"


class YouthUnionResolution(Assessment):
    """The grassroots Youth Union committee's resolution introducing the member (4-KNĐ)."""

    candidate = models.ForeignKey(
        "Candidate", on_delete=models.CASCADE, related_name="youth_resolutions"
    )
    number = models.CharField(_("number"), max_length=50)
    adopted_on = models.DateField(_("adopted on"))
    committee_members = models.PositiveSmallIntegerField(_("members of the committee"))
    present = models.PositiveSmallIntegerField(_("present"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["adopted_on", "pk"]

    def __str__(self):
        return f"{self.number} — {self.candidate}"


class Consultation(models.Model):
    """A body asked for its comments on the candidate — the organisation where they study (5C-KNĐ)
    or the Party cell where they live (5B-KNĐ) — summarised by the branch in 5-KNĐ."""

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation where the candidate studies (5C-KNĐ)")
        RESIDENCE = "residence", _("Party cell where the candidate lives (5B-KNĐ)")

    # The dossier paper that each kind of comments is.
    PAPERS = {Kind.ORGANISATION: "5C-KNĐ", Kind.RESIDENCE: "5B-KNĐ"}

    candidate = models.ForeignKey(
        "Candidate", on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("body consulted"), max_length=20, choices=Kind.choices)
    body = models.CharField(_("name of the body"), max_length=200)
    consulted_on = models.DateField(_("date of the comments"))
    asked = models.PositiveSmallIntegerField(_("members asked"))
    agreed = models.PositiveSmallIntegerField(_("members in favour"))
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)

    class Meta:
        ordering = ["consulted_on", "pk"]

    def __str__(self):
        return f"{self.body} — {self.candidate}"

    @property
    def agreed_text(self) -> str:
        return rules.consulted_text(self.agreed, self.asked)


def scan_path(item, filename):
    # Random-free, predictable and outside any static folder; the view checks access.
    return f"dossier/{item.candidate.branch_id}/{item.candidate_id}/{item.code}-{filename}"


class DossierItem(models.Model):
    """One paper of the dossier (RULES.md §2) for one candidate: status, date, who, scan."""

    class Status(models.TextChoices):
        MISSING = "missing", _("Missing")
        RECEIVED = "received", _("Received")
        VERIFIED = "verified", _("Verified")
        NOT_NEEDED = "not_needed", _("Not needed")

    candidate = models.ForeignKey("Candidate", on_delete=models.CASCADE, related_name="dossier")
    code = models.CharField(_("form"), max_length=20)
    form_version = models.CharField(max_length=40)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.MISSING)
    dated_on = models.DateField(_("date of the paper"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    scan = models.FileField(_("scan"), upload_to=scan_path, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "code"], name="one_item_per_form")
        ]

    def __str__(self):
        return f"{self.code} — {self.candidate}"


class BranchMeeting(models.Model):
    """A branch meeting that votes on admissions or recognitions; one meeting, many candidates."""

    class Purpose(models.TextChoices):
        ADMISSION = "admission", _("Admission")
        RECOGNITION = "recognition", _("Recognition as official member")

    class Method(models.TextChoices):
        SECRET = "secret", _("Secret ballot")
        CARDS = "cards", _("Show of cards")

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="meetings")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    held_on = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    ends_at = models.TimeField(_("ends at"), null=True, blank=True)
    chair = models.ForeignKey(
        PartyMember, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("chair")
    )
    minutes_taker = models.ForeignKey(
        PartyMember,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("minutes taken by"),
    )
    method = models.CharField(_("how they voted"), max_length=10, choices=Method.choices)
    # From the roster on the meeting date (R12): all official and probationary members.
    official_members = models.PositiveSmallIntegerField(_("official members"))
    probationary_members = models.PositiveSmallIntegerField(_("probationary members"))
    present_official = models.PositiveSmallIntegerField(_("official members present"))
    present_probationary = models.PositiveSmallIntegerField(_("probationary members present"))
    # [{"name": ..., "official": bool, "reason": ...}] for each absent member.
    absences = models.JSONField(default=list, blank=True)
    resolution_number = models.CharField(_("resolution number"), max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "pk"]

    def __str__(self):
        return f"{self.get_purpose_display()} {self.held_on:%d/%m/%Y}"


class MeetingVote(Assessment):
    """How one meeting voted on one candidate (R12: two thirds of all official members)."""

    meeting = models.ForeignKey(BranchMeeting, on_delete=models.CASCADE, related_name="votes")
    candidate = models.ForeignKey("Candidate", on_delete=models.CASCADE, related_name="votes")
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    against_reasons = models.TextField(_("reasons of those against"), blank=True)
    typed_official_members = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField()

    class Meta:
        ordering = ["meeting__held_on", "pk"]

    def __str__(self):
        return f"{self.meeting} — {self.candidate}"


class IntermediateResolution(models.Model):
    """The resolution of a committee between the branch and the decider (7/8-KNĐ, R13)."""

    candidate = models.ForeignKey(
        "Candidate", on_delete=models.CASCADE, related_name="intermediate_resolutions"
    )
    committee_name = models.CharField(_("committee"), max_length=200)
    number = models.CharField(_("number"), max_length=50, blank=True)
    adopted_on = models.DateField(_("adopted on"))
    members = models.PositiveSmallIntegerField(_("members of the committee"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))

    def __str__(self):
        return f"{self.committee_name} — {self.candidate}"


class Decision(models.Model):
    """The admission decision (9-KNĐ), received from the competent committee (R20: data)."""

    candidate = models.OneToOneField("Candidate", on_delete=models.CASCADE, related_name="decision")
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("issued on"))
    received_on = models.DateField(_("received on"))
    issuer = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    signer = models.CharField(_("signed by"), max_length=120, blank=True)

    def __str__(self):
        return f"{self.number} — {self.candidate}"


class DecisionExtension(models.Model):
    """The superior's extension of the decision's deadline by 30 working days (R14)."""

    candidate = models.OneToOneField(
        "Candidate", on_delete=models.CASCADE, related_name="decision_extension"
    )
    reference = models.CharField(_("superior's document granting it"), max_length=200)
    granted_on = models.DateField(_("granted on"))

    def __str__(self):
        return f"{self.reference} — {self.candidate}"


class Ceremony(models.Model):
    """The admission ceremony and its minutes: the candidate becomes a probationary member
    (R15, R16)."""

    candidate = models.OneToOneField("Candidate", on_delete=models.CASCADE, related_name="ceremony")
    held_on = models.DateField(_("ceremony date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    consent_reference = models.CharField(
        _("superior's consent to a late ceremony"), max_length=200, blank=True
    )
    member = models.OneToOneField(PartyMember, on_delete=models.PROTECT, related_name="ceremony")
    # The minutes of the ceremony (FORMS.md).
    chair = models.ForeignKey(
        PartyMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chair"),
    )
    minutes_taker = models.ForeignKey(
        PartyMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes taken by"),
    )
    guests = models.TextField(_("guests"), blank=True)
    present_official = models.PositiveSmallIntegerField(
        _("official members present"), null=True, blank=True
    )
    present_probationary = models.PositiveSmallIntegerField(
        _("probationary members present"), null=True, blank=True
    )
    decision_read = models.BooleanField(_("the admission decision was read"), default=False)
    oath_taken = models.BooleanField(_("the new member took the oath"), default=False)

    def __str__(self):
        return f"{self.held_on:%d/%m/%Y} — {self.candidate}"


class Recognition(models.Model):
    """Recognition as an official member after probation (R16, R17)."""

    candidate = models.OneToOneField(
        "Candidate", on_delete=models.CASCADE, related_name="recognition"
    )
    resolution_on = models.DateField(_("branch resolution date"))
    resolution_number = models.CharField(_("resolution number"), max_length=50, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_on = models.DateField(_("decision date"), null=True, blank=True)
    official_on = models.DateField(_("official member since"))

    def __str__(self):
        return f"{self.official_on:%d/%m/%Y} — {self.candidate}"


class DossierFormList(models.Model):
    """A version of the dossier's list of forms (RULES.md §2) and the day from which it applies.

    The built-in list has no branch; a branch's secretary adds a version when the Party reissues
    its forms. A candidate keeps the version in force when their candidacy opened.
    """

    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, null=True, blank=True, related_name="form_lists"
    )
    version = models.CharField(_("version"), max_length=40)
    source = models.CharField(_("guidance that issued the forms"), max_length=200, blank=True)
    applies_from = models.DateField(_("applies from"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("list of dossier forms")
        verbose_name_plural = _("lists of dossier forms")
        ordering = ["-applies_from", "-pk"]

    def __str__(self):
        return self.version


class DossierForm(models.Model):
    """One form of a list: its code, title, when it is needed and for whom."""

    class Needed(models.TextChoices):
        BEFORE_VOTE = "before_vote", _("Needed before the branch votes")
        ADMISSION = "admission", _("In the admission dossier, not needed before the vote")
        PROBATION = "probation", _("Probation and recognition")

    class OnlyFor(models.TextChoices):
        EVERYONE = "", _("Every candidate")
        YOUTH_UNION = "youth_union", _("Youth Union members")
        OTHERS = "others", _("Candidates who are not Youth Union members")
        INTERMEDIATE = (
            "intermediate",
            _("Where a committee sits between the branch and the decider"),
        )

    form_list = models.ForeignKey(DossierFormList, on_delete=models.CASCADE, related_name="forms")
    position = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("form"), max_length=20)
    title = models.CharField(_("paper"), max_length=200)
    needed = models.CharField(_("needed"), max_length=20, choices=Needed.choices)
    only_for = models.CharField(_("for"), max_length=20, choices=OnlyFor.choices, blank=True)
    must_be_fresh = models.BooleanField(
        _("no older than the freshness setting on the day of the vote (R11)"), default=False
    )

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form_list", "code"], name="one_form_per_code")
        ]

    def __str__(self):
        return f"{self.code} — {self.title}"


class SubmissionToken(models.Model):
    """A rendered form's one-time token, stored in the transaction that records the form: the
    same form sent again (double click, Back and resend) finds it and records nothing."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    # Where the first sending led (the page of what it recorded).
    result = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return self.token
