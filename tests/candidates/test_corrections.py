"""The secretary corrects any recorded step with a reason: the record takes the corrected values,
everything derived follows, the history keeps both entries; a correction that breaks a rule is
refused or forced like the step; an exit can be undone."""

from datetime import date

import pytest
from django.urls import reverse

from candidates import dossier, services
from candidates.models import (
    BranchMeeting,
    Candidate,
    DossierItem,
    Event,
    MeetingVote,
    PartyMember,
    RuleConfig,
)
from tests.factories import PartyMemberFactory, StudentFactory

from .pipeline import accepted, leave, refresh

Stage = Candidate.Stage
REASON = "Nhập nhầm ngày trên biên bản"


def correct(secretary, candidate, kind, record, force_reason="", reason=REASON, **values):
    candidate = refresh(candidate)
    services.step_correct(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        kind=kind,
        pk=record.pk,
        reason=reason,
        force_reason=force_reason,
        **values,
    )
    return refresh(candidate)


def deadline(candidate, label_start):
    _found, deadlines = services.candidate_status(candidate, on=date(2026, 5, 1))
    return next(when for label, when, _text in deadlines if label.startswith(label_start))


# --- what a correction moves -------------------------------------------------------------


def test_correcting_the_decision_moves_its_deadline_and_its_paper(secretary, decided):
    before = deadline(decided, "Hạn tổ chức lễ kết nạp")
    candidate = correct(
        secretary, decided, "decision", decided.decision, received_on=date(2026, 4, 20)
    )
    assert candidate.decision.received_on == date(2026, 4, 20)
    assert deadline(candidate, "Hạn tổ chức lễ kết nạp") > before  # R15 counts from the receipt
    candidate = correct(
        secretary, candidate, "decision", candidate.decision, issued_on=date(2026, 4, 15)
    )
    assert DossierItem.objects.get(candidate=candidate, code="9-KNĐ").dated_on == date(2026, 4, 15)
    assert candidate.stage == Stage.DECIDED


def test_correcting_the_ceremony_moves_the_member_and_the_end_of_probation(secretary, probation):
    candidate = correct(
        secretary, probation, "ceremony", probation.ceremony, held_on=date(2026, 5, 25)
    )
    member = PartyMember.objects.get(pk=candidate.ceremony.member_id)
    assert member.joined_on == date(2026, 5, 25)
    _found, deadlines = services.candidate_status(candidate, on=date(2026, 6, 1))
    assert date(2027, 5, 25) in [when for _label, when, _text in deadlines]


def test_correcting_the_ceremony_of_an_official_member_moves_the_official_date(secretary, official):
    """R17: the official date is the end of the probation the (corrected) ceremony started."""
    candidate = correct(
        secretary, official, "ceremony", official.ceremony, held_on=date(2026, 5, 12)
    )
    assert candidate.recognition.official_on == date(2027, 5, 12)
    member = PartyMember.objects.get(pk=candidate.ceremony.member_id)
    assert (member.joined_on, member.official_on) == (date(2026, 5, 12), date(2027, 5, 12))
    assert candidate.stage == Stage.OFFICIAL


def test_a_ceremony_moved_past_the_recognition_is_refused_by_r16_or_forced(secretary, official):
    ceremony = official.ceremony
    with pytest.raises(services.DomainError, match="R16"):
        correct(secretary, official, "ceremony", ceremony, held_on=date(2026, 5, 22))
    assert refresh(official).ceremony.held_on == date(2026, 5, 19)
    candidate = correct(
        secretary,
        official,
        "ceremony",
        ceremony,
        force_reason="Cấp trên đồng ý",
        held_on=date(2026, 5, 22),
    )
    assert candidate.recognition.official_on == date(2027, 5, 22)
    assert Event.objects.filter(candidate=candidate, kind="override").exists()


def test_correcting_the_nomination_and_the_acceptance(secretary, source):
    nomination = source.nominations.get()
    candidate = correct(secretary, source, "nomination", nomination, nominated_on=date(2025, 9, 1))
    assert candidate.opened_on == date(2025, 9, 1)
    candidate = correct(
        secretary, candidate, "acceptance", candidate, source_since=date(2025, 9, 5)
    )
    assert candidate.source_since == date(2025, 9, 5)
    assert candidate.stage == Stage.SOURCE


def test_correcting_the_certificate_moves_its_paper(secretary, ready):
    attendance = ready.attendances.get()
    candidate = correct(
        secretary,
        ready,
        "certificate",
        attendance,
        certificate_number="126",
        certificate_issued_on=date(2025, 11, 12),
    )
    attendance.refresh_from_db()
    assert (attendance.certificate_number, attendance.certificate_issued_on) == (
        "126",
        date(2025, 11, 12),
    )
    paper = DossierItem.objects.get(candidate=candidate, code=dossier.CERTIFICATE)
    assert paper.dated_on == date(2025, 11, 12)


@pytest.mark.parametrize(
    ("issued_on", "allowed"), [(date(2025, 11, 19), False), (date(2025, 11, 22), True)]
)
def test_a_certificate_corrected_to_expire_before_the_vote_is_refused(
    secretary, branch, resolved, issued_on, allowed
):
    """R5 counts the corrected certificate at the vote the branch held on 20/03/2026."""
    RuleConfig.objects.create(branch=branch, certificate_validity_months=4)
    attendance = resolved.attendances.get()
    if allowed:
        correct(secretary, resolved, "certificate", attendance, certificate_issued_on=issued_on)
    else:
        with pytest.raises(services.DomainError, match="R5"):
            correct(secretary, resolved, "certificate", attendance, certificate_issued_on=issued_on)


def test_a_mentor_corrected_to_before_becoming_official_is_refused_or_forced(
    secretary, branch, ready
):
    assignment = ready.mentors.get()
    member = assignment.member
    PartyMember.objects.filter(pk=member.pk).update(official_on=date(2025, 11, 1))
    with pytest.raises(services.DomainError, match="R6"):
        correct(secretary, ready, "mentor", assignment, assigned_on=date(2025, 10, 20))
    candidate = correct(
        secretary,
        ready,
        "mentor",
        assignment,
        force_reason="Chi bộ đã thống nhất",
        assigned_on=date(2025, 10, 20),
    )
    assert candidate.mentors.get().assigned_on == date(2025, 10, 20)
    override = Event.objects.get(candidate=candidate, kind="override")
    assert override.reason == "Chi bộ đã thống nhất"


def test_youth_resolution_numbers_must_add_up(secretary, ready):
    resolution = ready.youth_resolutions.get()
    with pytest.raises(services.DomainError):
        correct(secretary, ready, "youth_resolution", resolution, present=10)
    candidate = correct(secretary, ready, "youth_resolution", resolution, votes_for=8, present=8)
    assert candidate.youth_resolutions.get().votes_for == 8


def test_nothing_changed_is_not_a_correction(secretary, decided):
    with pytest.raises(services.DomainError):
        correct(secretary, decided, "decision", decided.decision, number="512-QĐ/ĐU")


def test_only_the_secretary_corrects(committee_member, decided):
    with pytest.raises(services.DomainError):
        correct(committee_member, decided, "decision", decided.decision, number="513-QĐ/ĐU")
    assert refresh(decided).decision.number == "512-QĐ/ĐU"


def test_a_correction_needs_its_reason(secretary, decided):
    with pytest.raises(services.DomainError):
        correct(secretary, decided, "decision", decided.decision, reason="  ", number="513")


# --- the order of the procedure: never forced -------------------------------------------


@pytest.mark.parametrize(
    ("held_on", "allowed"),
    [(date(2026, 4, 12), False), (date(2026, 4, 13), True), (date(2026, 4, 14), True)],
)
def test_a_ceremony_corrected_before_the_decision_is_refused_even_forced(
    secretary, probation, held_on, allowed
):
    ceremony = probation.ceremony
    if allowed:
        correct(secretary, probation, "ceremony", ceremony, held_on=held_on)
        assert refresh(probation).ceremony.held_on == held_on
        return
    with pytest.raises(services.DomainError, match="13/04/2026") as refusal:
        correct(secretary, probation, "ceremony", ceremony, force_reason="Vẫn làm", held_on=held_on)
    assert "12/04/2026" in refusal.value.message
    assert refresh(probation).ceremony.held_on == date(2026, 5, 19)


def test_a_decision_corrected_after_the_ceremony_is_refused(secretary, probation):
    with pytest.raises(services.DomainError, match="19/05/2026"):
        correct(secretary, probation, "decision", probation.decision, received_on=date(2026, 5, 20))


def test_an_acceptance_corrected_after_the_registration_is_refused(secretary, ready):
    with pytest.raises(services.DomainError, match="20/10/2025"):
        correct(secretary, ready, "acceptance", ready, source_since=date(2025, 10, 21))


# --- the history keeps both ---------------------------------------------------------------


def test_the_history_shows_the_original_and_the_correction(login, secretary, decided):
    original = Event.objects.get(candidate=decided, kind="decision")
    correct(secretary, decided, "decision", decided.decision, number="521-QĐ/ĐU")
    correction = Event.objects.get(candidate=decided, kind="correction")
    assert correction.corrects == original
    assert correction.record == f"decision:{decided.decision.pk}"
    assert correction.changes == {"number": ["512-QĐ/ĐU", "521-QĐ/ĐU"]}
    assert correction.reason == REASON
    unchanged = Event.objects.get(pk=original.pk)
    assert (unchanged.summary, unchanged.changes) == (original.summary, original.changes)
    html = login(secretary).get(reverse("candidates:detail", args=[decided.pk])).content.decode()
    assert 'data-kind="correction"' in html and 'data-testid="corrected"' in html
    assert original.summary in html and REASON in html and "521-QĐ/ĐU" in html


# --- a branch meeting ----------------------------------------------------------------------


def correct_meeting(secretary, meeting, force_reason="", **changes):
    return services.meeting_correct(
        meeting=meeting, actor=secretary, reason=REASON, force_reason=force_reason, **changes
    )


def test_a_meeting_corrected_to_fewer_votes_fails_and_the_candidate_goes_back(secretary, resolved):
    meeting = BranchMeeting.objects.get()
    correct_meeting(
        secretary, meeting, held_on=meeting.held_on, votes=[{"candidate": resolved, "votes_for": 5}]
    )
    candidate = refresh(resolved)
    assert MeetingVote.objects.get().passed is False
    assert candidate.stage == Stage.DOSSIER
    assert services.failed_votes(candidate) == 1
    assert DossierItem.objects.get(candidate=candidate, code="6-KNĐ").dated_on is None


def test_a_meeting_whose_vote_a_decision_follows_cannot_fail(secretary, decided):
    meeting = BranchMeeting.objects.get()
    with pytest.raises(services.DomainError):
        correct_meeting(
            secretary,
            meeting,
            held_on=meeting.held_on,
            votes=[{"candidate": decided, "votes_for": 5}],
        )
    assert MeetingVote.objects.get().passed is True


@pytest.mark.parametrize(
    ("held_on", "allowed"),
    [(date(2026, 3, 13), False), (date(2026, 3, 14), True), (date(2026, 3, 16), True)],
)
def test_a_meeting_moved_before_the_18th_birthday_is_refused_by_r1(
    secretary, resolved, held_on, allowed
):
    meeting = BranchMeeting.objects.get()
    if allowed:
        correct_meeting(secretary, meeting, held_on=held_on, votes=[])
        assert services.admission_resolution_date(refresh(resolved)) == held_on
        assert DossierItem.objects.get(candidate=resolved, code="6-KNĐ").dated_on == held_on
    else:
        with pytest.raises(services.DomainError, match="R1"):
            correct_meeting(secretary, meeting, held_on=held_on, votes=[])
        correct_meeting(
            secretary, meeting, held_on=held_on, votes=[], force_reason="Cấp trên cho phép"
        )
        assert Event.objects.filter(candidate=resolved, kind="override").exists()


def test_a_meeting_moved_counts_the_roster_of_its_new_date(secretary, branch, resolved):
    """A member who joined after the old date counts on the new one: 6 of 10 is below ⅔."""
    PartyMemberFactory(branch=branch, joined_on=date(2010, 1, 1), official_on=date(2026, 3, 22))
    meeting = BranchMeeting.objects.get()
    correct_meeting(secretary, meeting, held_on=date(2026, 3, 23), votes=[])
    meeting.refresh_from_db()
    assert meeting.official_members == 10
    assert refresh(resolved).stage == Stage.DOSSIER


def test_the_meeting_page_corrects_every_candidate_of_the_meeting(
    login, secretary, branch, ready, mentor, course, class_12a1
):
    from .pipeline import make_ready

    other = make_ready(
        accepted(
            StudentFactory(school_class=class_12a1, date_of_birth=date(2008, 1, 1)), secretary
        ),
        secretary,
        mentor,
        course,
    )
    services.meeting_record(
        branch=branch,
        actor=secretary,
        purpose=BranchMeeting.Purpose.ADMISSION,
        held_on=date(2026, 3, 20),
        method="secret",
        present_official=9,
        present_probationary=1,
        votes=[{"candidate": ready, "votes_for": 5}, {"candidate": other, "votes_for": 9}],
    )
    meeting = BranchMeeting.objects.get()
    client = login(secretary)
    url = reverse("candidates:meeting_correct", args=[meeting.pk])
    page = client.get(url)
    data = {
        name: "" if value is None else value
        for form in [page.context["form"], *[row.form for row in page.context["rows"]]]
        for name, value in ((f.html_name, f.value()) for f in form)
    }
    members = PartyMember.objects.filter(branch=branch)
    data.update(place="Phòng họp", starts_at="14:00", ends_at="16:00")
    data.update(chair=members[0].pk, minutes_taker=members[1].pk, absences="")
    data.update({f"c{ready.pk}-votes_for": "6", "reason": REASON, "held_on": "2026-03-21"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    assert refresh(ready).stage == refresh(other).stage == Stage.RESOLVED
    assert (
        Event.objects.filter(record=f"branchmeeting:{meeting.pk}", kind="correction").count() == 2
    )
    assert (
        REASON
        in client.get(reverse("candidates:meeting_detail", args=[meeting.pk])).content.decode()
    )


# --- an exit undone ------------------------------------------------------------------------


def undo(secretary, candidate):
    candidate = refresh(candidate)
    return services.candidate_exit_undo(
        candidate=candidate, actor=secretary, version=candidate.version, reason="Nhầm học sinh"
    )


def test_an_exit_undone_returns_to_the_stage_it_left(secretary, ready):
    leave(secretary, ready, date(2026, 2, 20))
    candidate = undo(secretary, ready)
    assert (candidate.stage, candidate.is_open, candidate.exit_kind) == (Stage.DOSSIER, True, "")
    event = Event.objects.get(candidate=candidate, kind="exit_undone")
    assert event.corrects == Event.objects.get(candidate=candidate, kind="exit")
    assert event.reason == "Nhầm học sinh"


def test_an_exit_on_probation_undone_keeps_the_member_in_the_branch(secretary, probation):
    candidate = leave(secretary, probation, date(2026, 7, 1))
    member = PartyMember.objects.get(pk=candidate.ceremony.member_id)
    assert member.left_on == date(2026, 7, 1)
    candidate = undo(secretary, candidate)
    member.refresh_from_db()
    assert member.left_on is None and candidate.stage == Stage.PROBATIONARY


def test_an_exit_is_not_undone_over_another_open_candidacy(secretary, ready):
    leave(secretary, ready, date(2026, 2, 20))
    services.candidate_nominate(student=ready.student, author=secretary, kind="committee")
    with pytest.raises(services.DomainError):
        undo(secretary, ready)
    assert refresh(ready).stage == Stage.EXITED


def test_only_an_exit_is_undone(secretary, committee_member, ready):
    with pytest.raises(services.DomainError):
        undo(secretary, ready)
    leave(secretary, ready, date(2026, 2, 20))
    with pytest.raises(services.DomainError):
        undo(committee_member, ready)


# --- the candidate page -----------------------------------------------------------------


def detail(candidate):
    return reverse("candidates:detail", args=[candidate.pk])


def test_the_secretary_opens_a_correction_prefilled_from_a_recorded_step(login, secretary, decided):
    client = login(secretary)
    html = client.get(detail(decided)).content.decode()
    link = f"?correct=decision:{decided.decision.pk}#correction"
    assert link in html
    page = client.get(f"{detail(decided)}?correct=decision:{decided.decision.pk}")
    form = page.context["correction"]["form"]
    assert form["number"].value() == "512-QĐ/ĐU" and not form.is_bound
    assert 'id="correction"' in page.content.decode()


def test_a_committee_member_sees_no_correction_and_may_not_post_one(
    login, committee_member, decided
):
    client = login(committee_member)
    page = client.get(f"{detail(decided)}?correct=decision:{decided.decision.pk}")
    assert page.context["correction"] is None
    assert "?correct=" not in page.content.decode()
    url = reverse("candidates:step_correct", args=[decided.pk, "decision", decided.decision.pk])
    assert client.post(url, {"version": decided.version, "reason": REASON}).status_code == 403


def correction_post(client, candidate, kind, record, **data):
    url = reverse("candidates:step_correct", args=[candidate.pk, kind, record.pk])
    form = client.get(f"{detail(candidate)}?correct={kind}:{record.pk}").context["correction"]
    values = {
        name: "" if form["form"][name].value() is None else form["form"][name].value()
        for name in form["form"].fields
    }
    return client.post(url, {**values, **data})


def test_a_refused_correction_shows_the_page_again_with_the_input_kept(login, secretary, probation):
    client = login(secretary)
    response = correction_post(
        client, probation, "ceremony", probation.ceremony, held_on="2026-04-01", reason=REASON
    )
    assert response.status_code == 400
    form = response.context["correction"]["form"]
    assert form["held_on"].value() == "2026-04-01" and form.non_field_errors()
    assert refresh(probation).ceremony.held_on == date(2026, 5, 19)


def test_a_correction_over_a_newer_version_is_a_conflict(login, secretary, decided):
    client = login(secretary)
    url = reverse("candidates:step_correct", args=[decided.pk, "decision", decided.decision.pk])
    stale = correction_post(client, decided, "decision", decided.decision, reason=REASON)
    assert stale.status_code == 400  # nothing changed
    form = client.get(f"{detail(decided)}?correct=decision:{decided.decision.pk}").context[
        "correction"
    ]["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    correct(secretary, decided, "decision", decided.decision, signer="Nguyễn Văn Bình")
    response = client.post(url, {**data, "number": "600-QĐ/ĐU", "reason": REASON})
    assert response.status_code == 409
    assert response.context["correction"]["form"]["number"].value() == "600-QĐ/ĐU"


def test_the_undo_form_is_on_an_exited_record_for_the_secretary(login, secretary, ready):
    leave(secretary, ready, date(2026, 2, 20))
    client = login(secretary)
    assert 'data-testid="undo-exit"' in client.get(detail(ready)).content.decode()
    url = reverse("candidates:exit_undo", args=[ready.pk])
    assert client.post(url, {"version": refresh(ready).version}).status_code == 400  # no reason
    response = client.post(url, {"version": refresh(ready).version, "reason": "Nhầm"})
    assert response.status_code == 302
    assert refresh(ready).is_open


# --- the papers' own facts (issue 12 §3) are corrected like the rest --------------------------


def test_correcting_the_ceremonys_minutes(secretary, roster, probation):
    chair, taker = roster.filter(official_on__isnull=False)[:2]
    candidate = correct(
        secretary, probation, "ceremony", probation.ceremony, chair=chair, minutes_taker=taker
    )
    assert (candidate.ceremony.chair, candidate.ceremony.minutes_taker) == (chair, taker)
    with pytest.raises(services.DomainError, match="hai đồng chí khác nhau"):
        correct(secretary, candidate, "ceremony", candidate.ceremony, minutes_taker=chair)
    too_many = roster.filter(joined_on__lte=date(2026, 5, 19)).count() + 1
    with pytest.raises(services.DomainError, match="nhiều hơn"):
        correct(secretary, candidate, "ceremony", candidate.ceremony, present_official=too_many)
    assert refresh(candidate).ceremony.present_official is None


def test_the_minutes_offer_only_the_branchs_members(login, secretary, probation):
    stranger = PartyMemberFactory(full_name="Người Chi Bộ Khác")  # another branch's member
    url = f"{detail(probation)}?correct=ceremony:{probation.ceremony.pk}"
    form = login(secretary).get(url).context["correction"]["form"]
    chairs = set(form.fields["chair"].queryset)
    assert stranger not in chairs and chairs <= set(
        PartyMember.objects.filter(branch=probation.branch)
    )
    response = correction_post(
        login(secretary), probation, "ceremony", probation.ceremony, chair=stranger.pk
    )
    assert response.status_code == 400
    assert refresh(probation).ceremony.chair is None


def test_a_decisions_issuer_is_corrected_only_to_a_deciding_committee(
    secretary, decided, in_between
):
    with pytest.raises(services.DomainError, match="thẩm quyền"):
        correct(secretary, decided, "decision", decided.decision, issuer=in_between)
    assert refresh(decided).decision.issuer == in_between.decider


def test_correcting_the_mentor_meeting_counts_its_roster_again(secretary, ready):
    assignment = ready.mentors.get()
    candidate = correct(
        secretary, ready, "mentor", assignment, meeting_on=date(2025, 11, 18), present=9,
        votes_for=8,
    )  # fmt: skip
    assignment.refresh_from_db()
    assert (assignment.official_members, assignment.votes_for) == (9, 8)
    with pytest.raises(services.DomainError, match="tán thành"):
        correct(secretary, candidate, "mentor", assignment, votes_for=10)
    with pytest.raises(services.DomainError, match="trước cuộc họp"):
        correct(secretary, candidate, "mentor", assignment, meeting_on=date(2025, 11, 21))


def test_correcting_the_comments_redates_their_paper(secretary, ready):
    services.consultation_record(
        candidate=ready, actor=secretary, version=ready.version, kind="organisation",
        body="Chi đoàn lớp 12A1", consulted_on=date(2026, 2, 10), asked=35, agreed=34,
    )  # fmt: skip
    consultation = refresh(ready).consultations.get()
    candidate = correct(
        secretary, ready, "consultation", consultation, consulted_on=date(2026, 2, 12), agreed=35
    )
    assert DossierItem.objects.get(candidate=candidate, code="5C-KNĐ").dated_on == date(2026, 2, 12)
    with pytest.raises(services.DomainError, match="Kiểm tra lại số"):
        correct(secretary, candidate, "consultation", consultation, agreed=36)


def test_correcting_an_introductions_assessment(secretary, ready):
    introduction = ready.introductions.get()
    correct(secretary, ready, "introduction", introduction, political_weaknesses="Còn rụt rè.")
    introduction.refresh_from_db()
    assert introduction.political_weaknesses == "Còn rụt rè."
    event = Event.objects.filter(candidate=ready, kind="correction").latest("pk")
    assert any("Còn rụt rè." in new for _old, new in event.changes.values())


@pytest.mark.parametrize(
    ("granted_on", "allowed"),
    [(date(2026, 3, 19), False), (date(2026, 3, 20), True), (date(2026, 3, 21), True)],
)
def test_an_extension_is_corrected_to_no_earlier_than_the_vote(
    secretary, resolved, granted_on, allowed
):
    services.decision_extension_record(
        candidate=resolved, actor=secretary, version=resolved.version,
        reference="Công văn 45-CV/ĐU", granted_on=date(2026, 5, 20),
    )  # fmt: skip
    extension = refresh(resolved).decision_extension
    if allowed:
        candidate = correct(secretary, resolved, "extension", extension, granted_on=granted_on)
        assert candidate.decision_extension.granted_on == granted_on
        return
    with pytest.raises(services.DomainError, match="trước ngày chi bộ"):
        correct(secretary, resolved, "extension", extension, granted_on=granted_on)
