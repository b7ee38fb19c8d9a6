"""`python manage.py render_report KIND --year YEAR [--from DATE --to DATE] --out FILE`
(.pdf, .xlsx or .docx)."""

from datetime import date, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.management import branch_for_command
from candidates.errors import DomainError
from candidates.models import Candidate
from reports import builders, periods
from reports.docx import render_docx
from reports.pdf import render_pdf
from reports.xlsx import render_xlsx

RENDERERS = {".pdf": render_pdf, ".xlsx": render_xlsx, ".docx": render_docx}


def _date(text) -> date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CommandError(_("%(text)s is not a date (dd/mm/yyyy).") % {"text": text})


class Command(BaseCommand):
    """Render a branch document as a draft, PDF, .xlsx or .docx by the extension of --out.

    Why a command as well as the page: to look at a document from a script or a cron job (the
    same builders and renderers as the page). It never issues: the file says DỰ THẢO and has no
    number; issuing happens on the page, where the register keeps it.
    """

    help = "Render a draft document (plan, reports, lists, a dossier) to .pdf, .xlsx or .docx."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(builders.KINDS))
        parser.add_argument("--year", type=int, help="the year (default: this year)")
        parser.add_argument("--period", choices=[c for c, _l in periods.CHOICES], default="year")
        parser.add_argument("--from", dest="start", help="first day, dd/mm/yyyy")
        parser.add_argument("--to", dest="end", help="last day, dd/mm/yyyy")
        parser.add_argument("--candidate", type=int, help="the candidate (dossier)")
        parser.add_argument("--branch", type=int, help="branch id (needed if there are several)")
        parser.add_argument("--out", required=True, help="the file to write: .pdf, .xlsx or .docx")

    def handle(self, *args, kind, out, year=None, period="year", start=None, end=None, **opts):
        render = RENDERERS.get(Path(out).suffix.lower())
        if render is None:
            raise CommandError(_("Write to a .pdf, an .xlsx or a .docx file."))
        branch = branch_for_command(opts.get("branch"))
        today = timezone.localdate()
        if start or end:
            if not (start and end):
                raise CommandError(_("Give both --from and --to."))
            period = "custom"
        try:
            chosen = periods.period_of(
                year or (_date(end).year if end else today.year),
                period,
                _date(start) if start else None,
                _date(end) if end else None,
            )
        except ValueError:
            raise CommandError(_("The first day comes after the last.")) from None
        options = builders.Options(period=chosen, on=today, sensitive=True)
        if builders.KINDS[kind].per_candidate:
            options.candidate = Candidate.objects.filter(
                branch=branch, pk=opts.get("candidate")
            ).first()
        try:
            document = builders.build(kind, branch, options)
        except DomainError as error:
            raise CommandError(error.message) from None
        Path(out).write_bytes(render(document))
        self.stdout.write(self.style.SUCCESS(_("Draft written to %(file)s.") % {"file": out}))
