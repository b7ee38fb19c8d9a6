from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Branch


class AnnualPlan(models.Model):
    """The branch's yearly plan for admitting students, its document text and its targets."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number"), max_length=30, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    title = models.CharField(_("summary line"), max_length=300)
    basis = models.TextField(_("basis (căn cứ)"), blank=True)
    purpose = models.TextField(_("purpose and requirements"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    tasks = models.TextField(_("tasks and solutions"), blank=True)
    organisation = models.TextField(_("implementation"), blank=True)
    closing = models.TextField(_("closing paragraph"), blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer"), max_length=120, blank=True)
    target_admissions = models.PositiveSmallIntegerField(_("new members to admit"))
    target_source = models.PositiveSmallIntegerField(_("source pool"), null=True, blank=True)
    target_awareness_class = models.PositiveSmallIntegerField(
        _("awareness class attendees"), null=True, blank=True
    )
    # Raised on every save; a save that brings an older version is refused (optimistic lock).
    version = models.PositiveIntegerField(default=1, editable=False)

    # The document's text, in its order (the plan's PDF and its form follow it).
    TEXT_FIELDS = (
        "title",
        "basis",
        "purpose",
        "objectives",
        "tasks",
        "organisation",
        "closing",
        "recipients",
        "signer_title",
        "signer_name",
    )
    FIELDS = (
        "number",
        "issued_on",
        *TEXT_FIELDS,
        "target_admissions",
        "target_source",
        "target_awareness_class",
    )

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "year"], name="one_plan_per_branch_year")
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"
