"""The Party members pages: list with status, add, edit, dates checked, one account per member."""

import re
import unicodedata
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from candidates.models import Event, PartyMember

from ..factories import PartyMemberFactory, UserFactory
from .pipeline import leave

LIST = reverse("candidates:member_list")
CREATE = reverse("candidates:member_create")


def member_data(**overrides):
    return {"full_name": "Lương Thị Hà", "joined_on": "2025-06-01", **overrides}


@time_machine.travel(date(2026, 3, 1))
def test_list_shows_each_status_in_school_order(login, secretary, branch):
    PartyMemberFactory(branch=branch, full_name="Trần Văn Đạt", left_on=date(2024, 8, 31))
    PartyMemberFactory(
        branch=branch, full_name="Lê Thị Dung", joined_on=date(2025, 6, 1), official_on=None
    )
    PartyMemberFactory(branch=branch, full_name="Ngô Văn Ân")
    PartyMemberFactory(full_name="Ai Đó Khác")  # another branch
    html = login(secretary).get(LIST).content.decode()
    names = re.findall(r'data-testid="member-name">([^<]+)<', html)
    assert names == ["Ngô Văn Ân", "Lê Thị Dung", "Trần Văn Đạt", "Cao Thị Hoài Hương"]
    statuses = re.findall(r'data-testid="status-(\w+)"', html)
    assert statuses == ["official", "probationary", "left", "official"]


def test_secretary_adds_a_probationary_member_linked_to_an_account(
    login, secretary, youth_officer, branch
):
    response = login(secretary).post(CREATE, member_data(user=youth_officer.pk))
    assert response.status_code == 302
    member = PartyMember.objects.get(full_name="Lương Thị Hà")
    assert (member.branch, member.user, member.official_on) == (branch, youth_officer, None)
    event = Event.objects.get(party_member=member)
    assert event.kind == "party_member_created"
    assert event.changes["joined_on"] == ["", "01/06/2025"]


def test_member_name_typed_in_nfd_is_stored_nfc(login, secretary):
    login(secretary).post(
        CREATE, member_data(full_name=unicodedata.normalize("NFD", " Lương  Hà "))
    )
    assert PartyMember.objects.filter(full_name="Lương Hà").exists()


@pytest.mark.parametrize(
    ("field", "value"), [("official_on", "2025-05-31"), ("left_on", "2025-01-01")]
)
def test_dates_before_joining_are_refused(login, secretary, field, value):
    response = login(secretary).post(CREATE, member_data(**{field: value}))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not PartyMember.objects.filter(full_name="Lương Thị Hà").exists()


def test_an_account_links_to_one_party_member_only(login, secretary):
    response = login(secretary).post(CREATE, member_data(user=secretary.pk))
    assert response.context["form"].errors["user"]


def test_only_accounts_of_the_branch_may_be_linked(login, secretary, outsider):
    client = login(secretary)
    for user in (outsider, UserFactory(username="nobody")):
        response = client.post(CREATE, member_data(user=user.pk))
        assert response.context["form"].errors["user"]


def test_editing_a_member_records_what_changed(login, secretary, branch):
    member = PartyMemberFactory(branch=branch, full_name="Lê Thị Dung", official_on=None)
    url = reverse("candidates:member_edit", args=[member.pk])
    client = login(secretary)
    form = client.get(url).context["form"]
    data = {name: "" if form[name].value() is None else form[name].value() for name in form.fields}
    data["official_on"] = "2011-05-19"
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.official_on == date(2011, 5, 19)
    event = Event.objects.get(party_member=member, kind="party_member_changed")
    assert event.changes == {"official_on": ["", "19/05/2011"]}
    assert 'data-testid="event"' in client.get(url).content.decode()


def opened(client, url):
    """What the edit page sends back untouched (with the version it opened)."""
    form = client.get(url).context["form"]
    return {name: "" if form[name].value() is None else form[name].value() for name in form.fields}


def test_a_stale_member_edit_is_refused_with_the_input_kept(login, secretary, branch):
    member = PartyMemberFactory(branch=branch, full_name="Lê Thị Dung", official_on=None)
    url = reverse("candidates:member_edit", args=[member.pk])
    client = login(secretary)
    first, second = opened(client, url), opened(client, url)
    assert client.post(url, {**first, "official_on": "2011-05-19"}).status_code == 302
    response = client.post(url, {**second, "left_on": "2026-06-30"})
    assert response.status_code == 409
    form = response.context["form"]
    assert form["left_on"].value() == "2026-06-30" and form.non_field_errors()
    member.refresh_from_db()
    assert (member.official_on, member.left_on, member.version) == (date(2011, 5, 19), None, 2)
    # The form now carries the stored version: saving again is deliberate, and keeps both.
    resent = {**second, "left_on": "2026-06-30", "official_on": "2011-05-19"}
    resent["version"] = form["version"].value()
    assert client.post(url, resent).status_code == 302
    member.refresh_from_db()
    assert (member.official_on, member.left_on) == (date(2011, 5, 19), date(2026, 6, 30))


def test_a_step_that_dates_a_member_makes_an_open_edit_stale(login, secretary, probation):
    """The exit on probation sets the member's leaving date: an edit opened before is refused."""
    member = probation.ceremony.member
    url = reverse("candidates:member_edit", args=[member.pk])
    client = login(secretary)
    data = opened(client, url)
    leave(secretary, probation, date(2026, 7, 1))
    assert client.post(url, {**data, "position": "Học sinh"}).status_code == 409
    member.refresh_from_db()
    assert member.left_on == date(2026, 7, 1)
