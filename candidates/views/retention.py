"""The retention of the personal data of students who left the pipeline: the committee sees who
is due, the secretary anonymises them (candidates/services/retention.py)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.access import manager_required

from .. import services
from ..access import Role
from ..forms import AnonymiseForm


@manager_required
def retention(request):
    branch = request.scope.branch
    may_anonymise = request.scope.has(Role.SECRETARY)
    due = services.students_due(branch)
    form = AnonymiseForm(
        request.POST or None, initial={"students": ",".join(str(d.student.pk) for d in due)}
    )
    status = 200
    if request.method == "POST":
        if not may_anonymise:
            raise PermissionDenied
        status = 400
        if form.is_valid():
            done = services.students_anonymise(
                branch=branch, actor=request.user, pks=form.cleaned_data["students"]
            )
            if done:
                message = _("The personal data of %(count)s student(s) was anonymised.")
                messages.success(request, message % {"count": done})
            else:
                messages.info(request, _("Nobody was due any more: nothing was changed."))
            return redirect("candidates:retention")
    context = {"due": due, "form": form, "may_anonymise": may_anonymise, "branch": branch}
    return render(request, "candidates/settings/retention.html", context, status=status)
