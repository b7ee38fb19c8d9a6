"""Users and roles: the secretary adds people, gives and takes roles, locks accounts and resets
passwords in the app; the committee reads; every change is in the history."""

import re

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import AccountEvent, Membership, User
from tests.factories import MembershipFactory, PartyMemberFactory, UserFactory

Role = Membership.Role
FIRST = "Sen-trang-2026"
OWN = "Hoa-mai-vang-2027"


def roles_of(user, branch):
    return services.roles_in(branch, user)


def add_person(client, **data):
    defaults = {
        "full_name": "Đặng Thị Lan",
        "username": "lan",
        "roles": [Role.HOMEROOM, Role.PARTY_MEMBER],
        "access": "password",
        "password1": FIRST,
        "password2": FIRST,
    }
    return client.post(reverse("user_create"), {**defaults, **data})


def person_form(user, branch, **changes):
    data = {
        "full_name": user.full_name,
        "roles": sorted(roles_of(user, branch)),
        "version": user.version,
    }
    return {**data, **changes}


# --- the list and the person's page ---------------------------------------------------------


def test_the_list_shows_each_person_with_their_roles(login, cast, branch):
    html = login(cast["secretary"]).get(reverse("user_list")).content.decode()
    assert "Cao Thị Hoài Hương" in html and "Bí thư, Đảng viên" in html
    assert "Nguyễn Thị Minh Tâm" in html and "Giáo viên chủ nhiệm" in html
    assert "Đỗ Văn Ngoài" not in html  # another branch's secretary
    assert "Thêm người dùng" in html


def test_the_list_is_in_the_order_of_given_names(login, secretary, branch):
    for username, name in [("d", "Lê Văn Đức"), ("a", "Trần Thị Anh"), ("b", "Võ Văn Bình")]:
        MembershipFactory(user=UserFactory(username=username, full_name=name), branch=branch)
    rows = login(secretary).get(reverse("user_list")).context["rows"]
    names = [person.full_name for person, _roles in rows]
    assert names == ["Trần Thị Anh", "Võ Văn Bình", "Lê Văn Đức", "Cao Thị Hoài Hương"]


def test_the_person_page_shows_roles_classes_and_party_record(
    login, secretary, teacher_12a1, class_12a1, branch
):
    member = PartyMemberFactory(branch=branch, user=teacher_12a1, full_name="Nguyễn Thị Minh Tâm")
    html = login(secretary).get(reverse("user_detail", args=[teacher_12a1.pk])).content.decode()
    assert "Giáo viên chủ nhiệm" in html
    assert reverse("candidates:class_edit", args=[class_12a1.pk]) in html
    assert "12A1 (2025-2026)" in html
    assert reverse("candidates:member_edit", args=[member.pk]) in html
    assert "19/05/2010" in html  # joined the Party on, dd/mm/yyyy


def test_without_a_party_record_the_page_says_where_to_link_one(login, secretary, branch):
    user = UserFactory(username="lan", full_name="Đặng Thị Lan")
    MembershipFactory(user=user, branch=branch, role=Role.PARTY_MEMBER)
    html = login(secretary).get(reverse("user_detail", args=[user.pk])).content.decode()
    assert "Chưa có hồ sơ đảng viên nào gắn với tài khoản này" in html
    assert reverse("candidates:member_list") in html


def test_roles_a_person_does_not_hold_are_left_out_of_their_page(login, secretary, youth_officer):
    html = login(secretary).get(reverse("user_detail", args=[youth_officer.pk])).content.decode()
    assert 'data-testid="classes"' not in html and 'data-testid="party-record"' not in html


def test_a_committee_member_reads_but_changes_nothing(login, committee_member, party_member):
    client = login(committee_member)
    listing = client.get(reverse("user_list")).content.decode()
    assert "Võ Đình Khoa" in listing and "Thêm người dùng" not in listing
    page = client.get(reverse("user_detail", args=[party_member.pk]))
    assert page.status_code == 200
    assert 'data-testid="person-form"' not in page.content.decode()
    url = reverse("user_detail", args=[party_member.pk])
    assert (
        client.post(
            url, person_form(party_member, party_member.memberships.get().branch)
        ).status_code
        == 403
    )
    assert client.get(reverse("user_create")).status_code == 403
    for name, data in [("user_password", {"link": "1"}), ("user_active", {"active": "0"})]:
        assert client.post(reverse(name, args=[party_member.pk]), data).status_code == 403
    party_member.refresh_from_db()
    assert party_member.is_active


# --- adding a person ------------------------------------------------------------------------


def test_a_person_added_with_a_first_password_must_change_it_at_first_login(
    client, login, secretary, branch
):
    response = add_person(login(secretary))
    lan = User.objects.get(username="lan")
    assert response.status_code == 302 and response.url == reverse("user_detail", args=[lan.pk])
    assert roles_of(lan, branch) == {Role.HOMEROOM, Role.PARTY_MEMBER}
    assert lan.must_change_password
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "lan", "password": FIRST})
    for url in (reverse("home"), reverse("candidates:list")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("password_change")
    page = client.get(reverse("password_change"), follow=True)
    assert "mật khẩu được cấp" in page.content.decode()
    change = {"old_password": FIRST, "new_password1": OWN, "new_password2": OWN}
    assert client.post(reverse("password_change"), change).status_code == 302
    lan.refresh_from_db()
    assert not lan.must_change_password and lan.check_password(OWN)
    assert client.get(reverse("home")).status_code == 200
    assert AccountEvent.objects.filter(user=lan, kind="password_change", actor=lan).exists()
    client.force_login(secretary, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("user_detail", args=[lan.pk])).content.decode()
    assert "Đặng Thị Lan đã đặt mật khẩu mới" in page  # in the history


def test_a_person_added_with_a_link_chooses_their_password_once(client, login, secretary):
    response = add_person(login(secretary), access="link", password1="", password2="")
    lan = User.objects.get(username="lan")
    assert not lan.has_usable_password() and not lan.must_change_password
    page = client.get(response.url).content.decode()
    link = re.search(r'value="(http://testserver/accounts/password/set/[^"]+)"', page).group(1)
    assert "password/set" not in client.get(response.url).content.decode()  # shown once
    client.post(reverse("logout"))
    form = client.get(link, follow=True)
    assert "Tên đăng nhập của đồng chí là <strong>lan</strong>" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": OWN, "new_password2": OWN})
    assert done.status_code == 302 and done.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200  # signed in
    lan.refresh_from_db()
    assert lan.check_password(OWN)
    client.post(reverse("logout"))
    again = client.get(link, follow=True)
    assert 'data-testid="link-invalid"' in again.content.decode()


def test_a_link_stops_working_when_the_account_is_locked(client, login, secretary, branch):
    add_person(login(secretary), access="link", password1="", password2="")
    lan = User.objects.get(username="lan")
    link = client.get(reverse("user_detail", args=[lan.pk])).context["link"]
    services.user_set_active(user=lan, branch=branch, actor=secretary, active=False)
    client.post(reverse("logout"))
    page = client.get(link, follow=True)
    assert 'data-testid="link-invalid"' in page.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "SECRETARY"}, "Tên đăng nhập SECRETARY đã có người dùng"),
        ({"username": "có dấu cách"}, "tên đăng nhập hợp lệ"),
        ({"roles": []}, "Hãy chọn ít nhất một vai trò"),
        ({"password1": "", "password2": ""}, "Hãy nhập mật khẩu ban đầu"),
        ({"password2": "khac-han-2026"}, "không khớp"),
        ({"password1": "12345678", "password2": "12345678"}, "Mật khẩu"),
    ],
)
def test_bad_input_is_refused_with_what_was_typed_kept(login, secretary, data, message):
    response = add_person(login(secretary), **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Đặng Thị Lan" in html
    assert not User.objects.filter(full_name="Đặng Thị Lan").exists()


# --- roles ----------------------------------------------------------------------------------


def test_the_secretary_gives_and_takes_roles(login, secretary, youth_officer, branch):
    url = reverse("user_detail", args=[youth_officer.pk])
    data = person_form(youth_officer, branch, roles=[Role.COMMITTEE, Role.PARTY_MEMBER])
    response = login(secretary).post(url, data)
    assert response.status_code == 302
    assert roles_of(youth_officer, branch) == {Role.COMMITTEE, Role.PARTY_MEMBER}
    event = AccountEvent.objects.get(user=youth_officer, kind="user_update")
    assert event.actor == secretary
    assert event.changes == {"vai trò": ["Cán bộ Đoàn trường", "Chi ủy viên, Đảng viên"]}


def test_a_person_keeps_at_least_one_role(login, secretary, youth_officer, branch):
    url = reverse("user_detail", args=[youth_officer.pk])
    response = login(secretary).post(url, person_form(youth_officer, branch, roles=[]))
    assert response.status_code == 400
    assert roles_of(youth_officer, branch) == {Role.YOUTH_UNION}


def test_the_secretary_cannot_take_away_their_own_secretary_role(login, secretary, branch):
    url = reverse("user_detail", args=[secretary.pk])
    data = person_form(secretary, branch, roles=[Role.PARTY_MEMBER], full_name="Cao Thị Hương")
    response = login(secretary).post(url, data)
    assert response.status_code == 400
    assert "Không thể tự bỏ vai trò Bí thư" in response.content.decode()
    assert Role.SECRETARY in roles_of(secretary, branch)
    secretary.refresh_from_db()
    assert secretary.full_name == "Cao Thị Hoài Hương"  # nothing of the refused change


def test_a_handover_new_secretary_takes_the_old_ones_role(login, secretary, party_member, branch):
    client = login(secretary)
    url = reverse("user_detail", args=[party_member.pk])
    client.post(url, person_form(party_member, branch, roles=[Role.SECRETARY, Role.PARTY_MEMBER]))
    party_member.refresh_from_db()
    client = login(party_member)
    url = reverse("user_detail", args=[secretary.pk])
    assert (
        client.post(url, person_form(secretary, branch, roles=[Role.PARTY_MEMBER])).status_code
        == 302
    )
    assert roles_of(secretary, branch) == {Role.PARTY_MEMBER}


def test_the_branch_never_loses_its_last_secretary(secretary, branch):
    # A script (no signed-in actor) is held to the same rule.
    with pytest.raises(services.DomainError):
        services.user_update(
            user=secretary,
            branch=branch,
            actor=None,
            full_name=secretary.full_name,
            roles=[Role.PARTY_MEMBER],
            version=secretary.version,
        )
    assert Role.SECRETARY in roles_of(secretary, branch)


def test_a_concurrent_edit_is_refused_with_the_input_kept(
    client, login, secretary, youth_officer, branch, committee_member
):
    url = reverse("user_detail", args=[youth_officer.pk])
    opened = person_form(youth_officer, branch)  # both open the page at version 1
    services.user_update(
        user=youth_officer,
        branch=branch,
        actor=secretary,
        full_name="Lê Thị Thu Trang",
        roles=[Role.YOUTH_UNION, Role.PARTY_MEMBER],
        version=opened["version"],
    )
    mine = {**opened, "full_name": "Lê Thu Trang", "roles": [Role.YOUTH_UNION, Role.HOMEROOM]}
    response = login(secretary).post(url, mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Đã có người khác lưu hồ sơ này" in html
    assert 'value="Lê Thu Trang"' in html  # what I typed
    assert 'data-testid="roles">Cán bộ Đoàn trường, Đảng viên' in html  # what they saved
    youth_officer.refresh_from_db()
    assert youth_officer.full_name == "Lê Thị Thu Trang"
    # Saving again, now knowingly on top of their version, goes through.
    again = {**mine, "version": response.context["person_form"]["version"].value()}
    assert login(secretary).post(url, again).status_code == 302
    assert roles_of(youth_officer, branch) == {Role.YOUTH_UNION, Role.HOMEROOM}


# --- locking and passwords ------------------------------------------------------------------


def test_a_locked_account_cannot_sign_in_and_keeps_its_history(
    client, login, secretary, party_member, password
):
    response = login(secretary).post(
        reverse("user_active", args=[party_member.pk]), {"active": "0"}
    )
    assert response.status_code == 302
    party_member.refresh_from_db()
    assert not party_member.is_active
    assert User.objects.filter(pk=party_member.pk).exists()  # never deleted
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "member", "password": password})
    assert client.get(reverse("home")).status_code == 302
    login(secretary).post(reverse("user_active", args=[party_member.pk]), {"active": "1"})
    party_member.refresh_from_db()
    assert party_member.is_active
    kinds = list(AccountEvent.objects.filter(user=party_member).values_list("kind", flat=True))
    assert kinds == ["user_lock", "user_unlock"]


def test_the_secretary_cannot_lock_their_own_account(login, secretary):
    client = login(secretary)
    response = client.post(
        reverse("user_active", args=[secretary.pk]), {"active": "0"}, follow=True
    )
    assert "Không thể tự khóa tài khoản" in response.content.decode()
    secretary.refresh_from_db()
    assert secretary.is_active


def test_a_person_with_roles_in_another_branch_is_not_locked_from_here(
    login, secretary, party_member, other_branch
):
    MembershipFactory(user=party_member, branch=other_branch, role=Role.HOMEROOM)
    client = login(secretary)
    url = reverse("user_active", args=[party_member.pk])
    response = client.post(url, {"active": "0"}, follow=True)
    assert "còn có vai trò ở một chi bộ khác" in response.content.decode()
    party_member.refresh_from_db()
    assert party_member.is_active


def test_a_reset_gives_a_first_password_to_change(client, login, secretary, party_member, password):
    url = reverse("user_password", args=[party_member.pk])
    response = login(secretary).post(url, {"password1": FIRST, "password2": FIRST})
    assert response.status_code == 302
    party_member.refresh_from_db()
    assert party_member.must_change_password and party_member.check_password(FIRST)
    assert not party_member.check_password(password)


def test_a_weak_reset_password_is_refused_on_the_page(login, secretary, party_member, password):
    url = reverse("user_password", args=[party_member.pk])
    response = login(secretary).post(url, {"password1": "member", "password2": "member"})
    assert response.status_code == 400
    assert 'data-testid="password-form"' in response.content.decode()
    party_member.refresh_from_db()
    assert party_member.check_password(password)


def test_a_reset_link_is_shown_once_on_the_persons_page(login, secretary, party_member):
    client = login(secretary)
    response = client.post(reverse("user_password", args=[party_member.pk]), {"link": "1"})
    page = client.get(response.url)
    assert page.context["link"].startswith("http://testserver/accounts/password/set/")
    assert AccountEvent.objects.filter(user=party_member, kind="password_link").exists()


def test_an_account_event_is_never_edited(secretary, branch):
    event = AccountEvent.objects.create(branch=branch, actor=secretary, kind="x", summary="x")
    event.summary = "y"
    with pytest.raises(ValueError):
        event.save()
