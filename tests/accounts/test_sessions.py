"""Logins and sessions on shared school PCs: the lockout (keyed by the client's address only when
a proxy is trusted), passwords, the idle time the branch sets, a new session at each login."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

LOGIN = reverse("login")
PROXY = "10.0.0.2"  # the reverse proxy, as gunicorn sees every request behind it
LOCKED = "Tạm dừng đăng nhập với tài khoản này"


def attempt(client, username, password, client_address=None):
    extra = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address} if client_address else {}
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def main(response):
    """The page's own part (outside it, the CSRF token differs on each page)."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", html)
    return html[html.index("<main") : html.index("</main>")]


def fail_ten_times(client, username, client_address=None):
    for _ in range(10):
        attempt(client, username, "wrong-password", client_address)


def test_ten_failures_lock_the_user_name_with_a_vietnamese_page_saying_how_long(
    client, secretary, password
):
    fail_ten_times(client, "secretary")
    response = attempt(client, "secretary", password)  # even the right password now
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert "Sau 10 lần nhập sai" in html and "Hãy thử lại sau 60 phút." in html


def test_nine_failures_do_not_lock(client, secretary, password):
    for _ in range(9):
        attempt(client, "secretary", "wrong-password")
    assert attempt(client, "secretary", password).status_code == 302


def test_an_unknown_user_name_gets_the_same_answers(client, secretary):
    known = main(attempt(client, "secretary", "wrong-password"))
    unknown = main(attempt(client, "khong-co-ai", "wrong-password"))
    assert known.replace('value="secretary"', 'value="khong-co-ai"') == unknown
    fail_ten_times(client, "secretary")
    fail_ten_times(client, "khong-co-ai")
    locked = [attempt(client, name, "x") for name in ("secretary", "khong-co-ai")]
    assert [r.status_code for r in locked] == [429, 429]
    assert main(locked[0]) == main(locked[1])


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_one_person_locks_out_only_themselves(client, secretary, password):
    fail_ten_times(client, "secretary", client_address="203.0.113.66")
    assert attempt(client, "secretary", password, "203.0.113.66").status_code == 429
    # The secretary at her own PC, through the same proxy:
    assert attempt(client, "secretary", password, "198.51.100.7").status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_lockout(client, secretary):
    for n in range(10):
        attempt(client, "secretary", "wrong-password", client_address=f"203.0.113.{n}")
    assert attempt(client, "secretary", "x", "198.51.100.7").status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_client_address_is_the_one_the_trusted_proxy_added(client, secretary, password):
    # A client that forges X-Forwarded-For gets its forgery before the proxy's own entry.
    fail_ten_times(client, "secretary", client_address="1.2.3.4, 203.0.113.66")
    assert attempt(client, "secretary", password, "5.6.7.8, 203.0.113.66").status_code == 429
    assert attempt(client, "secretary", password, "1.2.3.4, 198.51.100.7").status_code == 302


@pytest.mark.parametrize(
    ("candidate", "refused"),
    [
        ("Senhong-9", True),  # 9 characters
        ("Sen-hong-10", False),  # 10
        ("password123", True),  # common
        ("1234567890123", True),  # digits only
    ],
)
def test_passwords_have_ten_characters_and_are_not_common(db, candidate, refused):
    try:
        validate_password(candidate)
        was_refused = False
    except ValidationError as error:
        was_refused = True
        assert all(m.startswith("Mật khẩu") for m in error.messages), error.messages
    assert was_refused == refused


def test_a_short_password_is_refused_in_vietnamese(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("Senhong-9")
    assert refused.value.messages == ["Mật khẩu này quá ngắn: cần ít nhất 10 ký tự."]


def test_the_session_ends_when_the_browser_closes(client, secretary, password):
    cookie = attempt(client, "secretary", password).cookies["sessionid"]
    assert (cookie["expires"], cookie["max-age"]) == ("", "")  # a browser-session cookie


def signed_in_at(login, user, moment):
    with time_machine.travel(moment, tick=False):
        client = login(user)
    return client


@pytest.mark.parametrize(("minutes", "signed_out"), [(29, False), (30, False), (31, True)])
def test_the_session_ends_after_the_default_idle_half_hour(login, secretary, minutes, signed_out):
    start = timezone.now()
    client = signed_in_at(login, secretary, start)
    with time_machine.travel(start + timedelta(minutes=minutes, seconds=-1), tick=False):
        response = client.get(reverse("candidates:list"))
    if signed_out:
        assert response.status_code == 302 and response.url.startswith(LOGIN)
        page = client.get(response.url).content.decode()
        assert "không thao tác trong 30 phút" in page
        assert client.get(reverse("home")).status_code == 302  # still signed out
    else:
        assert response.status_code == 200


def test_each_request_restarts_the_idle_time(login, secretary):
    start = timezone.now()
    client = signed_in_at(login, secretary, start)
    for step in (20, 40, 60):
        with time_machine.travel(start + timedelta(minutes=step), tick=False):
            assert client.get(reverse("home")).status_code == 200


def test_the_branch_sets_its_idle_time(login, secretary, branch):
    branch.session_idle_minutes = 10
    branch.save()
    start = timezone.now()
    client = signed_in_at(login, secretary, start)
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        response = client.get(reverse("home"))
    assert response.status_code == 302


def test_a_login_starts_a_new_session_and_logout_ends_it(client, secretary, password):
    client.get(LOGIN)
    client.cookies["sessionid"] = "planted-by-someone-else-0123456789"
    attempt(client, "secretary", password)
    key = client.cookies["sessionid"].value
    assert key != "planted-by-someone-else-0123456789"
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    client.cookies["sessionid"] = key  # the old cookie, kept by someone
    assert client.get(reverse("home")).status_code == 302


def test_a_first_password_leads_to_the_password_change(client, secretary, password):
    secretary.must_change_password = True
    secretary.save()
    attempt(client, "secretary", password)
    response = client.get(reverse("candidates:list"))
    assert response.status_code == 302 and response.url == reverse("password_change")


def test_the_secretary_sets_the_idle_time_on_the_branch_settings_page(login, secretary, branch):
    from tests.accounts.test_branch_settings import settings_form

    client = login(secretary)
    page = client.get(reverse("branch_settings")).content.decode()
    assert "tự đăng xuất sau (số phút không thao tác)" in page.lower()
    refused = client.post(reverse("branch_settings"), settings_form(branch, session_idle_minutes=4))
    assert refused.status_code == 400
    assert "lớn hơn hoặc bằng với 5" in refused.content.decode()
    saved = client.post(reverse("branch_settings"), settings_form(branch, session_idle_minutes=15))
    assert saved.status_code == 302
    branch.refresh_from_db()
    assert branch.session_idle_minutes == 15
