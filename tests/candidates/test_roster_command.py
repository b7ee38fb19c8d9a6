"""`manage.py import_roster`: the same preview and checks as the page, non-zero when refused."""

import io
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from candidates.models import Event, SchoolClass, Student

from ..factories import StudentFactory
from .test_roster_builders import CSDL_SAMPLE, VNEDU_SAMPLE, student
from .test_roster_builders import roster as make_roster

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    """Run the command in English (the source text), returning what it printed."""
    out = io.StringIO()
    with translation.override("en"):
        # The samples hold sensitive cells of students without consent: left out, as chosen.
        call_command("import_roster", *map(str, args), "--leave-out-sensitive", stdout=out)
    return out.getvalue()


def counts():
    return (Student.objects.count(), SchoolClass.objects.count(), Event.objects.count())


@pytest.mark.parametrize(("sample", "count"), [(CSDL_SAMPLE, 38), (VNEDU_SAMPLE, 36)])
def test_a_sample_imports_through_the_command(branch, sample, count):
    output = run(sample)
    assert f"new students: {count}" in output
    assert f"Imported: 1 class(es) created, {count} added, 0 updated." in output
    assert Student.objects.filter(branch=branch).count() == count
    assert Event.objects.filter(kind="roster_import", actor=None).count() == count


def test_the_command_prints_each_new_student(branch):
    output = run(CSDL_SAMPLE)
    assert "0048188262 Phan Thu Quỳnh (10/10/2008) — 12A1" in output
    assert "School year: 2025-2026" in output


def test_importing_again_with_the_command_reports_zero_changes(branch):
    run(CSDL_SAMPLE)
    before = counts()
    output = run(CSDL_SAMPLE)
    assert "new students: 0; changed: 0; unchanged: 38" in output
    assert "0 class(es) created, 0 added, 0 updated" in output
    assert counts() == before


def test_a_dry_run_shows_the_preview_and_writes_nothing(branch):
    output = run(VNEDU_SAMPLE, "--dry-run")
    assert "new students: 36" in output
    assert "Dry run" in output
    assert counts() == (0, 0, 0)


def test_the_school_year_option_must_match_the_files_title(branch):
    with pytest.raises(CommandError):
        run(CSDL_SAMPLE, "--school-year", "2026-2027")
    assert counts() == (0, 0, 0)


def test_a_faulty_file_is_refused_listing_every_problem_and_nothing_is_written(
    branch, class_12a1, tmp_path
):
    StudentFactory(school_class=class_12a1, student_code="0000000001")
    before = counts()
    path = tmp_path / "12A1.xlsx"
    path.write_bytes(make_roster([student(1, ethnicity="Tày"), student(2, born="31/02/2008")]))
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="refused"):
        call_command("import_roster", str(path), stdout=out)
    assert "sheet 12A1, row 8, column D “Ngày sinh”" in out.getvalue()
    assert "31/02/2008" in out.getvalue()
    assert counts() == before


@pytest.mark.parametrize(
    "content", [b"<html><table></table></html>", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 64]
)
def test_a_file_that_is_not_xlsx_is_refused(branch, tmp_path, content):
    path = tmp_path / "danhsach.xls"
    path.write_bytes(content)
    out = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import_roster", str(path), stdout=out)
    assert ".xlsx" in out.getvalue()


def test_a_missing_file_is_a_clear_error(branch, tmp_path):
    with pytest.raises(CommandError, match="nope.xlsx"):
        run(tmp_path / "nope.xlsx")


def test_with_several_branches_the_branch_must_be_named(branch, other_branch):
    with pytest.raises(CommandError, match="--branch"):
        run(CSDL_SAMPLE)
    run(CSDL_SAMPLE, "--branch", other_branch.pk)
    assert Student.objects.get(student_code="0048188262").branch == other_branch


def test_an_unknown_branch_is_an_error(branch):
    with pytest.raises(CommandError):
        run(CSDL_SAMPLE, "--branch", branch.pk + 100)


def test_the_exit_status_is_zero_when_imported_and_non_zero_when_refused(tmp_path):
    # A real process, as a script runs it, on a throwaway database of its own.
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "1",
        "PATH": "/usr/bin:/bin",
    }

    def manage(*args):
        command = [sys.executable, "manage.py", *map(str, args)]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=120)

    assert manage("migrate", "--noinput").returncode == 0
    setup = "from tests.factories import BranchFactory; BranchFactory()"
    assert manage("shell", "-c", setup).returncode == 0
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    assert manage("import_roster", bad).returncode != 0
    # The samples hold ethnicity of students without consent: refused unless left out.
    assert manage("import_roster", VNEDU_SAMPLE, "--dry-run").returncode != 0
    leave_out = "--leave-out-sensitive"
    assert manage("import_roster", VNEDU_SAMPLE, "--dry-run", leave_out).returncode == 0
    imported = manage("import_roster", CSDL_SAMPLE, leave_out)
    assert imported.returncode == 0, imported.stderr
    assert manage("import_roster", CSDL_SAMPLE, "--school-year", "2020-2021").returncode != 0
