from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in; Vietnamese names are kept whole, never split into first/last."""

    full_name = models.CharField(_("full name"), max_length=120, blank=True)

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
    """The superior Party committee of a branch (RULES.md R20: data, never code)."""

    name = models.CharField(_("name as printed"), max_length=200)
    decides_admissions = models.BooleanField(_("decides admissions"), default=True)

    class Meta:
        verbose_name = _("superior committee")
        verbose_name_plural = _("superior committees")

    def __str__(self):
        return self.name


class Branch(models.Model):
    name = models.CharField(_("name as printed"), max_length=200)
    school = models.CharField(_("school"), max_length=200)
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="branches", verbose_name=_("committee")
    )
    place_name = models.CharField(_("place name for the date line"), max_length=100)
    department = models.CharField(_("department of education"), max_length=200, blank=True)
    # A Party committee between the branch and the committee that decides (RULES.md R13): its
    # resolution (7/8-KNĐ) comes before the decision. None: the branch proposes directly.
    intermediate_committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("committee between the branch and the decider"),
    )
    document_code = models.CharField(_("document code"), max_length=20, default="CB")

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self):
        return self.name


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
