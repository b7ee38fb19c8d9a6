"""Every message the UI shows has a Vietnamese translation, and the compiled catalogue is current.

The catalogue is extracted afresh from the sources (xgettext, through makemessages) in a copy of
the project, so a string added without a translation fails here.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import system_tool

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["accounts", "candidates", "plans", "reports", "demo", "config", "templates", "locale"]
PO = Path("locale/vi/LC_MESSAGES/django.po")


def parse_po(text):
    """(msgid, msgstr list, fuzzy) for every entry of a .po file, the header left out."""
    entries, current, field = [], None, None
    for line in text.splitlines() + [""]:
        if not line.strip():
            if current and current["msgid"]:
                entries.append(current)
            current, field = None, None
            continue
        if current is None:
            current = {"msgid": "", "msgstr": [], "fuzzy": False}
        if line.startswith("#,") and "fuzzy" in line:
            current["fuzzy"] = True
        elif line.startswith("msgid "):
            field, current["msgid"] = "msgid", line[7:-1]
        elif line.startswith("msgid_plural"):
            field = "plural"
        elif line.startswith("msgstr"):
            field = "msgstr"
            current["msgstr"].append(line.split(" ", 1)[1][1:-1])
        elif line.startswith('"') and field == "msgid":
            current["msgid"] += line[1:-1]
        elif line.startswith('"') and field == "msgstr":
            current["msgstr"][-1] += line[1:-1]
    return entries


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    system_tool("xgettext")  # makemessages runs it
    work = tmp_path_factory.mktemp("i18n")
    for name in SOURCES:
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", work / "manage.py")
    env = {"DEBUG": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(work)}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete"],
        cwd=work,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (work / PO).read_text()


def test_no_message_is_left_untranslated(fresh_catalogue):
    entries = parse_po(fresh_catalogue)
    assert len(entries) > 50
    missing = [e["msgid"] for e in entries if e["fuzzy"] or not all(e["msgstr"])]
    assert missing == [], f"untranslated or fuzzy: {missing}"


def test_the_committed_catalogue_is_the_extracted_one(fresh_catalogue):
    committed = {e["msgid"] for e in parse_po((ROOT / PO).read_text())}
    extracted = {e["msgid"] for e in parse_po(fresh_catalogue)}
    assert extracted == committed, "run `make messages` and translate the new strings"


def test_the_compiled_catalogue_matches_the_po_file(tmp_path):
    out = tmp_path / "django.mo"
    subprocess.run([system_tool("msgfmt"), "-o", str(out), str(ROOT / PO)], check=True)
    assert out.read_bytes() == (ROOT / PO.with_suffix(".mo")).read_bytes(), "run `make messages`"
