"""The year's plan: written in a form shaped like the document, next year's started from it."""

from datetime import date

import pytest
from django.urls import reverse

from candidates.models import Event
from plans.models import AnnualPlan
from tests.factories import AnnualPlanFactory

pytestmark = pytest.mark.django_db

OBJECTIVES = (
    "- Về số lượng: kết nạp 07 đảng viên mới là học sinh.\n"
    "- Về chất lượng: nâng cao chất lượng đội ngũ đảng viên.\n"
    "- Về đối tượng: Xem xét kết nạp quần chúng ưu tú trong tổ chức Đoàn."
)


def plan_data(**changes):
    data = {
        "number": "05-KH/CB",
        "issued_on": "2026-02-10",
        "title": "Kế hoạch phát triển đảng viên trong học sinh năm 2026",
        "basis": "Căn cứ Kế hoạch số 12-KH/ĐU, ngày 20/01/2026;\nChi bộ xây dựng kế hoạch như sau:",
        "purpose": "- Xác định công tác phát triển đảng viên là việc làm thường xuyên.",
        "objectives": OBJECTIVES,
        "tasks": "- Chi bộ khảo sát nguồn kết nạp năm 2026.",
        "organisation": "- Chi ủy chỉ đạo xây dựng kế hoạch.",
        "closing": "Trên đây là kế hoạch năm 2026 của Chi bộ./.",
        "recipients": "- Chi bộ (C/đ)\n- Lưu Chi bộ.",
        "signer_title": "T/M CHI BỘ — BÍ THƯ",
        "signer_name": "Cao Thị Hoài Hương",
        "target_admissions": "7",
        "target_source": "",
        "target_awareness_class": "12",
        "version": "",
    }
    return data | changes


def test_a_year_without_a_plan_offers_to_write_it(login, secretary):
    response = login(secretary).get(reverse("plans:detail", args=[2026]))
    assert response.status_code == 200
    assert reverse("plans:edit", args=[2026]) in response.content.decode()


def test_the_secretary_writes_the_plan_and_its_lines_keep_their_order(login, secretary, branch):
    client = login(secretary)
    response = client.post(reverse("plans:edit", args=[2026]), plan_data())
    assert response.status_code == 302
    plan = AnnualPlan.objects.get(branch=branch, year=2026)
    assert (plan.target_admissions, plan.target_awareness_class) == (7, 12)
    assert plan.issued_on == date(2026, 2, 10)
    assert plan.objectives == OBJECTIVES
    html = client.get(reverse("plans:detail", args=[2026])).content.decode()
    lines = ["- Về số lượng: kết nạp 07", "- Về chất lượng", "- Về đối tượng"]
    positions = [html.index(line) for line in lines]
    assert positions == sorted(positions)
    assert Event.objects.filter(kind="plan_saved", branch=branch).count() == 1


def test_a_plan_without_its_target_is_refused_and_kept(login, secretary, branch):
    response = login(secretary).post(
        reverse("plans:edit", args=[2026]), plan_data(target_admissions="")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["target_admissions"]
    assert "Về số lượng" in response.content.decode()
    assert not AnnualPlan.objects.filter(branch=branch).exists()


def test_a_stale_edit_is_refused_with_409_and_the_input_kept(login, secretary, branch):
    plan = AnnualPlanFactory(branch=branch, year=2026)
    url = reverse("plans:edit", args=[2026])
    client = login(secretary)
    assert client.post(url, plan_data(version=str(plan.version))).status_code == 302
    stale = client.post(url, plan_data(version=str(plan.version), signer_name="Người Khác"))
    assert stale.status_code == 409
    assert "Người Khác" in stale.content.decode()
    assert AnnualPlan.objects.get(pk=plan.pk).signer_name == "Cao Thị Hoài Hương"


def test_next_years_plan_is_one_click(login, secretary, branch):
    login(secretary).post(reverse("plans:edit", args=[2026]), plan_data())
    response = login(secretary).post(reverse("plans:next", args=[2026]))
    assert response.status_code == 302
    assert response.url == reverse("plans:edit", args=[2027])
    copy = AnnualPlan.objects.get(branch=branch, year=2027)
    assert copy.title == "Kế hoạch phát triển đảng viên trong học sinh năm 2027"
    assert copy.tasks == "- Chi bộ khảo sát nguồn kết nạp năm 2027."
    assert copy.basis.startswith("Căn cứ Kế hoạch số 12-KH/ĐU, ngày 20/01/2026")  # to update
    assert (copy.number, copy.issued_on) == ("", None)
    assert copy.target_admissions == 7
    again = login(secretary).post(reverse("plans:next", args=[2026]), follow=True)
    assert "đã có kế hoạch" in again.content.decode()
    assert AnnualPlan.objects.filter(branch=branch, year=2027).count() == 1


def test_past_plans_stay_readable(login, secretary, branch):
    AnnualPlanFactory(branch=branch, year=2025, title="Kế hoạch năm 2025")
    AnnualPlanFactory(branch=branch, year=2026, title="Kế hoạch năm 2026")
    html = login(secretary).get(reverse("plans:detail", args=[2025])).content.decode()
    assert "Kế hoạch năm 2025" in html
    assert reverse("plans:detail", args=[2026]) in html
