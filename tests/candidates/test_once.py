"""Nothing recorded twice, nothing lost: a form sent twice records once, two people nominating
the same student at once make one candidacy, and the history is only ever added to."""

import re
import threading
import urllib.parse
import urllib.request
from datetime import date
from http.cookiejar import CookieJar

import pytest
from django.db import connection, transaction
from django.urls import reverse

from accounts.models import Membership
from candidates import services
from candidates.models import AppendOnlyError, Candidate, Decision, Event, Nomination
from tests.factories import MembershipFactory, StudentFactory, UserFactory

from .pipeline import refresh


def detail(candidate):
    return reverse("candidates:detail", args=[candidate.pk])


def card_token(client, candidate, key):
    """The token of the step card `key` as the candidate page renders it."""
    cards = dict(client.get(detail(candidate)).context["step_cards"])
    return next(form for step, form in cards.items() if step.key == key)["token"].value()


def decision_form(client, candidate, **changes):
    """The decision card of the page, filled in as the secretary would send it."""
    data = {
        "version": candidate.version,
        "token": card_token(client, candidate, "decision"),
        "number": "512-QĐ/ĐU",
        "issued_on": "2026-04-10",
        "received_on": "2026-04-13",
        "issuer": candidate.branch.committee.decider.pk,
    }
    return {**data, **changes}


def test_a_step_sent_twice_is_recorded_once_and_said_so(login, secretary, resolved):
    client = login(secretary)
    data = decision_form(client, resolved)
    url = reverse("candidates:step_decision", args=[resolved.pk])
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert again.status_code == 200  # not 409: the page, with a calm note
    assert "không ghi nhận lần thứ hai" in again.content.decode()
    assert Decision.objects.count() == 1
    assert Event.objects.filter(candidate=resolved, kind="decision").count() == 1


def test_a_refused_step_can_be_sent_again_with_the_same_token(login, secretary, resolved):
    client = login(secretary)
    data = decision_form(client, resolved, issued_on="2026-03-01")  # before the vote: refused
    url = reverse("candidates:step_decision", args=[resolved.pk])
    assert client.post(url, data).status_code == 400
    assert client.post(url, {**data, "issued_on": "2026-04-10"}).status_code == 302
    assert refresh(resolved).stage == Candidate.Stage.DECIDED


def test_a_nomination_sent_twice_is_one_nomination(login, teacher_12a1, class_12a1):
    student = StudentFactory(school_class=class_12a1)
    client = login(teacher_12a1)
    url = reverse("candidates:nominate", args=[student.pk])
    token = client.get(url).context["form"]["token"].value()
    data = {"token": token, "on": "2025-10-01", "reason": "Gương mẫu"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert Nomination.objects.count() == 1


# --- the history is only added to ------------------------------------------------------


def test_events_are_never_changed_or_deleted(secretary, source):
    event = Event.objects.filter(candidate=source).first()
    event.summary = "Sửa lịch sử"
    attempts = [
        event.save,
        event.delete,
        lambda: Event.objects.filter(pk=event.pk).update(summary="Sửa lịch sử"),
        lambda: Event.objects.filter(pk=event.pk).delete(),
        lambda: Event.objects.bulk_update([event], ["summary"]),
    ]
    for attempt in attempts:
        with pytest.raises(AppendOnlyError), transaction.atomic():
            attempt()
    assert Event.objects.get(pk=event.pk).summary != "Sửa lịch sử"


def test_new_events_are_still_written(secretary, source):
    count = Event.objects.count()
    services.candidate_plan_vote(
        candidate=source, actor=secretary, planned_vote_on=date(2026, 5, 20), version=2
    )
    assert Event.objects.count() == count + 1


# --- two people nominating the same student at the same moment ------------------------------


class Browser:
    """A signed-in browser of the live server: its own cookies, posting forms as a person."""

    def __init__(self, live_server, username, password):
        self.base = live_server.url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect
        )
        login = reverse("login")
        signed_in = self.post(login, {"username": username, "password": password}, self.get(login))
        assert signed_in == 302

    def get(self, path):
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def post(self, path, data, page):
        """POST `data` with the CSRF token of `page`; returns the status."""
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": csrf}).encode()
        request = urllib.request.Request(self.base + path, body, {"Referer": self.base + path})
        try:
            with self.opener.open(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def nominate(browser, page, path, start, statuses):
    start.wait()  # both threads post at the same moment
    statuses.append(browser.post(path, {"reason": "Đoàn viên ưu tú"}, page))


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_two_nominations_at_once_make_one_candidacy(
    live_server, settings, branch, class_12a1, password
):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs one writer at a time: the race needs PostgreSQL")
    # The live server speaks plain HTTP; a client other than a browser keeps secure cookies off it.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    people = []
    for name in ("doan1", "doan2"):
        user = UserFactory(username=name)
        MembershipFactory(user=user, branch=branch, role=Membership.Role.YOUTH_UNION)
        people.append(user)
    students = [StudentFactory(school_class=class_12a1) for _ in range(4)]
    browsers = [Browser(live_server, user.username, password) for user in people]
    statuses = []
    for student in students:  # a few rounds: each is a chance for the race
        path = reverse("candidates:nominate", args=[student.pk])
        pages = [browser.get(path) for browser in browsers]
        start = threading.Barrier(len(browsers))
        threads = [
            threading.Thread(target=nominate, args=(browser, page, path, start, statuses))
            for browser, page in zip(browsers, pages, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [302] * len(statuses)
    for student in students:
        candidacy = Candidate.objects.get(student=student)
        assert candidacy.nominations.count() == 2
