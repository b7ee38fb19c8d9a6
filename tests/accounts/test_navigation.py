import pytest
from django.urls import reverse

from accounts.navigation import NAV

# What each member of the cast sees in the main navigation (labels as shown, in Vietnamese).
EXPECTED_NAV = {
    "secretary": [
        "Tổng quan",
        "Ứng viên",
        "Cần xử lý",
        "Người tôi giúp đỡ",
        "Học sinh",
        "Lớp nhận thức về Đảng",
        "Họp chi bộ",
        "Kế hoạch năm",
        "Báo cáo",
        "Lớp học",
        "Đảng viên",
        "Nhập danh sách lớp",
        "Thiết lập quy định",
        "Kết thúc năm học",
        "Lưu giữ dữ liệu",
        "Người dùng và vai trò",
        "Thông tin chi bộ",
        "Mẫu văn bản",
        "Nhật ký truy cập",
    ],
    "youth_officer": ["Tổng quan", "Ứng viên", "Học sinh"],
    "teacher_12a1": ["Tổng quan", "Ứng viên", "Học sinh"],
    "teacher_12a2": ["Tổng quan", "Ứng viên", "Học sinh"],
    "party_member": ["Tổng quan", "Người tôi giúp đỡ"],
    "outsider": [
        "Tổng quan",
        "Ứng viên",
        "Cần xử lý",
        "Học sinh",
        "Lớp nhận thức về Đảng",
        "Họp chi bộ",
        "Kế hoạch năm",
        "Báo cáo",
        "Lớp học",
        "Đảng viên",
        "Nhập danh sách lớp",
        "Thiết lập quy định",
        "Kết thúc năm học",
        "Lưu giữ dữ liệu",
        "Người dùng và vai trò",
        "Thông tin chi bộ",
        "Mẫu văn bản",
        "Nhật ký truy cập",
    ],
}


def nav_labels(response):
    return [str(item["label"]) for item in response.context["nav_items"]]


@pytest.mark.parametrize("who", sorted(EXPECTED_NAV))
def test_navigation_shows_each_role_only_its_pages(login, cast, who):
    response = login(cast[who]).get(reverse("home"))
    assert nav_labels(response) == EXPECTED_NAV[who]
    html = response.content.decode()
    for label in EXPECTED_NAV[who]:
        assert label in html


@pytest.mark.parametrize("who", sorted(EXPECTED_NAV))
def test_every_page_in_the_navigation_opens_for_that_role(login, cast, who):
    client = login(cast[who])
    for item in client.get(reverse("home")).context["nav_items"]:
        assert client.get(item["url"]).status_code == 200, item["url"]


def test_every_nav_entry_is_in_the_expectations():
    shown_somewhere = {label for labels in EXPECTED_NAV.values() for label in labels}
    from django.utils import translation

    with translation.override("vi"):
        assert {str(item.label) for item in NAV} <= shown_somewhere


def test_header_shows_the_branch_name(login, secretary, branch):
    response = login(secretary).get(reverse("home"))
    assert branch.name in response.content.decode()


def test_a_member_of_two_branches_switches_between_them(login, secretary, other_branch):
    from accounts.models import Membership

    Membership.objects.create(user=secretary, branch=other_branch, role=Membership.Role.HOMEROOM)
    client = login(secretary)
    assert client.get(reverse("home")).context["scope"].branch.name.endswith("QUANG TRUNG")
    client.post(reverse("switch_branch"), {"branch": other_branch.pk})
    response = client.get(reverse("home"))
    assert response.context["scope"].branch == other_branch
    assert nav_labels(response) == ["Tổng quan", "Ứng viên", "Học sinh"]


def test_switching_to_a_foreign_branch_is_ignored(login, secretary, other_branch):
    client = login(secretary)
    client.post(reverse("switch_branch"), {"branch": other_branch.pk})
    assert client.get(reverse("home")).context["scope"].branch != other_branch


def test_a_page_under_two_entries_marks_only_the_closer_one(login, secretary):
    response = login(secretary).get(reverse("reports:wording"))
    active = [str(item["label"]) for item in response.context["nav_items"] if item["active"]]
    assert active == ["Mẫu văn bản"]
    response = login(secretary).get(reverse("reports:register"))
    active = [str(item["label"]) for item in response.context["nav_items"] if item["active"]]
    assert active == ["Báo cáo"]
