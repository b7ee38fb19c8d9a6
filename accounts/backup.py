"""Back-up and restore in one .tar.gz: the database and the private files under MEDIA_ROOT.

SQLite is copied with its online backup API (`sqlite3.Connection.backup`: a consistent copy
while the app runs); PostgreSQL with `pg_dump -Fc` and `pg_restore --clean`. The archive holds
`backup.json` (what it is), the database and `media/` (the scans and kept uploads).
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Branch

MANIFEST = "backup.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why, for the operator."""


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(_("Only SQLite and PostgreSQL databases can be backed up."))
    return connection.vendor


def backup(out: Path) -> dict:
    """Write the archive to `out` (readable by this user only) and return its manifest."""
    vendor = _vendor()
    media = Path(settings.MEDIA_ROOT)
    files = sum(1 for p in media.rglob("*") if p.is_file()) if media.is_dir() else 0
    manifest = {"format": 1, "database": vendor, "made": timezone.now().isoformat(), "files": files}
    partial = out.with_name(out.name + ".partial")
    with tempfile.TemporaryDirectory() as work:
        database = Path(work) / DATABASE_FILES[vendor]
        (_sqlite_dump if vendor == "sqlite" else _postgres_dump)(database)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=2).encode())
            archive.add(database, arcname=database.name)
            if media.is_dir():
                archive.add(media, arcname=MEDIA)
    os.replace(partial, out)
    return manifest


def restore(path: Path, *, replace: bool = False) -> dict:
    """Put the archive's database and files back; a database that holds a branch is replaced
    only when asked (`replace`)."""
    vendor = _vendor()
    try:
        with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as work:
            manifest = json.load(archive.extractfile(MANIFEST))
            if manifest.get("database") != vendor:
                message = _("This backup is of a %(made)s database; this server uses %(here)s.")
                raise BackupError(message % {"made": manifest.get("database"), "here": vendor})
            if not replace and _holds_data():
                raise BackupError(
                    _(
                        "The database already holds a branch. Restore into a new, empty "
                        "database, or add --replace to overwrite it with the backup."
                    )
                )
            archive.extractall(work, filter="data")  # no path outside `work`, no devices
            database = Path(work) / DATABASE_FILES[vendor]
            (_sqlite_load if vendor == "sqlite" else _postgres_load)(database)
            if (Path(work) / MEDIA).is_dir():
                shutil.copytree(Path(work) / MEDIA, settings.MEDIA_ROOT, dirs_exist_ok=True)
    except (tarfile.TarError, KeyError, ValueError, OSError) as error:
        raise BackupError(
            _("The backup could not be read or restored: %(error)s") % {"error": error}
        ) from None
    return manifest


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _holds_data() -> bool:
    try:
        return Branch.objects.exists()
    except Exception:  # no tables yet: a new database
        return False


def _sqlite_dump(target: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _sqlite_load(source: Path) -> None:
    connection.ensure_connection()
    backup_db = sqlite3.connect(source)
    try:
        backup_db.backup(connection.connection)
    finally:
        backup_db.close()


def _postgres(command: list[str]) -> None:
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if db.get(key):
            env[variable] = str(db[key])
    try:
        subprocess.run([*command, "--dbname", db["NAME"]], env=env, check=True, capture_output=True)
    except FileNotFoundError:
        raise BackupError(
            _("%(tool)s is missing: install postgresql-client.") % {"tool": command[0]}
        ) from None
    except subprocess.CalledProcessError as error:
        raise BackupError(error.stderr.decode(errors="replace").strip()) from None


def _postgres_dump(target: Path) -> None:
    _postgres(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def _postgres_load(source: Path) -> None:
    connection.close()  # pg_restore drops and recreates the tables
    _postgres(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", str(source)]
    )
