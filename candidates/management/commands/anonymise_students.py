"""`python manage.py anonymise_students [--branch ID] [--dry-run]`."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from accounts.management import branch_for_command
from candidates import services
from candidates.text import day


class Command(BaseCommand):
    """Anonymise the personal data of students who left the pipeline without being admitted,
    once the branch's retention period has run (Law 91/2025/QH15).

    Why a command as well as the page: the server's operator can run it every night from cron,
    so that no data outlives the period because nobody opened the page. It lists each student
    due by number and class, never by name (a cron job's output is mailed and kept); the page
    shows names to the secretary. A second run finds nobody due and does nothing.
    """

    help = "Anonymise the students whose data retention period has run (--dry-run: list them)."

    def add_arguments(self, parser):
        parser.add_argument("--branch", type=int, help="branch id (needed if there are several)")
        parser.add_argument("--dry-run", action="store_true", help="list them, change nothing")

    def handle(self, *args, branch=None, dry_run=False, **options):
        target = branch_for_command(branch)
        due = services.students_due(target)
        self.stdout.write(
            _("Branch: %(branch)s; retention period %(months)s months.")
            % {"branch": target, "months": target.retention_months}
        )
        for d in due:
            line = _("Student %(pk)s, class %(class)s, left on %(closed)s, due since %(since)s")
            self.stdout.write(
                line
                % {
                    "pk": d.student.pk,
                    "class": d.student.school_class.name,
                    "closed": day(d.closed_on),
                    "since": day(d.due_since),
                }
            )
        if dry_run:
            self.stdout.write(
                _("Dry run: %(count)s student(s) due, nothing changed.") % {"count": len(due)}
            )
            return
        done = services.students_anonymise(
            branch=target, actor=None, pks=[d.student.pk for d in due]
        )
        self.stdout.write(
            self.style.SUCCESS(_("Anonymised: %(count)s student(s).") % {"count": done})
        )
