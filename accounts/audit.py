"""The access log (`AccessLog`): sign-ins, sign-outs, views of sensitive personal data and
downloads, written here and nowhere else. No sensitive value is ever passed in: callers name
what was looked at."""

import re
from urllib.parse import unquote

from django.db.models import Q

from .models import AccessLog, User
from .security import client_ip

Kind = AccessLog.Kind
# What a download is: a file the browser saves or shows, never a page.
FILE_TYPES = ("application/pdf", "application/vnd.openxmlformats", "text/csv", "application/zip")


def record(request, kind, subject="", user=None, username=""):
    """One entry about `request`: its user (or `user`, or the `username` typed), its branch."""
    user = user or (request.user if request.user.is_authenticated else None)
    scope = getattr(request, "scope", None)
    branch = getattr(scope, "branch", None) if user is not None else None
    return AccessLog.objects.create(
        kind=kind,
        user=user,
        username=(user.get_username() if user else username)[:150],
        branch=branch,
        path=request.path[:300],
        subject=str(subject)[:200],
        ip=client_ip(request),
    )


def sensitive_view(request, student):
    """The page shows `student`'s sensitive personal data to this user."""
    return record(request, Kind.SENSITIVE_VIEW, student.full_name)


def consent_recorded(request, consent):
    """The user recorded a consent given or withdrawn (who and whose, never what it covers)."""
    kind = Kind.CONSENT_GIVEN if consent.action == consent.Action.GIVEN else Kind.CONSENT_WITHDRAWN
    return record(request, kind, consent.student.full_name)


def anonymise(*, branch, name, placeholder, paths):
    """The one rewrite of the log, when a student's data is anonymised at the end of the
    retention period: the branch's entries about them (their `name` in the subject, or a page
    or file under one of their `paths` — a scan's file name may spell the name otherwise) name
    the `placeholder` instead. Who looked, when and from where stays."""
    about = Q(subject__contains=name) if name else Q(pk__in=[])
    for path in paths:
        about |= Q(path__contains=path)
    return AccessLog.objects.filter(branch=branch).filter(about).update(subject=placeholder)


def signed_in(sender, request, user, **kwargs):
    record(request, Kind.LOGIN, user=user)


def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(request, Kind.LOGOUT, user=user)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    """Django scrubs the password from `credentials`; only the name typed is kept."""
    if request is not None:
        record(request, Kind.LOGIN_FAILED, username=credentials.get("username", ""))


def entries_for(branch):
    """What the branch's secretary reads: the entries of the branch, and the failed sign-ins
    typed with the name of one of its people."""
    names = User.objects.filter(memberships__branch=branch).values("username")
    return AccessLog.objects.filter(
        Q(branch=branch) | Q(branch=None, username__in=names)
    ).select_related("user")


def file_name(response) -> str:
    disposition = response.get("Content-Disposition", "")
    match = re.search(r"""filename\*?=(?:UTF-8'')?"?([^";]+)""", disposition, re.IGNORECASE)
    return unquote(match.group(1)) if match else ""


def downloads(get_response):
    """Middleware: every file a signed-in user downloads (reports, documents, scans, the
    roster's problems) is logged with its name."""

    def middleware(request):
        response = get_response(request)
        content_type = response.get("Content-Type", "")
        is_file = response.has_header("Content-Disposition") or content_type.startswith(FILE_TYPES)
        if is_file and response.status_code == 200 and request.user.is_authenticated:
            record(request, Kind.DOWNLOAD, file_name(response) or request.path)
        return response

    return middleware
