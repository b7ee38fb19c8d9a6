"""`make run` and `make test` install the system packages they need the first time: when a tool
they look for is missing, they call the dependency script (here a stub that records its call)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import system_tool

ROOT = Path(__file__).resolve().parents[1]
# Commands the check itself runs; the tools below are added or left out one by one.
BASICS = ["sh", "bash", "grep"]
RUN_TOOLS = ["node", "npm"]
TEST_TOOLS = [
    *RUN_TOOLS,
    "chromium",
    "msgfmt",
    "xgettext",
    "pdftotext",
    "pdffonts",
    "pdftoppm",
    "fc-list",
]


@pytest.fixture
def machine(tmp_path):
    """A PATH of its own (links to real commands) and a stub dependency script."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls.txt"
    venv = tmp_path / "venv"
    stub = tmp_path / "deps-stub.sh"
    stub.write_text(f'#!/bin/sh\necho "$@" >> {calls}\n')

    def make(target, *, without=(), dry_run=False, python=sys.executable):
        for path in bin_dir.iterdir():
            path.unlink()
        for tool in [*BASICS, *TEST_TOOLS]:
            real = shutil.which(tool)
            if tool not in without and real:
                (bin_dir / tool).symlink_to(real)
        (bin_dir / "python3").symlink_to(python)
        env = {**os.environ, "PATH": str(bin_dir)}
        command = [system_tool("make"), "-s", *(["-n"] if dry_run else []), target]
        result = subprocess.run(
            # A virtualenv not made yet: the check then also asks for Python's venv module.
            [*command, f"DEPS_SCRIPT={stub}", f"PYTHON={bin_dir / 'python3'}", f"VENV={venv}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        recorded = calls.read_text().split("\n")[:-1] if calls.exists() else []
        if calls.exists():
            calls.unlink()
        return result, recorded

    return make


def test_with_every_tool_present_the_script_is_not_called(machine):
    for target in ("system-run", "system-test"):
        assert machine(target)[1] == []


@pytest.mark.parametrize("tool", RUN_TOOLS)
def test_make_run_installs_what_it_needs_when_a_tool_is_missing(machine, tool):
    result, calls = machine("system-run", without=[tool])
    assert calls == ["run"]
    assert tool in result.stdout  # it says what is missing


@pytest.mark.parametrize("tool", TEST_TOOLS)
def test_make_test_installs_what_it_needs_when_a_tool_is_missing(machine, tool):
    result, calls = machine("system-test", without=[tool])
    assert calls == ["test"]
    assert tool in result.stdout


def test_make_run_does_not_need_the_test_tools(machine):
    assert machine("system-run", without=["chromium", "pdftotext"])[1] == []


@pytest.mark.parametrize("target", ["run", "test"])
def test_run_and_test_check_the_system_before_anything_else(machine, target):
    # make -n prints what `make run` / `make test` would do, in order, without doing it.
    plan, _ = machine(target, dry_run=True)
    check, rest = plan.stdout.split("\nfi\n", 1)
    assert check.startswith(f"use={target};")
    assert "deps-stub.sh" in check
    assert ("runserver" if target == "run" else "-m pytest") in rest


def test_a_python_without_venv_makes_both_install_what_they_need(machine, tmp_path):
    # Stock Debian's python3 cannot make a virtualenv until python3-venv is installed.
    stock = tmp_path / "stock-python3"
    stock.write_text("#!/bin/sh\nexit 1\n")
    stock.chmod(0o755)
    for target, use in (("system-run", "run"), ("system-test", "test")):
        result, calls = machine(target, python=stock)
        assert calls == [use] and "venv" in result.stdout


def test_the_script_names_the_packages_it_cannot_install(tmp_path):
    # Away from Debian (no apt-get), a missing tool is reported with the package to install.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "grep", "npm", "id"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / "python3").symlink_to(sys.executable)
    script = ROOT / "scripts" / "install-system-deps.sh"
    result = subprocess.run(
        [shutil.which("bash"), str(script), "run"],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "install these packages by hand: nodejs" in result.stderr
