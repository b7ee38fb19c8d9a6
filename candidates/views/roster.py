"""The roster import pages: upload → preview → confirm, and the problems as an .xlsx.

The uploaded file is kept between the preview and the confirmation under MEDIA_ROOT/imports (a
random name, private like every upload); the session holds only its name and SHA-256. The
confirm re-reads that file, rebuilds the preview and applies it only if its fingerprint equals
the one shown on the page, so what is written is exactly what the secretary saw.
"""

import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import manager_required

from .. import roster
from ..errors import DomainError
from ..forms import (
    RosterUploadForm,
)

SESSION_KEY = "roster_import"
# Multipart framing and the other form fields around the file.
FORM_OVERHEAD = 64 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


@csrf_exempt  # only so the size is checked before the body is read; CSRF is checked right after
@manager_required
@require_http_methods(["GET", "POST"])
def roster_import(request):
    """The upload form. An oversized upload is refused from its length, before it is read."""
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if request.method == "POST" and declared > roster.MAX_FILE_BYTES + FORM_OVERHEAD:
        return _upload_page(request, RosterUploadForm(), [roster.too_large()], status=413)
    return _roster_upload(request)


@csrf_protect
def _roster_upload(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(roster.MAX_FILE_BYTES + 1)
        parsed = roster.read_workbook(data)
        if parsed.readable:
            _keep(request, data, parsed, upload.name, form.cleaned_data)
            return redirect("candidates:roster_preview")
        problems = parsed.problems
    return _upload_page(request, form, problems)


def _upload_page(request, form, problems, status=200):
    context = {"form": form, "columns": roster.COLUMNS, **roster.listed(problems)}
    return render(request, "candidates/roster/roster_upload.html", context, status=status)


@require_GET
@manager_required
def roster_preview(request):
    """What the import would do, or every problem that refuses the file."""
    loaded = _load(request)
    if loaded is None:
        return redirect("candidates:roster_import")
    entry, preview = loaded
    context = {"preview": preview, "file_name": entry["name"], **roster.listed(preview.problems)}
    return render(request, "candidates/roster/roster_preview.html", context)


@require_POST
@manager_required
def roster_confirm(request):
    """Apply the preview the page showed, or refuse if anything changed since."""
    loaded = _load(request)
    if loaded is None:
        return redirect("candidates:roster_import")
    _entry, preview = loaded
    try:
        if request.POST.get("fingerprint") != preview.fingerprint:
            raise roster.StalePreview(_("The data changed since the preview; look at it again."))
        result = roster.apply_preview(preview, request.scope.branch, request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("candidates:roster_preview")
    _forget(request)
    messages.success(request, _imported_message(result))
    return redirect("candidates:roster_import")


@require_GET
@manager_required
def roster_problems(request):
    """The problems as an .xlsx: a list, and each faulty sheet with a "Problems" column."""
    loaded = _load(request)
    if loaded is None:
        return redirect("candidates:roster_import")
    _entry, preview = loaded
    response = HttpResponse(roster.problems_workbook(preview), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="roster-problems.xlsx"'
    return response


def _imported_message(result: roster.ImportResult) -> str:
    return _(
        "Roster imported: %(classes)s class(es) created, %(new)s student(s) added, %(changed)s "
        "updated, %(unchanged)s unchanged."
    ) % {
        "classes": result.classes_created,
        "new": result.students_created,
        "changed": result.students_updated,
        "unchanged": result.students_unchanged,
    }


# --- the file kept between preview and confirm ------------------------------------------------


def _keep(request, data: bytes, parsed, name: str, choices: dict) -> None:
    """Store the upload under a random name and remember it (not its content) in the session."""
    _forget(request)
    folder = _upload_dir()
    folder.mkdir(mode=settings.FILE_UPLOAD_DIRECTORY_PERMISSIONS, parents=True, exist_ok=True)
    roster.purge_old_uploads(folder)
    token = secrets.token_hex(16)
    path = folder / f"{token}.xlsx"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    with os.fdopen(os.open(path, flags, settings.FILE_UPLOAD_PERMISSIONS), "wb") as stored:
        stored.write(data)
    request.session[SESSION_KEY] = {
        "token": token,
        "sha256": parsed.sha256,
        "name": Path(name or "").name[:200],
        "school_year": choices["school_year"],
        "leave_out_sensitive": bool(choices.get("leave_out_sensitive")),
        "branch": request.scope.branch.pk,
    }


def _stored_path(entry) -> Path | None:
    token = str(entry.get("token", ""))
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        return None
    return _upload_dir() / f"{token}.xlsx"


def _load(request):
    """(session entry, fresh preview) of this session's upload, or None with a message."""
    entry = request.session.get(SESSION_KEY)
    path = _stored_path(entry) if isinstance(entry, dict) else None
    if path is None or entry.get("branch") != request.scope.branch.pk or not path.is_file():
        messages.info(request, _("Upload a roster file first."))
        return None
    parsed = roster.read_workbook(path.read_bytes())
    if parsed.sha256 != entry.get("sha256"):
        messages.error(request, _("The uploaded file changed on the server; upload it again."))
        _forget(request)
        return None
    preview = roster.build_preview(
        parsed,
        request.scope.branch,
        entry["school_year"] or None,
        leave_out_sensitive=bool(entry.get("leave_out_sensitive")),
    )
    return entry, preview


def _forget(request) -> None:
    entry = request.session.pop(SESSION_KEY, None)
    path = _stored_path(entry) if isinstance(entry, dict) else None
    if path is not None:
        path.unlink(missing_ok=True)
