"""Django's admin stays, for superusers only: nothing in normal use needs it."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_who_are_not_superusers_are_kept_out(login, secretary):
    secretary.is_staff = True
    secretary.save()
    response = login(secretary).get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("admin:login") in response.url


def test_a_superuser_enters(login):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert login(admin).get(reverse("admin:index")).status_code == 200
    assert login(admin).get(reverse("admin:accounts_accountevent_changelist")).status_code == 200
