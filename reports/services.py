"""Issuing a document (the only writer of the register) and keeping what was written on a
draft."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import conflict
from accounts.models import Branch
from candidates.errors import DomainError, bump_version

from . import builders
from .docx import render_docx
from .models import IssuedDocument, SavedDraft
from .pdf import render_pdf
from .xlsx import render_xlsx


def term_of(branch) -> str:
    """The key of the committee's current term: numbers start again from 01 in a new one."""
    return branch.term_starts_on.isoformat() if branch.term_starts_on else ""


def next_number(branch, type_code) -> tuple[int, str]:
    """(sequence, "03-BC/CB") of the next document of this type in the current term."""
    last = IssuedDocument.objects.filter(
        branch=branch, type_code=type_code, term=term_of(branch)
    ).aggregate(last=Max("sequence"))["last"]
    sequence = (last or 0) + 1
    return sequence, f"{sequence:02d}-{type_code}/{branch.document_code}"


def document_issue(*, branch, actor, kind, options, on=None) -> IssuedDocument:
    """Give the document the next number of its type in the term and today's date, render it
    once and keep both files as issued. The branch's row is locked meanwhile, so two people
    issuing at once get consecutive numbers; the unique constraint is the last guard."""
    try:
        with transaction.atomic():
            return _issue(branch, actor, kind, options, on or timezone.localdate())
    except IntegrityError:
        raise DomainError(
            _("Someone issued a document of this type at the same moment; issue it again.")
        ) from None


def _issue(branch, actor, kind, options, on):
    branch = Branch.objects.select_for_update().select_related("committee").get(pk=branch.pk)
    type_code = builders.KINDS[kind].type_code
    sequence, number = next_number(branch, type_code)
    options.number, options.issued_on = number, on
    document = builders.build(kind, branch, options)
    return IssuedDocument.objects.create(
        branch=branch,
        kind=kind,
        type_code=type_code,
        term=term_of(branch),
        sequence=sequence,
        number=number,
        title=f"{document.type_name} {document.summary}".strip(),
        issued_on=on,
        issued_by=actor,
        period_start=options.period.start if builders.KINDS[kind].chooses_period else None,
        period_end=options.period.end if builders.KINDS[kind].chooses_period else None,
        candidate=options.candidate,
        pdf=render_pdf(document),
        xlsx=render_xlsx(document),
        docx=render_docx(document),
    )


def draft_save(*, branch, actor, kind, period, content: dict, version) -> SavedDraft:
    """Keep what was written on the draft of `kind` for `period`. `version` is the saved
    draft's version the form was opened with (None: there was none); someone else's save since
    then is a conflict, unless they saved exactly this (a form sent twice)."""
    key = {"branch": branch, "kind": kind, "period_start": period.start, "period_end": period.end}
    try:
        with transaction.atomic():
            saved = SavedDraft.objects.select_for_update().filter(**key).first()
            if saved is None:
                return SavedDraft.objects.create(**key, content=content, saved_by=actor)
            if saved.content == content:
                return saved
            bump_version(saved, -1 if version is None else version)
            saved.content, saved.saved_by = content, actor
            saved.save(update_fields=["content", "saved_by", "saved_at"])
            return saved
    except IntegrityError:  # two first saves at the same moment
        raise conflict() from None
