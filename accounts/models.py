from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in; Vietnamese names are kept whole, never split into first/last."""

    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    # Set when the secretary gives a first password: the person chooses their own at first login.
    must_change_password = models.BooleanField(_("must change the password"), default=False)
    # Raised by every edit through a form: a save on top of someone else's is refused.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else self.username

    def __str__(self):
        return self.get_full_name()


class Committee(models.Model):
    """A Party committee above branches (RULES.md R20: data, never code); committees form a
    tree, so that the one that decides admissions may sit above a branch's direct superior."""

    name = models.CharField(_("name as printed"), max_length=200)
    decides_admissions = models.BooleanField(_("decides admissions"), default=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("committee above"),
    )

    class Meta:
        verbose_name = _("superior committee")
        verbose_name_plural = _("superior committees")

    def __str__(self):
        return self.name

    @property
    def decider(self):
        """The committee that decides admissions: this one, or the nearest above that does."""
        committee = self
        while not committee.decides_admissions and committee.parent_id:
            committee = committee.parent
        return committee


MARGINS_MM = (5, 50)  # what a printed page can take, in millimetres


def _margin(label, default):
    return models.PositiveSmallIntegerField(
        label,
        default=default,
        validators=[MinValueValidator(MARGINS_MM[0]), MaxValueValidator(MARGINS_MM[1])],
    )


class Branch(models.Model):
    name = models.CharField(_("name as printed"), max_length=200)
    school = models.CharField(_("school"), max_length=200)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="branches", verbose_name=_("committee")
    )
    place_name = models.CharField(_("place name for the date line"), max_length=100)
    department = models.CharField(_("department of education"), max_length=200, blank=True)
    document_code = models.CharField(_("document code"), max_length=20, default="CB")
    # The Youth Union body above the school's Youth Union committee, as printed on the left of
    # the Youth Union's header (4-KNĐ; FORMS.md, Headers); blank: that line is left out.
    youth_union_superior = models.CharField(
        _("superior Youth Union body"), max_length=200, blank=True
    )
    # The committee's current term (nhiệm kỳ): documents are numbered within it (RULES.md R21).
    term_starts_on = models.DateField(_("term starts on"), null=True, blank=True)
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True)
    # A grassroots branch (chi bộ cơ sở) stamps its own papers; one without a seal has them
    # confirmed by the committee above (FORMS.md, Headers).
    has_own_seal = models.BooleanField(_("has its own seal"), default=True)
    # The page margins of the branch's documents in millimetres (RULES.md §5: 20/20/30/15).
    margin_top_mm = _margin(_("top margin (mm)"), 20)
    margin_bottom_mm = _margin(_("bottom margin (mm)"), 20)
    margin_left_mm = _margin(_("left margin (mm)"), 30)
    margin_right_mm = _margin(_("right margin (mm)"), 15)
    # School PCs are shared: a session left open ends after this long without a request.
    session_idle_minutes = models.PositiveSmallIntegerField(
        _("sign out after (minutes without activity)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    # Personal data of students who left the pipeline without admission is anonymised this many
    # months after their last candidacy closed (Law 91/2025/QH15; candidates/services/retention).
    retention_months = models.PositiveSmallIntegerField(
        _("keep the data of students who left the pipeline for (months)"),
        default=24,
        validators=[MinValueValidator(6), MaxValueValidator(240)],
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self):
        return self.name

    @property
    def intermediate_committee(self):
        """The committee between the branch and the one that decides (RULES.md R13): the
        superior committee when it does not decide admissions itself. Its resolution (7/8-KNĐ)
        comes before the decision. None: the branch proposes directly to the decider."""
        committee = self.committee
        return committee if not committee.decides_admissions and committee.parent_id else None


class Membership(models.Model):
    """A user's role in a branch; one person may hold several roles."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Secretary")
        COMMITTEE = "committee", _("Committee member")
        YOUTH_UNION = "youth_union", _("Youth Union officer")
        HOMEROOM = "homeroom", _("Homeroom teacher")
        PARTY_MEMBER = "party_member", _("Party member")

    # The role groups, named once. Who runs the whole pipeline, the plan and the reports:
    MANAGERS = frozenset({Role.SECRETARY, Role.COMMITTEE})
    # who sees every student and candidate of the branch (the Youth Union without the
    # sensitive fields):
    BRANCH_WIDE = MANAGERS | {Role.YOUTH_UNION}
    # who finds and nominates students (a homeroom teacher: in their own classes):
    NOMINATORS = BRANCH_WIDE | {Role.HOMEROOM}
    # who may force a step that the rules block, with a written reason:
    MAY_FORCE = frozenset({Role.SECRETARY})

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "branch", "role"], name="unique_role_per_branch"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.branch}"


class AccountEvent(models.Model):
    """One change to the branch's people, roles or settings: who, when, what. Append-only."""

    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, null=True, blank=True, related_name="account_events"
    )
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The person the change is about, if any (none for the branch's settings).
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="account_events"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    # {label: [old, new]} as display text.
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.summary

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("account events are never edited")
        super().save(*args, **kwargs)


class AccessLog(models.Model):
    """What the law on personal data asks a controller to be able to show: sign-ins (failed
    ones too), sign-outs, every view of a page showing sensitive personal data and every file
    downloaded. Append-only, and never a sensitive value: what was looked at is named (a
    student's name, a file's name), not what it showed."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Failed sign-in")
        LOGOUT = "logout", _("Signed out")
        SENSITIVE_VIEW = "sensitive_view", _("Viewed sensitive personal data")
        DOWNLOAD = "download", _("Downloaded a file")
        CONSENT_GIVEN = "consent_given", _("Recorded a consent to sensitive data")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Recorded a withdrawal of consent")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The name typed at a failed sign-in (an unknown one too); the user's, otherwise.
    username = models.CharField(max_length=150, blank=True, db_index=True)
    branch = models.ForeignKey(
        Branch, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    path = models.CharField(max_length=300, blank=True)
    subject = models.CharField(_("about"), max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("the access log is never edited")
        super().save(*args, **kwargs)


class SetupCode(models.Model):
    """The one-time code that the set-up page asks for while no branch exists; the server
    prints it in its terminal, so only whoever runs the server can claim the installation."""

    code = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"set-up code of {self.created_at:%Y-%m-%d %H:%M}"


class DataStamp(models.Model):
    """One row whose token changes, in the same transaction, with every write to the records
    (accounts.stamp): what is derived from the records may be kept under the token it was
    computed at, and can never be read after the records changed."""

    token = models.CharField(max_length=32)

    def __str__(self):
        return self.token
