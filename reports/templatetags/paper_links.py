"""`{% paper_links kind meeting=… candidate=… %}`: a paper's links where its record is shown —
the draft as PDF and Word and, for the branch's managers, "Issue"; once issued, its number and
the files as issued. The branch's issued papers are read once per page."""

from django import template
from django.urls import reverse

from reports import papers
from reports.models import IssuedDocument

register = template.Library()


def _issued(context) -> dict:
    """{(kind, meeting id, candidate id): issued paper} of the branch, once per request (the
    rendering context is new in each included template)."""
    holder = context.get("request") or context.render_context
    if not hasattr(holder, "issued_papers"):
        scope = context["scope"]
        kinds = [*papers.PAPERS, *papers.CANDIDATE_PAPERS]
        found = IssuedDocument.objects.filter(branch=scope.branch, kind__in=kinds).only(
            "pk", "kind", "meeting_id", "candidate_id", "number"
        )
        holder.issued_papers = {(d.kind, d.meeting_id, d.candidate_id): d for d in found}
    return holder.issued_papers


@register.inclusion_tag("reports/_paper_links.html", takes_context=True)
def paper_links(context, kind, meeting=None, candidate=None, record=None):
    paper = papers.kind_of(kind)
    candidate_id = getattr(candidate, "pk", candidate)
    scope = context["scope"]
    if meeting is not None:
        args = [meeting.pk, kind, *([candidate_id] if paper.per_candidate else [])]
        draft = [reverse("reports:meeting_paper", args=[*args, fmt]) for fmt in ("pdf", "docx")]
        issue_url = reverse("reports:meeting_paper_issue", args=args)
        key = (kind, meeting.pk, candidate_id if paper.per_candidate else None)
    else:
        args = [candidate_id, kind]
        draft = [reverse("reports:candidate_paper", args=[*args, fmt]) for fmt in ("pdf", "docx")]
        if record is not None:
            draft = [f"{url}?record={record}" for url in draft]
        issue_url = reverse("reports:candidate_paper_issue", args=args)
        key = None  # found below, under the candidate the paper is issued under
    may_issue = paper.issuable and scope.is_manager
    issued = None
    if may_issue:
        found = _issued(context)
        if key is None:
            # The group's holder is looked for only if a paper of its kind was ever issued.
            if kind in papers.GROUPS and any(k[0] == kind for k in found):
                candidate_id = papers.holder_id(kind, _candidate(candidate))
            key = (kind, None, candidate_id)
        issued = found.get(key)
    request = context.get("request")
    return {
        "pdf": draft[0],
        "docx": draft[1],
        "issued": issued,
        "may_issue": may_issue,
        "issue_url": issue_url,
        "next": request.path if request else "",
        "csrf_token": context.get("csrf_token"),
        "kind": kind,
    }


def _candidate(candidate):
    from candidates.models import Candidate

    if isinstance(candidate, Candidate):
        return candidate
    return Candidate.objects.select_related("branch").get(pk=candidate)
