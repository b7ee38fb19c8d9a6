import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from . import security
from .access import scope_for


def no_store(get_response):
    """Every page and download may carry a student's personal data: no browser or proxy keeps
    a copy (a shared PC's Back button after sign-out shows nothing). Static files are served
    before this, by WhiteNoise, and stay cacheable."""

    def middleware(request):
        response = get_response(request)
        add_never_cache_headers(response)
        return response

    return middleware


class CurrentBranchMiddleware:
    """Puts `request.scope` (branch and roles) on every request, loaded only when used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: scope_for(request.user, request.session))
        return self.get_response(request)


# What a person who must choose a new password may still open.
OPEN_TO_FIRST_LOGIN = ("password_change", "password_change_done", "logout", "healthz")


class PasswordChangeRequiredMiddleware:
    """After the secretary gives a first password, every page leads to the password change
    until the person has chosen their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in OPEN_TO_FIRST_LOGIN}
            if request.path not in allowed and not request.path.startswith("/static/"):
                messages.info(
                    request,
                    _("Choose your own password before you go on: this one was given to you."),
                )
                return redirect("password_change")
        return self.get_response(request)


class IdleSessionMiddleware:
    """Ends a session after the branch's idle time without a request (school PCs are shared)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(security.LAST_SEEN, now)
            minutes = security.idle_minutes(request.scope)
            if now - last > minutes * 60:
                logout(request)
                message = _("You were signed out after %(minutes)d minutes without activity.")
                messages.info(request, message % {"minutes": minutes})
                return redirect_to_login(request.get_full_path())
            if now - last >= security.LAST_SEEN_STEP or security.LAST_SEEN not in request.session:
                security.stamp(request.session, now)
        return self.get_response(request)
