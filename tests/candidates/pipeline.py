"""Shared steps of the pipeline tests: a candidate taken by the services up to the vote."""

from datetime import date

from candidates import findings, services
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


def vote(branch, secretary, candidate, held_on, votes_for, purpose=BranchMeeting.Purpose.ADMISSION):
    """A meeting that voted on `candidate` alone, every official member present voting for."""
    services.meeting_record(
        branch=branch,
        actor=secretary,
        purpose=purpose,
        held_on=held_on,
        method="secret",
        present_official=votes_for,
        present_probationary=0,
        votes=[{"candidate": candidate, "votes_for": votes_for}],
    )
    return refresh(candidate)


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
