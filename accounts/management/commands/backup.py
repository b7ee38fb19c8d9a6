"""`python manage.py backup [--out FILE]`: the database and the private files in one .tar.gz."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the private files (MEDIA_ROOT) into one .tar.gz file."

    def add_arguments(self, parser):
        parser.add_argument("--out", help="the file to write (default: ptdv-backup-DATE.tar.gz)")

    def handle(self, *args, out=None, **options):
        out = Path(out or f"ptdv-backup-{timezone.localtime():%Y-%m-%d-%H%M}.tar.gz")
        try:
            manifest = backup(out)
        except BackupError as error:
            raise CommandError(str(error)) from None
        message = _("Backup written to %(file)s (%(database)s database, %(files)s files).")
        self.stdout.write(message % {"file": out, **manifest})
