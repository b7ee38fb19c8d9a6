"""A form that records something is recorded once, however often it is sent: the view side
of services.submit_once (the form carries its token: forms.OnceForm)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .. import services

ALREADY_RECORDED = _(
    "This form had already been sent and recorded: it was not recorded a second time."
)


def sent_again(request, fallback):
    """For a form sent again after it was recorded (its token used): the redirect to the first
    sending's result, saying so; else None. Pages whose form would no longer validate once
    recorded (a candidate moved on, a row already filled) ask this first."""
    url = services.submission_result(token=request.POST.get("token", ""), actor=request.user)
    if url is None:
        return None
    messages.info(request, ALREADY_RECORDED)
    return redirect(url or fallback)


def record_once(request, form, work, fallback):
    """Run `work()` — it records (a DomainError refuses, and nothing is kept) and returns the
    URL of what it recorded — once per rendered form, and redirect there. The same form sent
    again records nothing and leads to the first sending's result, saying so."""
    url, first = services.submit_once(token=form.pop_token(), actor=request.user, work=work)
    if not first:
        messages.info(request, ALREADY_RECORDED)
    return redirect(url or fallback)
