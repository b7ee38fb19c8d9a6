"""The set-up page: the first page of an installation without a branch, guarded by a code that
only the server's terminal shows; gone once a branch exists."""

import logging

import pytest
from django.urls import reverse

from accounts import setup
from accounts.models import Branch, Membership, SetupCode, User

pytestmark = pytest.mark.django_db
PASSWORD = "Hoa-phuong-do-2026"


@pytest.fixture
def new_installation(monkeypatch):
    """An empty database, and a server process that has not seen a branch yet."""
    monkeypatch.setattr(setup, "_installed", False)


def printed_code(caplog):
    """The code as the server printed it in its terminal."""
    lines = [r.getMessage() for r in caplog.records if r.name == "accounts.setup"]
    assert lines, "the code was not printed"
    return lines[-1].split(": ", 1)[1].split(" ", 1)[0]


def answers(code, **changes):
    return {
        "code": code,
        "branch_name": "CHI BỘ TRƯỜNG THPT NGUYỄN DU",
        "school": "Trường THPT Nguyễn Du",
        "committee_name": "ĐẢNG BỘ PHƯỜNG HẢI CHÂU",
        "place_name": "Hải Châu",
        "department": "",
        "secretary_full_name": "Lê Thị Mai",
        "secretary_username": "bithu",
        "password1": PASSWORD,
        "password2": PASSWORD,
        **changes,
    }


def test_the_first_page_leads_to_the_set_up_page(client, new_installation, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.setup"):
        response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("setup")
    assert response.status_code == 200
    assert "Thiết lập PTĐV cho trường" in response.content.decode()
    assert "Mã thiết lập PTĐV" in caplog.text
    assert printed_code(caplog) not in response.content.decode()


def test_the_code_is_made_once_and_shared_by_every_server_process(client, new_installation, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.setup"):
        client.get(reverse("setup"))
        first = printed_code(caplog)
        client.get(reverse("setup"))
    assert printed_code(caplog) == first
    assert SetupCode.objects.get().code == first


def test_a_wrong_code_is_refused_and_the_answers_are_kept(client, new_installation, caplog):
    client.get(reverse("setup"))
    response = client.post(reverse("setup"), answers("AAAA-BBBB-CCCC"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mã này không đúng" in html
    assert "CHI BỘ TRƯỜNG THPT NGUYỄN DU" in html  # what was typed is still there
    assert not Branch.objects.exists() and not User.objects.exists()


def test_without_a_code_made_nothing_matches(client, new_installation):
    response = client.post(reverse("setup"), answers(""))
    assert response.status_code == 400
    assert not Branch.objects.exists()


def test_the_right_code_creates_the_branch_and_signs_the_secretary_in(
    client, new_installation, caplog
):
    with caplog.at_level(logging.WARNING, logger="accounts.setup"):
        client.get(reverse("setup"))
    code = printed_code(caplog).lower().replace("-", " ")  # typed loosely
    response = client.post(reverse("setup"), answers(code))
    assert response.status_code == 302 and response.url == reverse("user_list")
    branch = Branch.objects.get()
    assert branch.committee.name == "ĐẢNG BỘ PHƯỜNG HẢI CHÂU"
    secretary = User.objects.get(username="bithu")
    roles = set(Membership.objects.filter(user=secretary).values_list("role", flat=True))
    assert roles == {Membership.Role.SECRETARY, Membership.Role.PARTY_MEMBER}
    page = client.get(reverse("user_list"))
    assert page.status_code == 200 and "Lê Thị Mai" in page.content.decode()
    assert "Đã thiết lập xong CHI BỘ TRƯỜNG THPT NGUYỄN DU" in page.content.decode()
    assert not SetupCode.objects.exists()  # one time only


def test_afterwards_the_page_is_gone_and_the_login_page_is_back(client, new_installation, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.setup"):
        client.get(reverse("setup"))
    client.post(reverse("setup"), answers(printed_code(caplog)))
    client.post(reverse("logout"))
    assert client.get(reverse("setup")).status_code == 404
    assert client.post(reverse("setup"), answers(printed_code(caplog))).status_code == 404
    assert client.get(reverse("login")).status_code == 200
    assert Branch.objects.count() == 1


def test_a_weak_password_is_refused_with_the_answers_kept(client, new_installation, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.setup"):
        client.get(reverse("setup"))
    weak = answers(printed_code(caplog), password1="12345678", password2="12345678")
    response = client.post(reverse("setup"), weak)
    assert response.status_code == 400
    assert "Lê Thị Mai" in response.content.decode()
    assert not Branch.objects.exists() and not User.objects.exists()


def test_with_a_branch_the_set_up_page_does_not_exist(client, branch):
    assert client.get(reverse("setup")).status_code == 404
    assert client.get(reverse("login")).status_code == 200
    assert not SetupCode.objects.exists()


def test_once_a_branch_is_seen_the_login_page_no_longer_asks_the_database(
    client, branch, django_assert_num_queries
):
    client.get(reverse("login"))  # this process learns that a branch exists
    with django_assert_num_queries(0):
        assert client.get(reverse("login")).status_code == 200
