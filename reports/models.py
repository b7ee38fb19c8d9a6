from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Branch


class IssuedDocument(models.Model):
    """A document as the branch issued it: its number within the committee's term (R21), the
    date, who issued it, and the PDF, workbook and Word file exactly as issued (never rendered
    again)."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="issued_documents")
    kind = models.CharField(_("document"), max_length=20)
    type_code = models.CharField(_("type"), max_length=10)
    # The term the number belongs to: the ISO date it started, "" while the branch has none.
    term = models.CharField(max_length=10, blank=True)
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("summary line"), max_length=400)
    issued_on = models.DateField(_("issued on"))
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A paper of a branch meeting (its minutes, a resolution on one of its candidates).
    meeting = models.ForeignKey(
        "candidates.BranchMeeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The versions of the paper's wording it was made with ({block: version}, 0 the default;
    # reports.wording.text_of reads them back); empty for a report.
    wording = models.JSONField(default=dict, blank=True)
    pdf = models.BinaryField()
    xlsx = models.BinaryField()  # empty for a paper (a PDF and a Word file only)
    docx = models.BinaryField(default=b"")  # empty for a document issued before Word files

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "type_code", "term", "sequence"], name="one_number_per_term"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("an issued document is never changed")
        super().save(*args, **kwargs)


class SavedDraft(models.Model):
    """What the secretary wrote on a document's draft — the sections, recipients, addressee and
    signer, as typed — kept so that a report written over several sittings is not lost before
    it is issued. One per document and period; written again as it changes (a draft is not a
    record: the issued document keeps what was issued)."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="saved_drafts")
    kind = models.CharField(max_length=20)
    period_start = models.DateField()
    period_end = models.DateField()
    content = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "kind", "period_start", "period_end"], name="one_saved_draft"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.period_start}–{self.period_end}"


class PaperWording(models.Model):
    """One version of an editable block of a paper's wording for a branch (the "Căn cứ" lines,
    the mentor's duties: reports.papers.wording). Append-only: a change, and going back to the
    built-in default, is a new version (1, 2, … per branch, paper and block); a paper made with
    a version can always be read again with it."""

    branch = models.ForeignKey(Branch, on_delete=models.CASCADE, related_name="paper_wordings")
    kind = models.CharField(_("paper"), max_length=40)
    block = models.CharField(_("block"), max_length=40)
    text = models.TextField(_("text"), blank=True)
    version = models.PositiveIntegerField(_("version"))
    is_default = models.BooleanField(default=False)  # the built-in wording, restored
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("paper wording")
        verbose_name_plural = _("paper wordings")
        ordering = ["branch", "kind", "block", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "kind", "block", "version"], name="one_wording_version"
            )
        ]

    def __str__(self):
        return f"{self.kind} {self.block} v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("a version of a paper's wording is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a version of a paper's wording is never deleted")
