"""The step registry: each step declared once, and the gate, the page and the URLs read it."""

from datetime import date

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import resolve, reverse

from accounts.access import Scope
from accounts.models import Membership
from candidates import forms, services, steps, text
from candidates.errors import DomainError
from candidates.models import Candidate, Student

Stage, Role = Candidate.Stage, Membership.Role
ORDER = steps.PIPELINE_ORDER


def at(stage, closed=False):
    """An unsaved candidacy at `stage`: the gate reads only its stage and whether it is open."""
    closed_on = date(2026, 6, 1) if closed else None
    return Candidate(stage=stage, closed_on=closed_on, student=Student(full_name="Lê Văn An"))


def refusal(candidate, key):
    with pytest.raises(DomainError) as error:
        steps.require(candidate, key)
    return error.value.message


@pytest.mark.parametrize("step", steps.CARDS, ids=lambda s: s.key)
def test_every_card_names_a_form_a_service_and_a_url_of_its_own(step):
    assert issubclass(getattr(forms, step.form), forms.VersionForm)
    assert callable(getattr(services, step.service))
    url = reverse(step.url_name, args=[1])
    assert resolve(url).kwargs == {"pk": 1, "key": step.key}


@pytest.mark.parametrize("step", steps.STEPS.values(), ids=lambda s: s.key)
def test_every_step_is_open_exactly_in_its_windows(step):
    for stage in ORDER:
        candidate = at(stage, closed=stage == Stage.OFFICIAL)
        assert step.in_window(candidate) is (stage in step.stages)
        if stage in step.stages and step.applies is None:
            steps.require(candidate, step.key)  # does not raise
        elif stage not in step.stages:
            with pytest.raises(DomainError):
                steps.require(candidate, step.key)


def test_the_preparation_closes_on_the_day_the_branch_has_voted():
    # The last stage before the vote, the vote itself, and the stage after it.
    steps.require(at(Stage.DOSSIER), "introduction")
    assert "Chi bộ đã xét" in refusal(at(Stage.RESOLVED), "introduction")
    assert "Chi bộ đã xét" in refusal(at(Stage.DECIDED), "introduction")


def test_a_step_before_its_window_names_the_stage_it_needs():
    message = refusal(at(Stage.NOMINATED), "mentor")
    assert "Quần chúng ưu tú (nguồn)" in message and "Được giới thiệu" in message


def test_steps_with_their_own_words_use_them():
    assert refusal(at(Stage.PROBATIONARY), "decision") == "Quyết định kết nạp đã được ghi nhận."
    assert refusal(at(Stage.PROBATIONARY), "ceremony") == "Lễ kết nạp đã được ghi nhận."
    assert "chưa xét công nhận" in refusal(at(Stage.PROBATIONARY), "recognition")


def test_a_mentor_is_assigned_before_the_vote_and_again_on_probation():
    for stage in (Stage.SOURCE, Stage.DOSSIER, Stage.PROBATIONARY):
        steps.require(at(stage), "mentor")
    for stage in (Stage.RESOLVED, Stage.DECIDED):
        with pytest.raises(DomainError):
            steps.require(at(stage), "mentor")


def test_a_closed_candidacy_takes_no_step_but_the_recognition_decision():
    closed = at(Stage.OFFICIAL, closed=True)
    steps.require(closed, "recognition")
    assert "đã kết thúc" in refusal(closed, "exit")
    exited = at(Stage.EXITED, closed=True)
    for key in ("mentor", "dossier", "recognition"):
        assert "đã kết thúc" in refusal(exited, key)


def test_the_page_offers_each_role_its_own_cards():
    source = at(Stage.SOURCE)
    secretary = Scope(roles=frozenset({Role.SECRETARY}))
    youth = Scope(roles=frozenset({Role.YOUTH_UNION}))
    teacher = Scope(roles=frozenset({Role.HOMEROOM}))
    assert [s.key for s in steps.page_steps(source, secretary)] == [
        "mentor",
        "introduction",
        "youth",
        "comments",
        "exit",
    ]
    assert [s.key for s in steps.page_steps(source, youth)] == ["youth"]
    assert steps.page_steps(source, teacher) == []
    assert steps.may_edit_dossier(source, secretary)
    assert not steps.may_edit_dossier(source, youth)


def test_python_and_templates_write_a_date_the_same_way():
    for day in (date(2026, 1, 5), date(2026, 12, 31), date(2008, 2, 29)):
        assert text.day(day) == date_filter(day) == day.strftime("%d/%m/%Y")
    assert text.day(None) == ""
