"""Shared steps of the pipeline tests: a candidate taken by the services up to the vote, a
vote, and the helpers that post a step on the candidate page and read what it shows."""

from datetime import date

from django.urls import reverse

from candidates import findings, services, steps
from candidates.models import BranchMeeting, Candidate

BORN = date(2008, 3, 14)  # 18 full years on 14/03/2026
NOMINATED_ON = date(2025, 9, 15)
ACCEPTED_ON = date(2025, 10, 1)  # before every step the tests date


def accepted(student, secretary):
    candidate = services.candidate_nominate(
        student=student, author=secretary, kind="committee", on=NOMINATED_ON
    )
    return services.candidate_accept(
        candidate=candidate, actor=secretary, version=1, on=ACCEPTED_ON
    )


def warnings_of(candidate):
    """The codes of the warnings the candidate page shows today."""
    fresh = findings.with_pipeline(type(candidate).objects.filter(pk=candidate.pk))
    return findings.warning_codes(fresh)[candidate.pk]


def refresh(candidate):
    return Candidate.objects.get(pk=candidate.pk)


def leave(secretary, candidate, on, kind="moved", reason="Chuyển trường"):
    """The candidacy ends on `on` (an exit with a reason)."""
    candidate = refresh(candidate)
    services.candidate_exit(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        kind=kind,
        on=on,
        reason=reason,
    )
    return refresh(candidate)


def make_ready(candidate, secretary, mentor, course, certificate_on=date(2025, 11, 10)):
    """Take a source-list candidate through every step the vote needs."""
    services.course_register(
        course=course, candidates=[candidate], actor=secretary, on=date(2025, 10, 20)
    )
    attendance = refresh(candidate).attendances.get()
    services.course_certify(
        attendance=attendance, actor=secretary, number="125", issued_on=certificate_on, issuer=""
    )
    candidate = refresh(candidate)
    services.candidate_assign_mentor(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        member=mentor,
        assigned_on=date(2025, 11, 20),
    )
    candidate = refresh(candidate)
    services.candidate_introduce(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        member=mentor,
        introduced_on=date(2026, 2, 2),
    )
    candidate = refresh(candidate)
    services.youth_resolution_record(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        number="03-NQ/ĐTN",
        adopted_on=date(2026, 2, 3),
        committee_members=9,
        present=9,
        votes_for=9,
    )
    papers = [("1-KNĐ", "received"), ("2-KNĐ", "verified"), ("5-KNĐ", "received")]
    papers += [("5B-KNĐ", "received"), ("5C-KNĐ", "received")]
    for code, status in papers:
        candidate = refresh(candidate)
        services.dossier_item_set(
            candidate=candidate,
            actor=secretary,
            version=candidate.version,
            code=code,
            status=status,
            dated_on=date(2026, 2, 10),
        )
    return refresh(candidate)


def vote(
    branch,
    secretary,
    candidate,
    held_on,
    votes_for=9,
    purpose=BranchMeeting.Purpose.ADMISSION,
    force_reason="",
):
    """A branch meeting voting on `candidate` alone, all the official members present voting
    for it."""
    services.meeting_record(
        branch=branch,
        actor=secretary,
        purpose=purpose,
        held_on=held_on,
        method="secret",
        present_official=votes_for,
        present_probationary=0,
        votes=[{"candidate": refresh(candidate), "votes_for": votes_for}],
        force_reason=force_reason,
    )
    return refresh(candidate)


def decide(secretary, candidate, issued_on):
    services.decision_record(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        number="512-QĐ/ĐU",
        issued_on=issued_on,
        received_on=issued_on,
        issuer=candidate.branch.committee.decider,
    )
    return refresh(candidate)


def detail(candidate):
    return reverse("candidates:detail", args=[candidate.pk])


def post_step(client, name, candidate, **data):
    """Post a step's form about `candidate` with the version the page showed."""
    url = reverse(f"candidates:{name}", args=[candidate.pk])
    return client.post(url, {"version": refresh(candidate).version, **data})


def with_cards(context):
    """The page's context with each step card's form under its name ("mentor_form", …) and the
    refused dossier row's as "dossier_form"."""
    cards = {f"{step.key}_form": form for step, form in context.get("step_cards", [])}
    for row in dossier_rows(context):
        if row.get("edit") is not None:
            cards["dossier_form"] = row["edit"]
    # A ContextList iterates over its dicts, not its keys.
    return {**{key: context[key] for key in context.keys()}, **cards}  # noqa: SIM118


def dossier_rows(context):
    """Every row of the page's checklists (the admission's, then the probation's)."""
    checklists = context.get("checklists") or {"lists": []}
    return [row for checklist in checklists["lists"] for row in checklist["rows"]]


def dossier_form(client, candidate, code):
    """The form of one row of the checklist, as the page fetches it when the row unfolds."""
    url = reverse("candidates:step_dossier", args=[candidate.pk])
    response = client.get(url, {"code": code}, headers={"HX-Request": "true"})
    assert response.status_code == 200, response.status_code
    return response.context["form"]


def refusal(response):
    """The message the refused form shows (the one bound form on the page), as one string."""
    path = response.request["PATH_INFO"].rstrip("/").rsplit("/", 1)[-1]
    name = {step.path: step.key for step in steps.CARDS}.get(path, path)
    form = with_cards(response.context)[f"{name}_form"]
    assert form.is_bound
    return " ".join(form.non_field_errors())


def overrides_shown(client, candidate):
    html = client.get(detail(candidate)).content.decode()
    return html.count('data-kind="override"'), html
