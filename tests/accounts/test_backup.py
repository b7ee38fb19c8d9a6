"""`backup` then `restore` into an empty database gives back every row and every file."""

import io
import json
import stat
import tarfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from accounts.models import Branch
from candidates import services
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private_media"
    return settings.MEDIA_ROOT


def everything() -> str:
    """Every row of every table, as JSON."""
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out, indent=0)
    return out.getvalue()


def files(folder):
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_a_backup_restored_into_an_empty_database_gives_back_every_row_and_file(
    cast, class_12a1, media, tmp_path
):
    student = StudentFactory(school_class=class_12a1, full_name="Nguyễn Thị Ánh")
    services.candidate_nominate(student=student, author=cast["secretary"], kind="committee")
    (media / "dossier" / "1").mkdir(parents=True)
    (media / "dossier" / "1" / "1-KNĐ-don.pdf").write_bytes(PDF)
    (media / "imports").mkdir()
    (media / "imports" / "abc.xlsx").write_bytes(b"PK\x03\x04 roster")
    rows, kept = everything(), files(media)
    out = tmp_path / "saoluu.tar.gz"

    call_command("backup", "--out", str(out), stdout=io.StringIO())
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    with tarfile.open(out) as archive:
        assert json.load(archive.extractfile("backup.json"))["files"] == 2

    call_command("flush", "--no-input")  # an empty database, and the files gone
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Branch.objects.exists() and files(media) == {}

    call_command("restore", str(out), stdout=io.StringIO())
    ContentType.objects.clear_cache()
    assert everything() == rows
    assert files(media) == kept
    assert "Nguyễn Thị Ánh" in rows


def test_a_restore_does_not_overwrite_a_database_in_use_unless_asked(branch, media, tmp_path):
    out = tmp_path / "saoluu.tar.gz"
    call_command("backup", "--out", str(out), stdout=io.StringIO())
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(out), stdout=io.StringIO())
    call_command("restore", str(out), "--replace", stdout=io.StringIO())
    assert Branch.objects.get() == branch


def test_a_file_that_is_not_a_backup_is_refused(db, media, tmp_path):
    bogus = tmp_path / "x.tar.gz"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), stdout=io.StringIO())
