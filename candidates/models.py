from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Branch

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
    residence = models.CharField(_("residence"), max_length=300, blank=True)
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
        for name in (
            "student_code",
            "full_name",
            "place_of_birth",
            "hometown",
            "residence",
            "youth_union_position",
            "study_result",
            "conduct_result",
            "ethnicity",
            "religion",
            "national_id",
        ):
            setattr(self, name, normalize(getattr(self, name)))
        self.family_background = normalize_multiline(self.family_background)
        self.search_name = fold(self.full_name)
        self.sort_name = sort_string(self.full_name)
        super().save(*args, **kwargs)

    @property
    def is_youth_union_member(self) -> bool:
        return self.youth_union_joined_on is not None


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
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="party_memberships",
        verbose_name=_("user account"),
    )
    sort_name = models.TextField(editable=False, db_index=True)

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

    def is_official_on(self, day) -> bool:
        """Official on `day`: recognised by then and not yet gone from the branch."""
        in_branch = self.joined_on <= day and (self.left_on is None or self.left_on > day)
        return in_branch and self.official_on is not None and self.official_on <= day
