"""Logins and sessions: the client's address for the lockout, its Vietnamese page, the idle
time after which a session ends."""

import time

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import password_validation
from django.shortcuts import render
from django.utils.translation import ngettext

from .models import Branch

# The moment of the session's last request, in seconds since the epoch.
LAST_SEEN = "last_seen"
# Written at most once a minute, so that a page view does not always write the session.
LAST_SEEN_STEP = 60
DEFAULT_IDLE_MINUTES = Branch._meta.get_field("session_idle_minutes").default


def client_ip(request):
    """AXES_CLIENT_IP_CALLABLE. Behind TRUSTED_PROXY_COUNT reverse proxies the client is the
    address the outermost of them saw, as the nearest one lists it in X-Forwarded-For; the
    header is ignored when no proxy is trusted (anyone can write it)."""
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the same page for a known or an unknown user name."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    context = {"minutes": minutes, "failures": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)


def idle_minutes(scope) -> int:
    branch = scope.branch
    return branch.session_idle_minutes if branch is not None else DEFAULT_IDLE_MINUTES


def stamp(session, now=None):
    session[LAST_SEEN] = int(now if now is not None else time.time())


def mark_login(sender, request, user, **kwargs):
    """user_logged_in: a new session starts its idle time now."""
    stamp(request.session)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, with a message that has a Vietnamese translation (Django 5.2's catalogue lost
    it when the message changed)."""

    def get_error_message(self):
        message = ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        )
        return message % {"min_length": self.min_length}
