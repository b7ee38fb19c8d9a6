"""`python manage.py restore FILE [--replace]`: put a backup's database and files back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `backup` (stop the application first)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite a database that holds data"
        )

    def handle(self, *args, file, replace=False, **options):
        try:
            manifest = restore(Path(file), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        message = _("Restored the backup of %(made)s (%(files)s files).")
        self.stdout.write(message % manifest)
