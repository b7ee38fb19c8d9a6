from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.core import serializers
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Branch, Membership, User
from candidates import services
from candidates.models import Candidate, Event, Nomination, PartyMember, SchoolClass, Student
from demo.seed import DEMO_PASSWORD, DEMO_USERS
from plans.models import AnnualPlan

MODELS = [
    User,
    Branch,
    Membership,
    SchoolClass,
    Student,
    PartyMember,
    AnnualPlan,
    Candidate,
    Nomination,
    Event,
]


def snapshot():
    return {m.__name__: serializers.serialize("json", m.objects.order_by("pk")) for m in MODELS}


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing_the_second_time(capsys):
    call_command("seed_demo")
    first = snapshot()
    assert "created: users 6" in capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out
    assert "users 0, classes 0, students 0, party_members 0, plans 0, candidates 0" in second
    assert snapshot() == first


@pytest.mark.django_db
def test_a_later_run_adds_the_new_years_plan_and_leaves_the_school_as_it_was(capsys):
    with time_machine.travel(date(2026, 12, 1), tick=False):
        call_command("seed_demo")
    school = {m: snapshot()[m] for m in ("SchoolClass", "Student", "Candidate")}
    with time_machine.travel(date(2027, 3, 15), tick=False):
        call_command("seed_demo")
    assert "users 0, classes 0, students 0, party_members 0, plans 1, candidates 0" in (
        capsys.readouterr().out
    )
    assert set(AnnualPlan.objects.values_list("year", flat=True)) == {2025, 2026, 2027}
    assert {m: snapshot()[m] for m in school} == school


@pytest.mark.django_db
@time_machine.travel(date(2026, 12, 1), tick=False)
def test_on_1_december_2026_last_years_plan_is_the_2025_sample_word_for_word():
    call_command("seed_demo")
    plan = AnnualPlan.objects.get(year=2025)
    assert (plan.number, plan.issued_on, plan.target_admissions) == (
        "05-KH/CB",
        date(2025, 2, 10),
        7,
    )
    assert plan.title == "Kế hoạch phát triển đảng viên trong học sinh năm 2025"
    assert plan.basis.startswith(
        "Căn cứ Kế hoạch số 238-KH/HU, ngày 22/01/2025 của Ban Thường vụ Huyện ủy về thực hiện "
        "chỉ tiêu công tác xây dựng Đảng năm 2025;\nThực hiện Công văn số 18/SGDĐT-VP, ngày "
        "03/01/2025 về"
    )
    assert "Căn cứ Chương trình số 01-CTr/CB, ngày 08/01/2025 về Chương trình" in plan.basis
    assert "kết nạp 07 đảng viên mới là học sinh" in plan.objectives
    assert plan.branch.name == "CHI BỘ TRƯỜNG THPT QUANG TRUNG"
    assert plan.branch.committee.name == "ĐẢNG BỘ PHƯỜNG AN HẢI"


@pytest.mark.django_db
def test_seed_demo_has_one_user_per_role_and_classes_with_students():
    call_command("seed_demo")
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Membership.Role.values)
    assert SchoolClass.objects.filter(grade=12).count() >= 2
    assert Student.objects.count() >= 100
    assert PartyMember.objects.filter(official_on__isnull=False).count() >= 9
    assert SchoolClass.objects.get(name="12A1").homeroom_teacher.username == "gvcn12a1"


@pytest.mark.django_db
def test_every_demo_user_signs_in_with_the_readme_password(client):
    call_command("seed_demo")
    for username, full_name, *_ in DEMO_USERS:
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert full_name in client.get(reverse("home")).content.decode()
        client.post(reverse("logout"))


def test_readme_prints_the_demo_password_and_users():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    assert DEMO_PASSWORD in readme
    for username, *_ in DEMO_USERS:
        assert f"`{username}`" in readme


@pytest.mark.django_db
@time_machine.travel(date(2026, 12, 1), tick=False)
def test_seed_demo_has_candidates_at_every_stage():
    call_command("seed_demo")
    stages = list(Candidate.objects.values_list("stage", flat=True))
    assert set(stages) == set(Candidate.Stage.values)
    assert stages.count(Candidate.Stage.NOMINATED) == 3
    assert Nomination.objects.filter(kind=Nomination.Kind.HOMEROOM).count() == 5
    for candidate in Candidate.objects.all():
        assert candidate.stage == services.derive_stage(candidate)
    official = Candidate.objects.get(stage=Candidate.Stage.OFFICIAL)
    assert official.ceremony.member.official_on == official.recognition.official_on
    # The demo's Party member mentors someone, so their login has something to show.
    assert Candidate.objects.filter(mentors__member__user__username="dangvien").exists()


def test_nothing_but_tests_and_benchmarks_imports_the_demo():
    root = Path(__file__).resolve().parents[2]
    outside = ("demo", "tests", "bench", ".venv", "node_modules")
    for path in root.rglob("*.py"):
        if path.relative_to(root).parts[0] in outside:
            continue
        text = path.read_text()
        assert "from demo" not in text and "import demo" not in text, path
