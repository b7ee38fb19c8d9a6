"""What the management commands of every app share."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from accounts.models import Branch


def branch_for_command(branch_id=None) -> Branch:
    """The branch a command works on: `--branch ID`, or the only one there is."""
    if branch_id is not None:
        branch = Branch.objects.filter(pk=branch_id).first()
        if branch is None:
            raise CommandError(_("There is no branch %(id)s.") % {"id": branch_id})
        return branch
    branches = list(Branch.objects.order_by("pk")[:2])
    if len(branches) != 1:
        listing = ", ".join(f"{b.pk} {b}" for b in Branch.objects.order_by("pk"))
        raise CommandError(
            _("Choose the branch with --branch ID (branches: %(list)s).") % {"list": listing or "—"}
        )
    return branches[0]
