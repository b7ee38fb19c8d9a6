"""The branch's settings: its names as printed, place, Department, document code, superior
committees, term and seal. The secretary edits them; the committee reads them."""

import unicodedata
from datetime import date

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import AccountEvent, Branch, Committee
from tests.factories import BranchFactory

URL = reverse("branch_settings")


def settings_form(branch, **changes):
    values = services.settings_of(branch)
    data = {
        name: ("on" if value else "") if isinstance(value, bool) else value or ""
        for name, value in values.items()
    }
    return {**data, "version": branch.version, **changes}


def test_the_secretary_edits_the_names_term_and_seal(login, secretary, branch):
    data = settings_form(
        branch,
        school="Trường THPT Quang Trung, Đà Nẵng",
        department="SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ ĐÀ NẴNG",
        document_code="CB",
        term_starts_on="01/10/2025",
        term_ends_on="2030-09-30",  # as a browser's date picker sends it
        has_own_seal="",
    )
    response = login(secretary).post(URL, data)
    assert response.status_code == 302
    branch.refresh_from_db()
    assert branch.school == "Trường THPT Quang Trung, Đà Nẵng"
    assert (branch.term_starts_on, branch.term_ends_on) == (date(2025, 10, 1), date(2030, 9, 30))
    assert not branch.has_own_seal
    event = AccountEvent.objects.get(kind="branch_settings")
    assert event.actor == secretary
    assert event.changes["Nhiệm kỳ bắt đầu từ ngày"] == ["", "01/10/2025"]
    assert event.changes["Có con dấu riêng (chi bộ cơ sở)"] == ["Có", "Không"]
    page = login(secretary).get(URL).content.decode()
    assert "01/10/2025" in page  # in the history, dd/mm/yyyy


def test_a_committee_member_reads_the_settings_and_cannot_post(login, committee_member, branch):
    client = login(committee_member)
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="settings-read-only"' in html
    assert 'data-testid="settings-form"' not in html
    assert branch.name in html and "ĐẢNG BỘ PHƯỜNG AN HẢI" in html
    assert client.post(URL, settings_form(branch, school="X")).status_code == 403
    branch.refresh_from_db()
    assert branch.school == "Trường THPT Quang Trung"


def test_the_term_must_end_after_it_starts(login, secretary, branch):
    data = settings_form(branch, term_starts_on="30/09/2030", term_ends_on="01/10/2025")
    response = login(secretary).post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu" in html
    assert 'value="30/09/2030"' in html  # kept
    branch.refresh_from_db()
    assert branch.term_starts_on is None


def test_a_superior_that_does_not_decide_needs_the_deciders_name(login, secretary, branch):
    data = settings_form(branch, committee_decides="", decider_name="")
    response = login(secretary).post(URL, data)
    assert response.status_code == 400
    assert "Hãy ghi tên cấp ủy quyết định kết nạp" in response.content.decode()


def test_a_committee_between_the_branch_and_the_decider(login, secretary, branch):
    data = settings_form(
        branch,
        committee_name="ĐẢNG BỘ TRƯỜNG ĐẠI HỌC SƯ PHẠM",
        committee_decides="",
        decider_name="ĐẢNG BỘ PHƯỜNG HẢI CHÂU",
    )
    assert login(secretary).post(URL, data).status_code == 302
    branch.refresh_from_db()
    superior = branch.committee
    assert superior.name == "ĐẢNG BỘ TRƯỜNG ĐẠI HỌC SƯ PHẠM" and not superior.decides_admissions
    assert superior.decider.name == "ĐẢNG BỘ PHƯỜNG HẢI CHÂU"
    assert superior.decider.decides_admissions
    assert services.settings_of(branch)["decider_name"] == "ĐẢNG BỘ PHƯỜNG HẢI CHÂU"


def test_a_committee_shared_with_another_branch_is_not_renamed_for_it(login, secretary, branch):
    neighbour = BranchFactory(committee=branch.committee, name="CHI BỘ TRƯỜNG THPT LÝ TỰ TRỌNG")
    data = settings_form(branch, committee_name="ĐẢNG BỘ PHƯỜNG HÒA CƯỜNG")
    assert login(secretary).post(URL, data).status_code == 302
    branch.refresh_from_db()
    neighbour.refresh_from_db()
    assert branch.committee.name == "ĐẢNG BỘ PHƯỜNG HÒA CƯỜNG"
    assert neighbour.committee.name == "ĐẢNG BỘ PHƯỜNG AN HẢI"
    assert Committee.objects.count() == 2


def test_a_concurrent_edit_is_refused_with_the_input_kept(login, secretary, branch):
    opened = settings_form(branch)
    services.branch_settings_update(
        branch=branch,
        actor=None,
        data={**services.settings_of(branch), "place_name": "Hòa Cường"},
        version=opened["version"],
    )
    response = login(secretary).post(URL, {**opened, "place_name": "Hải Châu"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Đã có người khác lưu hồ sơ này" in html
    assert 'value="Hải Châu"' in html  # what I typed
    assert 'data-testid="saved-by-other"' in html and "Hòa Cường" in html  # what they saved
    assert Branch.objects.get(pk=branch.pk).place_name == "Hòa Cường"
    again = {**opened, "place_name": "Hải Châu", "version": branch.version + 1}
    assert login(secretary).post(URL, again).status_code == 302
    assert Branch.objects.get(pk=branch.pk).place_name == "Hải Châu"


def test_names_are_stored_as_nfc_and_trimmed(login, secretary, branch):
    nfd = unicodedata.normalize("NFD", " Trường THPT Quang  Trung ")
    login(secretary).post(URL, settings_form(branch, school=nfd))
    branch.refresh_from_db()
    assert branch.school == "Trường THPT Quang Trung"


@pytest.mark.parametrize("blank", ["name", "school", "place_name", "committee_name"])
def test_the_printed_names_are_required(login, secretary, branch, blank):
    response = login(secretary).post(URL, settings_form(branch, **{blank: " "}))
    assert response.status_code == 400
    branch.refresh_from_db()
    assert branch.version == 1


def test_a_date_that_is_not_dd_mm_yyyy_is_refused(login, secretary, branch):
    response = login(secretary).post(URL, settings_form(branch, term_starts_on="10/31/2025"))
    assert response.status_code == 400
    assert 'value="10/31/2025"' in response.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "saved"),
    [
        ("margin_top_mm", 4, False),
        ("margin_top_mm", 5, True),
        ("margin_top_mm", 50, True),
        ("margin_top_mm", 51, False),
        ("margin_right_mm", 51, False),
        ("session_idle_minutes", 60, True),  # an idle time is not a margin
        ("session_idle_minutes", 480, True),
        ("session_idle_minutes", 481, False),
        ("retention_months", 5, False),  # the retention of students' data (issue 14)
        ("retention_months", 6, True),
        ("retention_months", 240, True),
        ("retention_months", 241, False),
    ],
)
def test_each_margin_the_idle_time_and_the_retention_have_their_own_bounds(
    login, secretary, branch, field, value, saved
):
    response = login(secretary).post(URL, settings_form(branch, **{field: value}))
    assert response.status_code == (302 if saved else 400)
    branch.refresh_from_db()
    assert (getattr(branch, field) == value) is saved
    if not saved and field.startswith("margin"):
        assert "Lề trang từ 5 đến 50 mm" in response.content.decode()
