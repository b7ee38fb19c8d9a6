"""The consent page on a phone: the secretary records a consent given and a withdrawal at 390 px;
neither the page nor the student's page scrolls sideways, and axe finds nothing serious."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from candidates import consent
from candidates.models import Student

from .test_accessibility import AXE, axe_problems
from .test_login_flow import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sideways(page):
    return page.evaluate("document.documentElement.scrollWidth") > 390


def test_the_secretary_records_and_withdraws_consent_on_a_phone(phone, live_server):
    assert AXE.exists(), "axe-core is not installed: `npm ci` (make test runs it)"
    call_command("seed_demo")
    student = Student.objects.filter(candidacies__isnull=True).first()
    assert consent.in_force(student)  # the demo recorded it
    sign_in(phone, live_server.url, "bithu")
    url = live_server.url + reverse("candidates:student_consent", args=[student.pk])

    phone.goto(url)
    assert not sideways(phone)
    assert axe_problems(phone) == []
    phone.get_by_test_id("consent-withdraw").click()
    phone.get_by_test_id("consent-give").wait_for()
    assert not consent.in_force(student)

    # Without consent: the text to agree to, the form, and the student's page says so.
    assert not sideways(phone)
    assert axe_problems(phone) == []
    phone.goto(live_server.url + reverse("candidates:student_detail", args=[student.pk]))
    phone.get_by_test_id("consent-missing").wait_for()
    assert not sideways(phone)
    phone.get_by_test_id("consent-link").click()
    phone.get_by_label("Học sinh đã đồng ý với văn bản trên").check()
    phone.get_by_label("Cha, mẹ hoặc người giám hộ đã đồng ý").fill("Nguyễn Văn Hòa")
    phone.get_by_test_id("consent-give").click()
    phone.get_by_test_id("consent-withdraw").wait_for()
    assert consent.in_force(student)
