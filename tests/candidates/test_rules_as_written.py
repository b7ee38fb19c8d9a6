"""Issue 12 §2: every rule as RULES.md writes it, at its edges (the day before, of and after).

Papers count on the day of the vote whatever order they were entered in; periods of months end
as the civil code ends them; a member who has left is nobody's mentor or introducer; every block
can be forced by the secretary; R7 counts from the day the student came to the school; R14's
extension, R19's actual leaving date; warnings of late steps stay; R13 only where configured.
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Committee
from candidates import findings, services, steps, text
from candidates.forms import IntroductionForm, MentorForm, NominationForm
from candidates.models import (
    Candidate,
    DossierItem,
    Event,
    Introduction,
    PartyMember,
    Student,
)
from tests.factories import PartyMemberFactory, StudentFactory

from .pipeline import (
    accepted,
    detail,
    dossier_form,
    dossier_rows,
    make_ready,
    post_step,
    refresh,
    refusal,
    vote,
    with_cards,
)

VOTE = date(2026, 3, 20)
DAY = timedelta(days=1)
EDGES = [(-DAY, False), (timedelta(0), False), (DAY, True)]  # the day before, of, after


def blocks_on(candidate, on):
    """The codes of the rules that block a vote on `candidate` on `on`."""
    settings = services.rule_settings(candidate.branch)
    return {f.code for f in services.vote_findings(refresh(candidate), on, settings) if f.blocks}


def step(service, candidate, secretary, **data):
    candidate = refresh(candidate)
    return service(candidate=candidate, actor=secretary, version=candidate.version, **data)


def decide(candidate, secretary, issued_on=date(2026, 4, 10), issuer=None, **extra):
    """The admission decision, received the day it is issued (as a rule, by the branch's own
    committee)."""
    return step(
        services.decision_record,
        candidate,
        secretary,
        number="512-QĐ/ĐU",
        issued_on=issued_on,
        received_on=issued_on,
        issuer=issuer or candidate.branch.committee.decider,
        **extra,
    )


def intermediate(candidate, secretary):
    """The resolution of the committee in between, with 6 of its 9 members for."""
    return step(
        services.intermediate_record,
        candidate,
        secretary,
        adopted_on=date(2026, 3, 30),
        members=9,
        votes_for=6,
    )


# --- papers count on the day of the vote -------------------------------------------------


@pytest.mark.parametrize(("shift", "blocked"), EDGES)
@pytest.mark.parametrize(
    ("code", "codes"),
    [
        ("1-KNĐ", {"HS"}),
        ("2-KNĐ", {"HS", "R9"}),
        ("5B-KNĐ", {"HS", "R10"}),
        ("5C-KNĐ", {"HS", "R10"}),
        ("5-KNĐ", {"HS"}),
        ("3-KNĐ", {"HS"}),
        ("4-KNĐ", {"HS"}),
    ],
)
def test_a_paper_dated_after_the_vote_is_missing_at_the_vote(ready, code, codes, shift, blocked):
    DossierItem.objects.filter(candidate=ready, code=code).update(dated_on=VOTE + shift)
    found = blocks_on(ready, VOTE)
    assert (codes <= found) is blocked
    assert found <= codes


@pytest.mark.parametrize(("shift", "blocked"), EDGES)
def test_a_certificate_issued_after_the_vote_is_missing(ready, shift, blocked):
    ready.attendances.update(certificate_issued_on=VOTE + shift)
    assert ("R4" in blocks_on(ready, VOTE)) is blocked


@pytest.mark.parametrize(("shift", "blocked"), EDGES)
def test_an_introduction_or_youth_resolution_after_the_vote_is_missing(ready, shift, blocked):
    Introduction.objects.filter(candidate=ready).update(introduced_on=VOTE + shift)
    assert ("R8" in blocks_on(ready, VOTE)) is blocked
    Introduction.objects.filter(candidate=ready).update(introduced_on=VOTE - DAY)
    ready.youth_resolutions.update(adopted_on=VOTE + shift)
    assert ("R8" in blocks_on(ready, VOTE)) is blocked


def test_an_earlier_certificate_counts_when_a_later_one_comes_after_the_vote(
    ready, secretary, branch
):
    from candidates.models import AwarenessCourse, CourseAttendance

    later = AwarenessCourse.objects.create(
        branch=branch, name="Lớp NTVĐ khóa 2", organiser="TTCT phường", starts_on=VOTE
    )
    # As an older record holds it: registering one who holds a valid certificate is refused now.
    CourseAttendance.objects.create(
        course=later,
        candidate=ready,
        registered_on=VOTE,
        certificate_number="7",
        certificate_issued_on=VOTE + DAY,
    )
    assert "R4" not in blocks_on(ready, VOTE)  # the first, of 10/11/2025, counts


def test_papers_entered_before_the_vote_is_recorded_but_dated_after_the_meeting_block_it(
    branch, secretary, source, mentor, course
):
    # The secretary types the introduction of 21/03 on 25/03, then the meeting held on 20/03.
    ready = make_ready(source, secretary, mentor, course)
    Introduction.objects.filter(candidate=ready).update(introduced_on=VOTE + DAY)
    DossierItem.objects.filter(candidate=ready, code="1-KNĐ").update(dated_on=VOTE + DAY)
    with pytest.raises(services.DomainError) as refused:
        vote(branch, secretary, ready, VOTE, 6)
    assert "R8" in refused.value.message
    assert "1-KNĐ (21/03/2026)" in refused.value.message
    assert refresh(ready).stage == Candidate.Stage.DOSSIER
    reason = "Giấy tờ ghi nhầm ngày, chi bộ đã đối chiếu bản gốc"
    forced = vote(branch, secretary, ready, VOTE, 6, force_reason=reason)
    assert forced.votes.get().passed
    assert Event.objects.filter(candidate=ready, kind="override").exists()


@pytest.mark.parametrize(("shift", "refused"), EDGES)
def test_a_paper_entered_after_the_vote_but_dated_after_the_meeting_is_refused(
    secretary, resolved, shift, refused
):
    # Resolved on 20/03/2026; the secretary now completes the dossier.
    data = {"code": "1-KNĐ", "status": "received", "dated_on": VOTE + shift}
    if not refused:
        step(services.dossier_item_set, resolved, secretary, **data)
        return
    with pytest.raises(services.DomainError, match="HS"):
        step(services.dossier_item_set, resolved, secretary, **data)
    reason = {"force_reason": "Đơn viết lại do bản gốc bị thất lạc"}
    step(services.dossier_item_set, resolved, secretary, **data, **reason)
    assert refresh(resolved).dossier.get(code="1-KNĐ").dated_on == VOTE + shift
    assert Event.objects.filter(candidate=resolved, kind="override").exists()


def test_a_paper_not_needed_before_the_vote_may_be_dated_after_it(secretary, resolved):
    data = {"code": "20-KNĐ", "status": "received", "dated_on": VOTE + DAY}
    step(services.dossier_item_set, resolved, secretary, **data)


def test_the_dossier_form_offers_the_override_only_to_the_secretary_after_the_vote(
    login, secretary, committee_member, ready
):
    code = dossier_rows(login(secretary).get(detail(ready)).context)[0]["code"]
    # nothing to force before the vote
    assert "force_reason" not in dossier_form(login(secretary), ready, code).fields
    resolved = vote(ready.branch, secretary, ready, VOTE, 6)
    assert "force_reason" in dossier_form(login(secretary), resolved, code).fields
    assert "force_reason" not in dossier_form(login(committee_member), resolved, code).fields


# --- periods of months: the civil code (R5, R11) ------------------------------------------


@pytest.mark.parametrize(
    ("vote_on", "warned"),
    [(date(2027, 2, 9), False), (date(2027, 2, 10), False), (date(2027, 2, 11), True)],
)
def test_r11_the_papers_are_fresh_through_the_day_12_months_later(ready, vote_on, warned):
    # 1-KNĐ, 2-KNĐ, 5-KNĐ, 5B, 5C are dated 10/02/2026; the introduction 02/02 and the Youth
    # Union resolution 03/02: make them 10/02/2026 too.
    Introduction.objects.filter(candidate=ready).update(introduced_on=date(2026, 2, 10))
    DossierItem.objects.filter(candidate=ready).exclude(code="CN-NTVĐ").update(
        dated_on=date(2026, 2, 10)
    )
    settings = services.rule_settings(ready.branch)
    found = services.vote_findings(refresh(ready), vote_on, settings)
    stale = [f for f in found if f.code == "R11"]
    assert bool(stale) is warned
    if warned:
        assert stale[0].deadline == date(2027, 2, 10)


# --- a member who has left the branch ------------------------------------------------------


@pytest.fixture
def leaving(branch):
    """An official member who leaves the branch on 20/11/2025."""
    return PartyMemberFactory(branch=branch, full_name="Sắp Chuyển Đi", left_on=date(2025, 11, 20))


@pytest.mark.parametrize(
    ("assigned_on", "refused"),
    [(date(2025, 11, 19), False), (date(2025, 11, 20), True), (date(2025, 11, 21), True)],
)
def test_r6_a_member_who_has_left_mentors_no_one(secretary, source, leaving, assigned_on, refused):
    data = {"member": leaving, "assigned_on": assigned_on}
    if refused:
        with pytest.raises(services.DomainError, match="R6"):
            step(services.candidate_assign_mentor, source, secretary, **data)
    else:
        step(services.candidate_assign_mentor, source, secretary, **data)
        assert refresh(source).mentors.get().member == leaving


@pytest.mark.parametrize(
    ("introduced_on", "refused"), [(date(2025, 11, 19), False), (date(2025, 11, 20), True)]
)
def test_r6_a_member_who_has_left_introduces_no_one(
    secretary, source, leaving, introduced_on, refused
):
    PartyMember.objects.filter(pk=leaving.pk).update(started_at_school_on=date(2010, 9, 5))
    data = {"member": leaving, "introduced_on": introduced_on, "is_replacement": True}
    if refused:
        with pytest.raises(services.DomainError, match="R6"):
            step(services.candidate_introduce, source, secretary, **data)
    else:
        step(services.candidate_introduce, source, secretary, **data)


@pytest.mark.parametrize(
    ("left_on", "counted"), [(VOTE - DAY, False), (VOTE, False), (VOTE + DAY, True)]
)
def test_r12_a_member_who_has_left_is_not_on_the_roster(branch, roster, left_on, counted):
    before = services.roster_counts(branch, VOTE)
    PartyMemberFactory(branch=branch, full_name="Đi Công Tác Xa", left_on=left_on)
    official, _probationary = services.roster_counts(branch, VOTE)
    assert official == before[0] + (1 if counted else 0)


def test_the_mentor_choices_keep_members_who_left_after_the_candidacy_opened(
    login, secretary, branch, source
):
    gone = PartyMemberFactory(branch=branch, full_name="Đã Chuyển Lâu", left_on=date(2024, 1, 1))
    recent = PartyMemberFactory(
        branch=branch, full_name="Vừa Chuyển Đi", left_on=source.opened_on + timedelta(days=30)
    )
    scope = login(secretary).get(detail(source)).context["scope"]
    for form_class in (MentorForm, IntroductionForm):
        form = form_class.for_candidate(refresh(source), scope)
        members = list(form.fields["member"].queryset)
        assert recent in members and gone not in members
        label = form.fields["member"].label_from_instance(recent)
        assert "đã thôi sinh hoạt tại chi bộ từ" in label


# --- the Youth Union check at nomination can be forced ------------------------------------


@pytest.fixture
def not_a_member(class_12a1):
    return StudentFactory(school_class=class_12a1, youth_union_joined_on=None)


def test_r3_at_nomination_is_refused_then_forced_by_the_secretary(
    secretary, committee_member, not_a_member
):
    with pytest.raises(services.DomainError, match="R3"):
        services.candidate_nominate(student=not_a_member, author=secretary, kind="committee")
    with pytest.raises(services.DomainError, match="Bí thư"):
        services.candidate_nominate(
            student=not_a_member, author=committee_member, kind="committee", force_reason="Gấp"
        )
    assert not Candidate.objects.exists()
    reason = "Em đã được kết nạp Đoàn, chờ sổ đoàn viên"
    candidate = services.candidate_nominate(
        student=not_a_member, author=secretary, kind="committee", force_reason=reason
    )
    override = Event.objects.get(candidate=candidate, kind="override")
    assert (override.reason, "R3" in override.summary) == (reason, True)


def test_the_nomination_form_offers_the_override_to_the_secretary_only(
    login, secretary, youth_officer, not_a_member
):
    url = reverse("candidates:nominate", args=[not_a_member.pk])
    assert "force_reason" in login(secretary).get(url).context["form"].fields
    assert "force_reason" not in login(youth_officer).get(url).context["form"].fields
    assert "force_reason" not in NominationForm().fields
    response = login(secretary).post(url, {"reason": "Tích cực", "force_reason": "Đã vào Đoàn"})
    assert response.status_code == 302
    assert Candidate.objects.get(student=not_a_member).is_open


# --- R7 counts from the day the student came to the school ---------------------------------


@pytest.mark.parametrize(
    ("introduced_on", "refused"),
    [(date(2026, 1, 14), True), (date(2026, 1, 15), False), (date(2026, 1, 16), False)],
)
def test_r7_counts_from_the_recorded_day_the_student_came(
    secretary, class_12a1, roster, introduced_on, refused
):
    # Came from another school on 15/01/2025; the introducer has been here since 2010.
    student = StudentFactory(school_class=class_12a1, entered_school_on=date(2025, 1, 15))
    candidate = accepted(student, secretary)
    introducer = roster.get(full_name="Đảng Viên Số 0")
    data = {"member": introducer, "introduced_on": introduced_on}
    if refused:
        with pytest.raises(services.DomainError, match="R7"):
            step(services.candidate_introduce, candidate, secretary, **data)
    else:
        step(services.candidate_introduce, candidate, secretary, **data)


def test_r7_falls_back_to_the_start_of_grade_10(class_12a1):
    student = StudentFactory(school_class=class_12a1, entered_school_on=None)
    assert services.entered_school(student) == date(2023, 9, 5)  # 12 in 2025-2026


def test_the_student_form_records_the_day_the_student_came(login, secretary, class_12a1):
    student = StudentFactory(school_class=class_12a1)
    url = reverse("candidates:student_edit", args=[student.pk])
    form = login(secretary).get(url).context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data |= {"entered_school_on": "2024-01-08", "temporary_residence": "Phường An Hải"}
    response = login(secretary).post(url, data)
    assert response.status_code == 302
    student = Student.objects.get(pk=student.pk)
    assert student.entered_school_on == date(2024, 1, 8)
    assert student.temporary_residence == "Phường An Hải"


@pytest.mark.parametrize("title", ["Ngày vào trường", "Ngày nhập học", "Ngày chuyển đến trường"])
def test_the_roster_import_reads_the_day_the_student_came(branch, secretary, title):
    from candidates import roster

    from .test_roster_builders import HEADER, TODAY, student
    from .test_roster_builders import roster as make_roster

    header = [*HEADER, title, "Nơi thường trú", "Nơi tạm trú"]
    rows = [
        [*student(1), "05/09/2023", "Thôn 3, xã Hòa Vang", "Phường An Hải"],
        [*student(2), "01/01/2027", "", ""],  # in the future
    ]
    preview = roster.build_preview(
        roster.read_workbook(make_roster(rows, header=header), today=TODAY), branch, None
    )
    assert [p.code for p in preview.problems] == ["future_entered"]
    fixed = make_roster(rows[:1], header=header)
    preview = roster.build_preview(roster.read_workbook(fixed, today=TODAY), branch, None)
    roster.apply_preview(preview, branch, secretary)
    imported = Student.objects.get(student_code=f"{1:010d}")
    assert imported.entered_school_on == date(2023, 9, 5)
    assert (imported.residence, imported.temporary_residence) == (
        "Thôn 3, xã Hòa Vang",
        "Phường An Hải",
    )


# --- R14's extension ------------------------------------------------------------------------


def test_r14_the_extension_moves_the_deadline_by_30_working_days(login, secretary, resolved):
    settings = services.rule_settings(resolved.branch)
    plain = services.rules.add_working_days(VOTE, 60, settings.extra_days_off)
    extended = services.rules.add_working_days(VOTE, 90, settings.extra_days_off)
    with time_machine.travel(plain + DAY):
        assert "R14" in {f.code for f in findings.warnings(refresh(resolved))}
        step(
            services.decision_extension_record,
            resolved,
            secretary,
            reference="Công văn 45-CV/ĐU ngày 10/06/2026",
            granted_on=plain - DAY,
        )
        candidate = findings.with_pipeline(Candidate.objects.filter(pk=resolved.pk))[0]
        assert "R14" not in {f.code for f in findings.warnings(candidate)}
        html = login(secretary).get(detail(resolved)).content.decode()
        assert text.day(extended) in html and "45-CV/ĐU" in html
    with time_machine.travel(extended + DAY):
        candidate = findings.with_pipeline(Candidate.objects.filter(pk=resolved.pk))[0]
        assert "R14" in {f.code for f in findings.warnings(candidate)}


def test_the_extension_is_recorded_once_and_not_before_the_vote(login, secretary, resolved):
    with pytest.raises(services.DomainError):
        step(
            services.decision_extension_record,
            resolved,
            secretary,
            reference="CV 1",
            granted_on=VOTE - DAY,
        )
    data = {"reference": "Công văn 45-CV/ĐU", "granted_on": "2026-05-04"}
    assert post_step(login(secretary), "step_extension", resolved, **data).status_code == 302
    assert "extension_form" not in with_cards(login(secretary).get(detail(resolved)).context)
    again = post_step(login(secretary), "step_extension", resolved, **data)
    assert again.status_code == 400 and "đã được ghi nhận" in refusal(again)


# --- R19 from the actual leaving date --------------------------------------------------------


def transfer_deadline(candidate, on):
    _found, deadlines = findings.candidate_status(refresh(candidate), on)
    return next((when for label, when, _t in deadlines if "chuyển sinh hoạt" in label), None)


def test_r19_counts_from_the_leaving_date_recorded_on_the_member(secretary, probation):
    member = refresh(probation).ceremony.member
    settings = services.rule_settings(probation.branch)
    end_of_grade_12 = services.grade12_end(probation.student, settings)  # 31/05/2026
    on = date(2026, 7, 1)
    assert transfer_deadline(probation, on) == services.rules.add_working_days(
        end_of_grade_12, 60, settings.extra_days_off
    )
    services.party_member_update(
        member=member,
        actor=secretary,
        data={
            **{f: getattr(member, f) for f in services.PARTY_MEMBER_FIELDS},
            "left_school_on": date(2026, 6, 20),
        },
    )
    member.refresh_from_db()
    assert member.left_on is None and refresh(probation).is_open  # the record stays open
    assert transfer_deadline(probation, on) == services.rules.add_working_days(
        date(2026, 6, 20), 60, settings.extra_days_off
    )
    assert transfer_deadline(probation, date(2026, 6, 20)) is None  # not before leaving


def test_r19_a_member_admitted_after_leaving_school_counts_from_the_ceremony(secretary, decided):
    member_left = date(2026, 5, 1)  # before the ceremony of 19/05/2026
    services.ceremony_record(
        candidate=decided, actor=secretary, version=decided.version, held_on=date(2026, 5, 19)
    )
    member = refresh(decided).ceremony.member
    PartyMember.objects.filter(pk=member.pk).update(left_school_on=member_left)
    settings = services.rule_settings(decided.branch)
    expected = services.rules.add_working_days(date(2026, 5, 19), 60, settings.extra_days_off)
    assert transfer_deadline(decided, date(2026, 6, 1)) == expected


# --- warnings of late steps stay -------------------------------------------------------------


def test_a_late_decision_keeps_its_r14_warning_on_the_page_and_in_the_timeline(
    login, secretary, resolved
):
    issued = services.rules.add_working_days(VOTE, 61)
    decide(resolved, secretary, issued_on=issued)
    for on in (issued, issued + timedelta(days=400)):
        with time_machine.travel(on):
            page = login(secretary).get(detail(resolved))
            assert "R14" in {f.code for f in page.context["findings"] if not f.blocks}
    warning = Event.objects.get(candidate=resolved, kind="warning")
    assert "R14" in warning.summary and text.day(issued) in warning.reason
    assert 'data-kind="warning"' in page.content.decode()


def test_a_decision_within_the_extended_deadline_has_no_warning(secretary, resolved):
    step(
        services.decision_extension_record,
        resolved,
        secretary,
        reference="Công văn 45-CV/ĐU",
        granted_on=date(2026, 5, 4),
    )
    decide(resolved, secretary, issued_on=services.rules.add_working_days(VOTE, 90))
    assert not Event.objects.filter(candidate=resolved, kind="warning").exists()
    assert not findings.recorded_findings(
        refresh(resolved), services.rule_settings(resolved.branch)
    )


def test_a_late_ceremony_with_consent_keeps_its_r15_warning(login, secretary, decided):
    services.ceremony_record(
        candidate=decided,
        actor=secretary,
        version=decided.version,
        held_on=date(2026, 5, 29),
        consent_reference="Công văn 45-CV/ĐU ngày 20/05/2026",
    )
    with time_machine.travel(date(2026, 9, 1)):
        found = login(secretary).get(detail(decided)).context["findings"]
    [r15] = [f for f in found if f.code == "R15"]
    assert not r15.blocks and "45-CV/ĐU" in r15.message
    assert Event.objects.filter(candidate=decided, kind="warning", summary__contains="R15").exists()


def test_a_late_recognition_keeps_its_r16_warning_on_the_closed_record(
    login, branch, secretary, probation, after_probation
):
    late = services.rules.add_working_days(date(2027, 5, 19), 31)
    vote(branch, secretary, probation, late, 7, "recognition")
    candidate = refresh(probation)
    assert not candidate.is_open
    found = login(secretary).get(detail(candidate)).context["findings"]
    assert [f.code for f in found] == ["R16"] and not found[0].blocks
    assert Event.objects.filter(
        candidate=candidate, kind="warning", summary__contains="R16"
    ).exists()


def test_a_recognition_within_30_working_days_has_no_warning(
    branch, secretary, probation, after_probation
):
    on_time = services.rules.add_working_days(date(2027, 5, 19), 30)
    vote(branch, secretary, probation, on_time, 7, "recognition")
    assert not Event.objects.filter(candidate=probation, kind="warning").exists()


# --- R13 where the branch's configuration has a committee in between -------------------------


def test_without_a_committee_in_between_the_intermediate_step_is_not_offered(
    login, secretary, resolved
):
    assert "intermediate_form" not in with_cards(login(secretary).get(detail(resolved)).context)
    with pytest.raises(services.DomainError, match="Không có cấp ủy"):
        intermediate(resolved, secretary)
    decide(resolved, secretary)  # no R13


def test_with_a_committee_in_between_the_decision_waits_for_its_resolution(
    login, secretary, committee_member, resolved, in_between
):
    page = login(secretary).get(detail(resolved))
    assert "intermediate_form" in with_cards(page.context)
    assert "R13" in {f.code for f in page.context["findings"] if f.blocks}
    with pytest.raises(services.DomainError, match="R13"):
        decide(resolved, secretary)
    with pytest.raises(services.DomainError, match="Bí thư"):
        decide(resolved, committee_member, force_reason="Cấp trên đã đồng ý")
    intermediate(resolved, secretary)
    assert "intermediate_form" not in with_cards(login(secretary).get(detail(resolved)).context)
    decide(resolved, secretary)
    assert refresh(resolved).stage == Candidate.Stage.DECIDED


def test_the_secretary_may_force_a_decision_without_the_resolution(secretary, resolved, in_between):
    decide(resolved, secretary, force_reason="Đảng ủy khối đã giải thể")
    assert refresh(resolved).stage == Candidate.Stage.DECIDED
    assert "R13" in Event.objects.get(candidate=resolved, kind="override").summary


def test_the_intermediate_step_applies_only_when_configured(resolved, in_between):
    intermediate = steps.STEPS["intermediate"]
    assert intermediate.is_open_for(refresh(resolved))
    resolved.branch.committee = in_between.decider
    resolved.branch.save()
    assert not intermediate.is_open_for(refresh(resolved))


def test_the_decisions_issuer_is_chosen_among_the_deciding_committees(
    login, secretary, resolved, in_between
):
    form = with_cards(login(secretary).get(detail(resolved)).context)["decision_form"]
    choices = list(form.fields["issuer"].queryset)
    assert in_between.decider in choices and in_between not in choices
    with pytest.raises(services.DomainError, match="có thẩm quyền quyết định kết nạp"):
        decide(resolved, secretary, issuer=in_between)
    data = {"number": "1", "issued_on": "2026-04-10", "received_on": "2026-04-13"}
    typed = post_step(login(secretary), "step_decision", resolved, issuer="ĐẢNG ỦY", **data)
    assert typed.status_code == 400


def test_the_settings_page_names_the_committee_in_between(login, secretary, branch):
    url = reverse("candidates:rule_settings")
    html = login(secretary).get(url).content.decode()
    assert "chi bộ đề nghị thẳng lên cấp ủy ra quyết định" in html
    decider = branch.committee
    branch.committee = Committee.objects.create(
        name="ĐẢNG ỦY KHỐI GIÁO DỤC", decides_admissions=False, parent=decider
    )
    branch.save()
    html = login(secretary).get(url).content.decode()
    assert "ĐẢNG ỦY KHỐI GIÁO DỤC: nghị quyết của cấp ủy này (7/8-KNĐ)" in html
    assert branch.intermediate_committee == branch.committee
    # A superior that does not decide, with no committee above it, is not one in between.
    branch.committee.parent = None
    assert branch.intermediate_committee is None
