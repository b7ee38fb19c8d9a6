"""`python manage.py import_roster FILE [--school-year 2025-2026] [--dry-run] [--branch ID]`."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.management import branch_for_command
from candidates import roster
from candidates.services import DomainError


class Command(BaseCommand):
    """Import a class roster (.xlsx) exported from the school system into a branch.

    Why a command as well as the page: the school's IT officer loads every class at the start
    of a school year, or checks a file from a script (--dry-run), with exactly the checks and
    the preview of the page (same code: candidates/roster/). Everything or nothing is written.
    Exit status 0 when imported (or, with --dry-run, when it would be); non-zero (CommandError)
    when the file is refused, so a script can stop there.
    """

    help = "Import a class roster (.xlsx): preview, then write everything or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the roster, an .xlsx file")
        parser.add_argument("--school-year", help="e.g. 2025-2026 (default: the file's title)")
        parser.add_argument("--dry-run", action="store_true", help="show the preview only")
        parser.add_argument(
            "--leave-out-sensitive",
            action="store_true",
            help="leave out ethnicity, religion and ID number of students without consent in "
            "force (without it such cells refuse the file)",
        )
        parser.add_argument("--branch", type=int, help="branch id (needed if there are several)")

    def handle(
        self,
        *args,
        file,
        school_year=None,
        dry_run=False,
        branch=None,
        leave_out_sensitive=False,
        **options,
    ):
        target = branch_for_command(branch)
        try:
            parsed = roster.read_workbook(file)
        except OSError as error:
            raise CommandError(
                _("Cannot open %(file)s: %(error)s") % _params(file, error)
            ) from None
        preview = roster.build_preview(
            parsed, target, school_year, leave_out_sensitive=leave_out_sensitive
        )
        self.stdout.write(_("Branch: %(branch)s") % {"branch": target})
        for line in roster.describe(preview):
            self.stdout.write(line)
        if preview.problems:
            raise CommandError(_("The file was refused; nothing was imported."))
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
            return
        try:
            result = roster.apply_preview(preview, target, actor=None)
        except DomainError as error:
            raise CommandError(error.message) from None
        message = _("Imported: %(classes)s class(es) created, %(new)s added, %(changed)s updated.")
        self.stdout.write(self.style.SUCCESS(message % _counts(result)))


def _params(file, error):
    return {"file": file, "error": error.strerror or error}


def _counts(result):
    return {
        "classes": result.classes_created,
        "new": result.students_created,
        "changed": result.students_updated,
    }
