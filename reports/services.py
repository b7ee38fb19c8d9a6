"""Issuing a document (the only writer of the register) and keeping what was written on a
draft."""

import re

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import conflict
from accounts.models import Branch
from candidates.errors import DomainError, bump_version

from . import builders, papers
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
        raise _same_moment() from None


def _same_moment() -> DomainError:
    return DomainError(
        _("Someone issued a document of this type at the same moment; issue it again.")
    )


def _issue(branch, actor, kind, options, on):
    type_code = builders.KINDS[kind].type_code

    def make(branch, number):
        options.number, options.issued_on = number, on
        return builders.build(kind, branch, options)

    chooses_period = builders.KINDS[kind].chooses_period
    return _register(
        branch,
        actor,
        kind,
        type_code,
        make,
        on,
        period_start=options.period.start if chooses_period else None,
        period_end=options.period.end if chooses_period else None,
        candidate=options.candidate,
    )


def _register(branch, actor, kind, type_code, make, on, fixed=None, **links) -> IssuedDocument:
    """Lock the branch, give the document `make(branch, number)` the next number of its type in
    the term (or `fixed`, (sequence, number), a number it already has) and keep its files as
    issued."""
    branch = Branch.objects.select_for_update().select_related("committee").get(pk=branch.pk)
    sequence, number = fixed or next_number(branch, type_code)
    document = make(branch, number)
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
        pdf=render_pdf(document),
        xlsx=render_xlsx(document) if kind in builders.KINDS else b"",
        docx=render_docx(document),
        wording=document.wording,
        **links,
    )


def paper_issue(*, branch, actor, kind, build, candidate=None, meeting=None, on=None):
    """Number a paper of the branch in its register: `build()` gives the draft (dated by what
    it records, as the draft was), issued with the number its record carries (a meeting's
    resolution number) or else the next number of its type in the term, its PDF and Word file
    kept as issued. A paper is issued once: issuing it again is refused."""
    paper = papers.kind_of(kind)
    if paper is None or not paper.issuable:
        raise DomainError(_("This paper is signed by others; the branch does not issue it."))

    draft = build()

    def make(branch, number):  # the draft, numbered: built once
        draft.number, draft.draft = number, False
        return draft

    try:
        with transaction.atomic():
            Branch.objects.select_for_update().get(pk=branch.pk)  # one issuer at a time
            done = IssuedDocument.objects.filter(
                branch=branch, kind=kind, candidate=candidate, meeting=meeting
            ).first()
            if done is not None:
                raise DomainError(
                    _("This paper was issued already: %(number)s.") % {"number": done.number}
                )
            return _register(
                branch,
                actor,
                kind,
                paper.type_code,
                make,
                on or timezone.localdate(),
                fixed=_recorded_number(branch, paper, draft.number),
                candidate=candidate,
                meeting=meeting,
            )
    except IntegrityError:
        raise _same_moment() from None


def _recorded_number(branch, paper, number):
    """(sequence, number) of a number the paper's record already carries ("06-NQ/CB", typed with
    the meeting): the register keeps it rather than giving a second one. None without one."""
    if not number:
        return None
    found = re.fullmatch(r"(\d+)-([^/]+)/(.+)", number.strip())
    if not found or (found[2], found[3]) != (paper.type_code, branch.document_code):
        raise DomainError(
            _(
                "The paper already has the number %(number)s, recorded with it, which is not "
                "a number of this register (%(example)s): correct it where it was recorded, or "
                "leave it empty to be given the next one."
            )
            % {"number": number, "example": f"01-{paper.type_code}/{branch.document_code}"}
        )
    sequence = int(found[1])
    taken = IssuedDocument.objects.filter(
        branch=branch, type_code=paper.type_code, term=term_of(branch), sequence=sequence
    ).first()
    if taken is not None:
        raise DomainError(
            _("The number %(number)s recorded with the paper is already given to %(title)s.")
            % {"number": number, "title": taken.title}
        )
    return sequence, f"{sequence:02d}-{paper.type_code}/{branch.document_code}"


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
