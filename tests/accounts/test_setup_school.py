"""`manage.py setup_school`: a real school starts on an empty database, without demo data."""

import io
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import AccountEvent, Branch, Committee, Membership, User
from candidates.models import PartyMember, SchoolClass, Student
from plans.models import AnnualPlan

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Hoa-phuong-do-2026"
Role = Membership.Role

OPTIONS = [
    "--branch",
    "CHI BỘ TRƯỜNG THPT NGUYỄN DU",
    "--school",
    "Trường THPT Nguyễn Du",
    "--committee",
    "ĐẢNG BỘ PHƯỜNG HẢI CHÂU",
    "--place",
    "Hải Châu",
    "--secretary",
    "bithu",
    "--secretary-name",
    "Lê Thị Mai",
    "--department",
    "SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ ĐÀ NẴNG",
]


@pytest.fixture
def password_file(tmp_path):
    path = tmp_path / "password.txt"
    path.write_text(PASSWORD + "\n")
    return path


def setup_school(*args):
    out = io.StringIO()
    with translation.override("vi"):
        call_command("setup_school", *map(str, args), stdout=out)
    return out.getvalue()


def roster_file(path):
    """A small class roster as the ministry's database exports it, built here with openpyxl."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "12A1"
    sheet.append(["SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ ĐÀ NẴNG"])
    sheet.append(["TRƯỜNG THPT NGUYỄN DU"])
    sheet.append(["DANH SÁCH HỌC SINH LỚP 12A1 — NĂM HỌC 2026-2027"])
    sheet.append(["STT", "Mã định danh Bộ GD&ĐT", "Họ và tên", "Ngày sinh", "Giới tính"])
    sheet.append([1, "0480120001", "Nguyễn Văn An", "14/03/2009", "Nam"])
    sheet.append([2, "0480120002", "Trần Thị Bình", "02/11/2008", "Nữ"])
    workbook.save(path)
    return path


def test_it_creates_the_branch_its_committee_and_the_secretary(password_file):
    output = setup_school(*OPTIONS, "--password-file", password_file)
    assert "Đã tạo CHI BỘ TRƯỜNG THPT NGUYỄN DU" in output
    branch = Branch.objects.get()
    assert (branch.school, branch.place_name) == ("Trường THPT Nguyễn Du", "Hải Châu")
    assert branch.department == "SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ ĐÀ NẴNG"
    assert branch.committee.name == "ĐẢNG BỘ PHƯỜNG HẢI CHÂU"
    assert branch.committee.decides_admissions
    secretary = User.objects.get(username="bithu")
    assert secretary.full_name == "Lê Thị Mai"
    assert secretary.check_password(PASSWORD) and not secretary.must_change_password
    roles = set(Membership.objects.filter(user=secretary).values_list("role", flat=True))
    assert roles == {Role.SECRETARY, Role.PARTY_MEMBER}  # as the demo's secretary
    assert AccountEvent.objects.get().kind == "school_setup"


def test_no_demo_data_is_created(password_file):
    setup_school(*OPTIONS, "--password-file", password_file)
    assert User.objects.count() == 1
    for model in (SchoolClass, Student, PartyMember, AnnualPlan):
        assert not model.objects.exists(), model


def test_the_secretary_signs_in_then_imports_a_roster_without_naming_the_branch(
    client, password_file, tmp_path
):
    setup_school(*OPTIONS, "--password-file", password_file)
    response = client.post(reverse("login"), {"username": "bithu", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_roster", str(roster_file(tmp_path / "12A1.xlsx")), stdout=out)
    assert "2 added" in out.getvalue()
    school_class = SchoolClass.objects.get()
    assert (school_class.name, school_class.school_year) == ("12A1", "2026-2027")
    assert school_class.branch == Branch.objects.get()
    assert client.get(reverse("candidates:student_list")).status_code == 200


def test_it_refuses_to_set_up_the_same_branch_twice(password_file):
    setup_school(*OPTIONS, "--password-file", password_file)
    again = [*OPTIONS]
    again[again.index("bithu")] = "bithu2"
    # The same branch typed in another case (Vietnamese letters too) is the same branch.
    again[1] = "Chi bộ trường THPT Nguyễn Du"
    with pytest.raises(CommandError, match="đã được thiết lập"):
        setup_school(*again, "--password-file", password_file)
    assert (Branch.objects.count(), User.objects.count(), Committee.objects.count()) == (1, 1, 1)


def test_another_branch_under_the_same_committee_shares_it(password_file):
    setup_school(*OPTIONS, "--password-file", password_file)
    other = [*OPTIONS]
    other[1], other[other.index("bithu")] = "CHI BỘ TRƯỜNG THPT PHAN CHÂU TRINH", "bithu2"
    setup_school(*other, "--password-file", password_file)
    assert Branch.objects.count() == 2 and Committee.objects.count() == 1


def test_a_taken_username_is_refused(password_file, secretary):
    options = [*OPTIONS]
    options[options.index("bithu")] = "SECRETARY"  # usernames differ only in case: taken
    with pytest.raises(CommandError, match="Tên đăng nhập SECRETARY đã có người dùng"):
        setup_school(*options, "--password-file", password_file)
    assert Branch.objects.count() == 1  # the cast's branch only


def test_a_weak_password_is_refused_in_vietnamese(tmp_path):
    weak = tmp_path / "weak.txt"
    weak.write_text("12345678\n")
    with pytest.raises(CommandError, match="Mật khẩu"):
        setup_school(*OPTIONS, "--password-file", weak)
    assert not Branch.objects.exists() and not User.objects.exists()


def test_without_a_terminal_missing_options_are_named(password_file):
    # pytest's stdin is not a terminal: nothing can be asked.
    with pytest.raises(CommandError, match="--place"):
        setup_school(*OPTIONS[:6], "--secretary", "bithu", "--password-file", password_file)
    with pytest.raises(CommandError, match="--password-file"):
        setup_school(*OPTIONS)
    assert not Branch.objects.exists()


def test_an_unreadable_password_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Không đọc được"):
        setup_school(*OPTIONS, "--password-file", tmp_path / "none.txt")


def _env(tmp_path):
    return {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "1",
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
    }


def _manage(tmp_path, *args):
    command = [sys.executable, "manage.py", *map(str, args)]
    return subprocess.run(
        command, cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )


def _answer_in_a_terminal(tmp_path, args, answers):
    """Run manage.py in a pseudo-terminal of its own and type `answers` as prompts appear."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(tmp_path),
        stdin=follower,
        stdout=follower,
        stderr=follower,
        start_new_session=True,  # no controlling terminal: getpass reads the pseudo-terminal
    )
    os.close(follower)
    transcript, pending, mark = b"", list(answers), 0
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            process.kill()
            raise AssertionError(transcript.decode())
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the process ended
            break
        if not chunk:
            break
        transcript += chunk
        if pending and transcript[mark:].rstrip().endswith(b":"):  # a new prompt
            os.write(leader, pending.pop(0).encode() + b"\n")
            mark = len(transcript)
    os.close(leader)
    return process.wait(timeout=60), transcript.decode()


def test_a_real_process_asks_what_is_missing_and_exits_non_zero_the_second_time(
    tmp_path, password_file
):
    assert _manage(tmp_path, "migrate", "--noinput").returncode == 0
    partial = ["setup_school", "--branch", "CHI BỘ TRƯỜNG THPT NGUYỄN DU", "--secretary", "bithu"]
    # Asked in order: school, committee, place, department, secretary's name; then the password
    # twice (not echoed).
    answers = ["Trường THPT Nguyễn Du", "ĐẢNG BỘ PHƯỜNG HẢI CHÂU", "Hải Châu", "", "Lê Thị Mai"]
    status, transcript = _answer_in_a_terminal(tmp_path, partial, [*answers, PASSWORD, PASSWORD])
    assert status == 0, transcript
    assert "Trường —" in transcript and "Mật khẩu của bí thư" in transcript
    assert PASSWORD not in transcript
    again = _manage(tmp_path, *OPTIONS_AS_COMMAND, "--password-file", password_file)
    assert again.returncode != 0
    assert "đã được thiết lập" in again.stderr


OPTIONS_AS_COMMAND = ["setup_school", *OPTIONS]
