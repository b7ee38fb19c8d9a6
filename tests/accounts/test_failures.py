"""Every failure a user can meet is a calm Vietnamese page, never Django's English or a traceback.

The database-down answers are measured on the real thing: gunicorn, as the README deploys it,
started with a DATABASE_URL that points at a closed port of 127.0.0.1.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from config.errors import server_error

ROOT = Path(__file__).resolve().parents[2]
CALM = "tạm thời chưa dùng được"  # the 503 page's heading
CSRF = "a" * 32  # a CSRF secret sent both as the cookie and in the form


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_without_database():
    port, closed = free_port(), free_port()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"postgres://ptdv:wrong@127.0.0.1:{closed}/ptdv",
    }
    bind = f"127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-b", bind, "-w", "1"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield f"http://{bind}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(url, *, data=None, cookie=None):
    """(status, text, seconds) of one request, whatever its status."""
    request = urllib.request.Request(url, data=data, headers={"Cookie": cookie} if cookie else {})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    return status, body.decode(), time.monotonic() - started


def test_a_login_post_with_the_database_down_is_a_calm_503(server_without_database):
    form = f"csrfmiddlewaretoken={CSRF}&username=bithu&password=whatever-it-is".encode()
    status, text, seconds = fetch(
        f"{server_without_database}/accounts/login/", data=form, cookie=f"csrftoken={CSRF}"
    )
    assert (status, seconds < 5) == (503, True)
    assert CALM in text
    assert '<html lang="vi">' in text
    assert "Traceback" not in text and "Server Error" not in text


@pytest.mark.parametrize("path", ["/", "/candidates/", "/accounts/login/"])
def test_a_page_with_a_session_with_the_database_down_is_a_calm_503(server_without_database, path):
    status, text, seconds = fetch(
        f"{server_without_database}{path}", cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345"
    )
    assert (status, seconds < 5) == (503, True)
    assert CALM in text


def test_the_health_check_with_the_database_down_is_503(server_without_database):
    status, text, seconds = fetch(f"{server_without_database}/healthz")
    assert (status, seconds < 5) == (503, True)


def test_any_other_server_error_is_a_vietnamese_500_without_detail(rf):
    try:
        raise ZeroDivisionError("secret detail")
    except ZeroDivisionError:
        response = server_error(rf.get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "Máy chủ gặp sự cố" in text
    assert "secret detail" not in text and "ZeroDivisionError" not in text


def test_an_unknown_page_is_a_vietnamese_404(client, branch):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_request_for_an_unknown_host_is_a_vietnamese_400(client, branch):
    response = client.get(reverse("login"), HTTP_HOST="ke-gian.example")
    assert response.status_code == 400
    assert "Máy chủ không hiểu yêu cầu này" in response.content.decode()


def test_a_form_sent_without_its_csrf_token_is_a_vietnamese_403(branch, secretary, password):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "secretary", "password": password})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_an_error_page_that_cannot_render_falls_back_to_bare_vietnamese(rf, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": []}]  # the error pages are gone
    try:
        raise OperationalError("server closed the connection")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert "PTĐV tạm thời chưa dùng được" in response.content.decode()
