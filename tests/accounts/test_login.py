import pytest
from django.urls import reverse

CAST = ["secretary", "youth_officer", "teacher_12a1", "teacher_12a2", "party_member", "outsider"]


def test_login_page_speaks_vietnamese(client, branch):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert "Đăng nhập" in content
    assert "Tên đăng nhập" in content
    assert "Mật khẩu" in content


def test_anonymous_visitor_is_sent_to_login(client, branch):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", CAST)
def test_each_role_signs_in_with_the_form(client, cast, password, who):
    user = cast[who]
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert user.full_name in home.content.decode()


def test_wrong_password_is_refused_in_vietnamese(client, secretary):
    response = client.post(reverse("login"), {"username": "secretary", "password": "nope"})
    assert response.status_code == 200
    assert "mật khẩu chính xác" in response.content.decode()


def test_logout_ends_the_session(login, secretary):
    client = login(secretary)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_password_change_in_vietnamese(login, secretary, password):
    client = login(secretary)
    page = client.get(reverse("password_change"))
    assert "Mật khẩu cũ" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": password,
            "new_password1": "Hoa-sen-2026!",
            "new_password2": "Hoa-sen-2026!",
        },
    )
    assert response.status_code == 302
    secretary.refresh_from_db()
    assert secretary.check_password("Hoa-sen-2026!")


def test_user_without_branch_is_told_so(login, db):
    from tests.factories import UserFactory

    client = login(UserFactory(username="lonely"))
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "chưa thuộc chi bộ nào" in response.content.decode()


def test_an_english_browser_still_gets_vietnamese(client, branch):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Đăng nhập" in response.content.decode()
