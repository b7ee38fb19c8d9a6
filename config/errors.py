"""The answers to failures: calm Vietnamese pages in the frame that reads nothing from the
database (templates/layout.html), so that they render while the database is down."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

DATABASE_DOWN = (OperationalError, InterfaceError)


def plain_page(template_name, status, context=None):
    """A page rendered without the request: no context processor runs, nothing is queried.
    Should even that fail (static files not collected…), a bare page in Vietnamese."""
    try:
        html = render_to_string(template_name, context)
    except Exception:
        log.exception("the error page %s could not be rendered", template_name)
        heading = _("PTĐV is temporarily unavailable") if status == 503 else _("Error")
        html = f'<!doctype html><html lang="vi"><meta charset="utf-8"><h1>{escape(heading)}</h1>'
    return HttpResponse(html, status=status)


def server_error(request):
    """handler500. Django calls it while it handles the exception, from the view or from a
    middleware (a session read with the database down fails there): an unreachable database
    is a 503 'try again in a moment', anything else a 500 that shows no detail."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        log.error("database unavailable: %s %s", request.method, request.path)
        response = plain_page("errors/503.html", 503)
        response["Retry-After"] = "30"
        return response
    return plain_page("errors/500.html", 500)


def bad_request(request, exception):
    return plain_page("errors/400.html", 400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form kept open too long, or cookies refused."""
    return plain_page("errors/403_csrf.html", 403)
