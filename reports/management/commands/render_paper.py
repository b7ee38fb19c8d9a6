"""`python manage.py render_paper KIND (--meeting ID [--candidate ID] | --candidate ID
[--record ID]) --out FILE`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.management import branch_for_command
from candidates.errors import DomainError
from candidates.models import BranchMeeting, Candidate
from reports import papers
from reports.docx import render_docx
from reports.pdf import render_pdf

RENDERERS = {".pdf": render_pdf, ".docx": render_docx}


class Command(BaseCommand):
    """Render a paper of a branch meeting or of a candidate as a draft, PDF or .docx by the
    extension of --out.

    The same builders and renderers as the meeting's page; it never issues (the file says
    DỰ THẢO)."""

    help = (
        "Render a draft paper (a meeting's minutes or resolution; a candidate's: the ceremony's "
        "minutes, the mentors' resolution, the awareness-class letter, the 3-, 4-, 5- or 11-KNĐ) "
        "to .pdf or .docx."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[*papers.PAPERS, *papers.CANDIDATE_PAPERS])
        parser.add_argument("--meeting", type=int, help="the branch meeting (its papers)")
        parser.add_argument(
            "--candidate", type=int, help="the candidate (a resolution; a candidate's paper)"
        )
        parser.add_argument(
            "--record",
            type=int,
            help="one of the candidate's records of the kind (an introducer's introduction, a "
            "review); the default is in reports/papers/drafts.py",
        )
        parser.add_argument("--branch", type=int, help="branch id (needed if there are several)")
        parser.add_argument("--out", required=True, help="the file to write: .pdf or .docx")

    def handle(self, *args, kind, out, meeting=None, candidate=None, record=None, **opts):
        render = RENDERERS.get(Path(out).suffix.lower())
        if render is None:
            raise CommandError(_("Write to a .pdf or a .docx file."))
        branch = branch_for_command(opts.get("branch"))
        try:
            if kind in papers.CANDIDATE_PAPERS:
                document = self._of_candidate(kind, branch, candidate, record)
            else:
                document = self._of_meeting(kind, branch, meeting, candidate)
        except DomainError as error:
            raise CommandError(error.message) from None
        Path(out).write_bytes(render(document))
        self.stdout.write(self.style.SUCCESS(_("Draft written to %(file)s.") % {"file": out}))

    def _of_candidate(self, kind, branch, candidate, record):
        found = Candidate.objects.filter(branch=branch, pk=candidate).first()
        if found is None:
            raise CommandError(_("Give the candidate: --candidate ID."))
        return papers.build_for_candidate(kind, found, on=timezone.localdate(), record=record)

    def _of_meeting(self, kind, branch, meeting, candidate):
        found = BranchMeeting.objects.filter(branch=branch, pk=meeting).first()
        if found is None:
            raise CommandError(_("The branch has no meeting %(id)s.") % {"id": meeting})
        if papers.PAPERS[kind].per_candidate and candidate is None:
            raise CommandError(_("Give the candidate: --candidate ID."))
        chosen = None
        if candidate is not None:
            chosen = Candidate.objects.filter(branch=branch, pk=candidate).first()
        return papers.build(kind, found, chosen, on=timezone.localdate())
