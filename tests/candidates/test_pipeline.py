"""The admission pipeline through the services: every step, every rule at its edges."""

from datetime import date

import pytest
import time_machine

from candidates import rules, services
from candidates.models import (
    BranchMeeting,
    Candidate,
    DossierItem,
    Event,
    MeetingVote,
    PartyMember,
)
from tests.factories import PartyMemberFactory, StudentFactory

from .pipeline import accepted, make_ready, refresh

Purpose = BranchMeeting.Purpose


def vote(branch, secretary, candidate, held_on, votes_for, present=None, **kwargs):
    return services.meeting_record(
        branch=branch,
        actor=secretary,
        purpose=kwargs.pop("purpose", Purpose.ADMISSION),
        held_on=held_on,
        method="secret",
        present_official=present if present is not None else votes_for,
        present_probationary=0,
        votes=[{"candidate": candidate, "votes_for": votes_for, **kwargs.pop("vote", {})}],
        **kwargs,
    )


# --- the whole path ---------------------------------------------------------------------


@time_machine.travel(date(2027, 6, 2))
def test_a_candidate_goes_from_nomination_to_official_membership(branch, secretary, ready):
    assert ready.stage == Candidate.Stage.DOSSIER
    vote(branch, secretary, ready, date(2026, 3, 20), 6)
    candidate = refresh(ready)
    assert candidate.stage == Candidate.Stage.RESOLVED
    services.decision_record(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        number="512-QĐ/ĐU",
        issued_on=date(2026, 4, 10),
        received_on=date(2026, 4, 13),
        issuer=candidate.branch.committee.decider,
    )
    candidate = refresh(candidate)
    assert candidate.stage == Candidate.Stage.DECIDED
    services.ceremony_record(
        candidate=candidate, actor=secretary, version=candidate.version, held_on=date(2026, 5, 19)
    )
    candidate = refresh(candidate)
    assert candidate.stage == Candidate.Stage.PROBATIONARY
    member = candidate.ceremony.member
    assert (member.full_name, member.joined_on, member.official_on) == (
        "Nguyễn Văn An",
        date(2026, 5, 19),
        None,
    )
    # The recognition meeting comes late; the official date is still the end of probation (R17).
    vote(branch, secretary, candidate, date(2027, 6, 1), 7, purpose=Purpose.RECOGNITION)
    candidate = refresh(candidate)
    assert candidate.stage == Candidate.Stage.OFFICIAL
    assert not candidate.is_open
    member.refresh_from_db()
    assert member.official_on == date(2027, 5, 19)
    kinds = list(Event.objects.filter(candidate=candidate).values_list("kind", flat=True))
    for kind in ("nominated", "accepted", "course_registered", "certificate", "mentor", "vote"):
        assert kind in kinds


def test_the_official_member_count_of_a_vote_comes_from_the_roster(branch, secretary, ready):
    meeting = vote(
        branch, secretary, ready, date(2026, 3, 20), 6, vote={"typed_official_members": 10}
    )
    assert (meeting.official_members, meeting.probationary_members) == (9, 1)
    assert MeetingVote.objects.get().passed is True


# --- R1: 18 full years on the day of the vote -------------------------------------------


@pytest.mark.parametrize(
    ("held_on", "allowed"),
    [(date(2026, 3, 13), False), (date(2026, 3, 14), True), (date(2026, 3, 15), True)],
)
def test_r1_the_vote_waits_for_the_18th_birthday(branch, secretary, ready, held_on, allowed):
    if allowed:
        vote(branch, secretary, ready, held_on, 6)
        assert refresh(ready).stage == Candidate.Stage.RESOLVED
    else:
        with pytest.raises(services.DomainError, match="R1"):
            vote(branch, secretary, ready, held_on, 6)
        assert not BranchMeeting.objects.exists()


# --- R12: two thirds of all official members --------------------------------------------


@pytest.mark.parametrize(
    ("officials", "votes_for", "passed"),
    [(8, 5, False), (8, 6, True), (9, 6, True), (9, 5, False), (11, 7, False), (11, 8, True)],
)
def test_r12_two_thirds_of_all_official_members(
    branch, secretary, source, mentor, course, officials, votes_for, passed
):
    extra = PartyMember.objects.filter(branch=branch, official_on__isnull=False).count() - officials
    others = PartyMember.objects.filter(branch=branch, user__isnull=True, official_on__isnull=False)
    for member in others[: max(extra, 0)]:
        member.left_on = date(2025, 1, 1)
        member.save()
    for i in range(max(-extra, 0)):
        PartyMemberFactory(branch=branch, full_name=f"Bổ Sung {i}")
    ready = make_ready(source, secretary, mentor, course)
    meeting = vote(branch, secretary, ready, date(2026, 3, 20), votes_for)
    assert meeting.official_members == officials
    assert MeetingVote.objects.get().passed is passed
    assert (refresh(ready).stage == Candidate.Stage.RESOLVED) is passed


def test_r12_counts_all_official_members_not_those_present(branch, secretary, ready):
    # 7 of 9 present and all 7 for: 7 ≥ 6 passes; 5 of 9 present and all 5 for does not.
    vote(branch, secretary, ready, date(2026, 3, 20), 5, present=5)
    assert refresh(ready).stage == Candidate.Stage.DOSSIER
    assert MeetingVote.objects.get().passed is False


def test_r18_warns_after_three_failed_votes(branch, secretary, ready):
    for day in (16, 17, 18):
        vote(branch, secretary, refresh(ready), date(2026, 3, day), 5)
    findings, _ = services.candidate_status(refresh(ready), on=date(2026, 3, 19))
    assert "R18" in {f.code for f in findings}


def test_more_present_than_the_roster_is_refused(branch, secretary, ready):
    with pytest.raises(services.DomainError, match="roster|danh sách"):
        vote(branch, secretary, ready, date(2026, 3, 20), 6, present=10)


# --- R4/R5: the certificate -------------------------------------------------------------


@pytest.mark.parametrize(
    ("held_on", "allowed"),
    [(date(2031, 3, 13), True), (date(2031, 3, 14), True), (date(2031, 3, 15), False)],
)
@time_machine.travel(date(2031, 4, 1))
def test_r5_the_certificate_is_valid_through_the_day_60_months_later(
    branch, secretary, source, mentor, course, held_on, allowed
):
    ready = make_ready(source, secretary, mentor, course, certificate_on=date(2026, 3, 14))
    # Fresh papers so that only the certificate matters at this date.
    for code in ("3-KNĐ", "4-KNĐ", "5-KNĐ"):
        DossierItem.objects.filter(candidate=ready, code=code).update(dated_on=date(2031, 1, 5))
    if allowed:
        vote(branch, secretary, ready, held_on, 6)
    else:
        with pytest.raises(services.DomainError, match="R5"):
            vote(branch, secretary, ready, held_on, 6)


def test_r4_no_vote_without_the_certificate(branch, secretary, source, mentor, course):
    ready = make_ready(source, secretary, mentor, course)
    ready.attendances.update(certificate_issued_on=None, certificate_number="")
    with pytest.raises(services.DomainError, match="R4"):
        vote(branch, secretary, ready, date(2026, 3, 20), 6)


def test_the_dossier_must_be_complete_before_the_vote(branch, secretary, ready):
    DossierItem.objects.filter(candidate=ready, code="5B-KNĐ").delete()
    with pytest.raises(services.DomainError, match="5B-KNĐ"):
        vote(branch, secretary, ready, date(2026, 3, 20), 6)


# --- R6, R7: mentors and introducers ----------------------------------------------------


def test_r6_a_probationary_member_cannot_mentor(branch, secretary, source, roster):
    probationary = PartyMember.objects.get(branch=branch, official_on__isnull=True)
    with pytest.raises(services.DomainError, match="R6"):
        services.candidate_assign_mentor(
            candidate=source,
            actor=secretary,
            version=source.version,
            member=probationary,
            assigned_on=date(2025, 11, 1),
        )
    assert not source.mentors.exists()


def test_only_the_secretary_forces_a_blocked_step_and_the_reason_is_kept(
    branch, secretary, source, roster
):
    from accounts.models import Membership
    from tests.factories import UserFactory

    committee = UserFactory(username="committee")
    Membership.objects.create(user=committee, branch=branch, role=Membership.Role.COMMITTEE)
    probationary = PartyMember.objects.get(branch=branch, official_on__isnull=True)
    arguments = {"member": probationary, "assigned_on": date(2025, 11, 1)}
    with pytest.raises(services.DomainError, match="Bí thư|secretary"):
        services.candidate_assign_mentor(
            candidate=source,
            actor=committee,
            version=source.version,
            force_reason="Cần",
            **arguments,
        )
    services.candidate_assign_mentor(
        candidate=source,
        actor=secretary,
        version=source.version,
        force_reason="Chi bộ chỉ còn đồng chí này phụ trách khối 12",
        **arguments,
    )
    override = Event.objects.get(candidate=source, kind="override")
    assert override.reason == "Chi bộ chỉ còn đồng chí này phụ trách khối 12"
    assert "R6" in override.summary
    assert refresh(source).stage == Candidate.Stage.MENTORED


@pytest.mark.parametrize(
    ("introduced_on", "allowed"),
    [(date(2026, 8, 4), False), (date(2026, 9, 4), False), (date(2026, 9, 5), True)],
)
def test_r7_introducer_has_worked_with_the_candidate_for_12_months(
    branch, secretary, class_12a1, introduced_on, allowed
):
    # The candidate came to the school on 05/09/2025, the introducer long before.
    student = StudentFactory(school_class=class_12a1, entered_school_on=date(2025, 9, 5))
    candidate = accepted(student, secretary)
    introducer = PartyMemberFactory(branch=branch, started_at_school_on=date(2010, 9, 5))
    call = {
        "candidate": candidate,
        "actor": secretary,
        "version": candidate.version,
        "member": introducer,
    }
    if allowed:
        services.candidate_introduce(**call, introduced_on=introduced_on)
        assert candidate.introductions.count() == 1
    else:
        with pytest.raises(services.DomainError, match="R7"):
            services.candidate_introduce(**call, introduced_on=introduced_on)


def test_r7_exempts_a_replacement_introducer(branch, secretary, class_12a1):
    student = StudentFactory(school_class=class_12a1, entered_school_on=date(2025, 9, 5))
    candidate = accepted(student, secretary)
    introducer = PartyMemberFactory(branch=branch, started_at_school_on=date(2026, 1, 5))
    services.candidate_introduce(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        member=introducer,
        introduced_on=date(2026, 2, 1),
        is_replacement=True,
    )
    assert candidate.introductions.get().is_replacement


# --- R14, R15, R16: deadlines in working days -------------------------------------------


def test_r15_ceremony_within_30_working_days_of_the_decision(secretary, decided):
    # 30 working days after Monday 13/04/2026 cross Hùng Kings' day (observed Monday 27/04),
    # 30/4, 1/5 and the weekends.
    last = rules.add_working_days(date(2026, 4, 13), 30)
    assert last == date(2026, 5, 28)
    late = date(2026, 5, 29)
    with pytest.raises(services.DomainError, match="R15"):
        services.ceremony_record(
            candidate=decided, actor=secretary, version=decided.version, held_on=late
        )
    services.ceremony_record(
        candidate=decided,
        actor=secretary,
        version=decided.version,
        held_on=late,
        consent_reference="Công văn 45-CV/ĐU ngày 20/05/2026",
    )
    assert refresh(decided).stage == Candidate.Stage.PROBATIONARY


def test_r15_a_ceremony_on_the_last_day_needs_no_consent(secretary, decided):
    services.ceremony_record(
        candidate=decided, actor=secretary, version=decided.version, held_on=date(2026, 5, 28)
    )
    assert refresh(decided).ceremony.consent_reference == ""


def test_candidate_page_shows_the_ceremony_deadline_in_working_days(decided):
    _findings, deadlines = services.candidate_status(decided, on=date(2026, 5, 13))
    label, when, text = deadlines[0]
    assert when == date(2026, 5, 28)
    assert text == "28/05/2026 — còn 11 ngày làm việc"


@pytest.mark.parametrize(
    ("held_on", "allowed"),
    [(date(2027, 5, 18), False), (date(2027, 5, 19), True), (date(2027, 5, 20), True)],
)
@time_machine.travel(date(2027, 6, 1))
def test_r16_recognition_only_after_twelve_months(branch, secretary, decided, held_on, allowed):
    services.ceremony_record(
        candidate=decided, actor=secretary, version=decided.version, held_on=date(2026, 5, 19)
    )
    candidate = refresh(decided)
    if allowed:
        vote(branch, secretary, candidate, held_on, 7, purpose=Purpose.RECOGNITION)
        assert refresh(candidate).stage == Candidate.Stage.OFFICIAL
    else:
        with pytest.raises(services.DomainError, match="R16"):
            vote(branch, secretary, candidate, held_on, 7, purpose=Purpose.RECOGNITION)


def test_the_decision_cannot_come_before_the_vote(secretary, source):
    with pytest.raises(services.DomainError):
        services.decision_record(
            candidate=source,
            actor=secretary,
            version=source.version,
            number="1",
            issued_on=date(2026, 4, 10),
            received_on=date(2026, 4, 13),
            issuer=source.branch.committee.decider,
        )


# --- exits, reliability -----------------------------------------------------------------


def test_exit_keeps_the_record_readable(secretary, ready):
    services.candidate_exit(
        candidate=ready,
        actor=secretary,
        version=ready.version,
        kind="graduated",
        on=date(2026, 6, 1),
        reason="Tốt nghiệp, chuyển về địa phương",
    )
    candidate = refresh(ready)
    assert (candidate.stage, candidate.exit_stage, candidate.is_open) == (
        Candidate.Stage.EXITED,
        Candidate.Stage.DOSSIER,
        False,
    )
    assert candidate.dossier.count() >= 6
    with pytest.raises(services.DomainError):
        services.candidate_exit(
            candidate=candidate,
            actor=secretary,
            version=candidate.version,
            kind="moved",
            on=date(2026, 6, 2),
            reason="x",
        )


def test_a_stale_version_is_refused(secretary, source, mentor):
    stale = source.version
    services.candidate_assign_mentor(
        candidate=source,
        actor=secretary,
        version=stale,
        member=mentor,
        assigned_on=date(2025, 11, 1),
    )
    with pytest.raises(services.ConflictError):
        services.candidate_exit(
            candidate=source,
            actor=secretary,
            version=stale,
            kind="withdrawn",
            on=date(2025, 12, 1),
            reason="Xin rút",
        )
    assert refresh(source).is_open


def test_a_meeting_with_one_blocked_candidate_writes_nothing(branch, secretary, ready, class_12a1):
    young = StudentFactory(school_class=class_12a1, date_of_birth=date(2008, 12, 1))
    other = accepted(young, secretary)
    events = Event.objects.count()
    with pytest.raises(services.DomainError):
        services.meeting_record(
            branch=branch,
            actor=secretary,
            purpose=Purpose.ADMISSION,
            held_on=date(2026, 3, 20),
            method="secret",
            present_official=9,
            present_probationary=1,
            votes=[
                {"candidate": ready, "votes_for": 9},
                {"candidate": refresh(other), "votes_for": 9},
            ],
        )
    assert not BranchMeeting.objects.exists()
    assert not MeetingVote.objects.exists()
    assert Event.objects.count() == events
    assert refresh(ready).stage == Candidate.Stage.DOSSIER


def test_the_dossier_accepts_only_pdf_and_images(secretary, source):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("don.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(services.DomainError, match="PDF"):
        services.dossier_item_set(
            candidate=source,
            actor=secretary,
            version=source.version,
            code="1-KNĐ",
            status="received",
            dated_on=date(2026, 1, 5),
            scan=fake,
        )
    assert not source.dossier.exists()


def test_a_mentor_is_replaced_by_ending_the_assignment(branch, secretary, source, roster):
    officials = list(PartyMember.objects.filter(branch=branch, official_on__isnull=False)[:3])
    for member in officials[:2]:
        source = refresh(source)
        services.candidate_assign_mentor(
            candidate=source, actor=secretary, version=source.version, member=member,
            assigned_on=date(2025, 11, 1),
        )  # fmt: skip
    source = refresh(source)
    with pytest.raises(services.DomainError):
        services.candidate_assign_mentor(
            candidate=source, actor=secretary, version=source.version, member=officials[2],
            assigned_on=date(2025, 12, 1),
        )  # fmt: skip
    first = source.mentors.first()
    services.mentor_assignment_end(
        assignment=first, actor=secretary, version=source.version, on=date(2025, 11, 30)
    )
    source = refresh(source)
    services.candidate_assign_mentor(
        candidate=source, actor=secretary, version=source.version, member=officials[2],
        assigned_on=date(2025, 12, 1),
    )  # fmt: skip
    assert source.mentors.filter(ended_on__isnull=True).count() == 2
    assert Event.objects.filter(candidate=source, kind="mentor_ended").exists()


def test_no_review_on_an_ended_assignment(branch, secretary, party_member, source, mentor):
    services.candidate_assign_mentor(
        candidate=source, actor=secretary, version=source.version, member=mentor,
        assigned_on=date(2025, 11, 1),
    )  # fmt: skip
    assignment = refresh(source).mentors.get()
    services.mentor_assignment_end(
        assignment=assignment, actor=secretary, version=refresh(source).version,
        on=date(2025, 12, 1),
    )  # fmt: skip
    with pytest.raises(services.DomainError):
        services.mentor_review_write(
            assignment=refresh(source).mentors.get(), author=party_member,
            written_on=date(2025, 12, 15), summary="Tiến bộ",
        )  # fmt: skip


def test_the_overview_counts_admissions_of_the_plan_year(login, branch, secretary, decided):
    from plans.models import AnnualPlan

    AnnualPlan.objects.create(branch=branch, year=2026, title="Kế hoạch 2026", target_admissions=7)
    services.ceremony_record(
        candidate=decided, actor=secretary, version=decided.version, held_on=date(2026, 5, 19)
    )
    # Admitted in a year: the admission decision is dated in it (10/04/2026 here).
    with time_machine.travel(date(2026, 6, 1), tick=False):
        response = login(secretary).get("/")
    assert len(response.context["forecast"].admitted) == 1
    assert "Đã kết nạp 01/07" in response.content.decode()


def test_a_passed_vote_files_the_branch_resolution_in_the_dossier(branch, secretary, ready):
    vote(branch, secretary, ready, date(2026, 3, 20), 6)
    item = DossierItem.objects.get(candidate=ready, code="6-KNĐ")
    assert (item.status, item.dated_on) == ("received", date(2026, 3, 20))


def test_the_chair_must_be_a_member_on_the_meeting_date(branch, secretary, ready):
    newcomer = PartyMemberFactory(branch=branch, joined_on=date(2026, 4, 1), official_on=None)
    with pytest.raises(services.DomainError, match="20/03/2026"):
        vote(branch, secretary, ready, date(2026, 3, 20), 6, chair=newcomer)
    assert not BranchMeeting.objects.exists()
