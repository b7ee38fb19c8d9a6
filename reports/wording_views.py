"""The page of the papers' wording (Danh mục → Mẫu văn bản): the committee reads each paper's
editable blocks and their history; the secretary saves a new version or restores the default."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.access import manager_required, secretary_required
from accounts.errors import ConflictError, DomainError
from accounts.models import Membership

from . import wording as services


class VersionForm(forms.Form):
    """The version of the block the page showed (0: the built-in default)."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class WordingForm(VersionForm):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=4000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "class": "form-control mb-2"}),
    )


def _auto_id(state) -> str:
    return f"id_{state.kind}_{state.block.key}_%s"


def _forms(papers, refused=None):
    """Each block with its form: the one refused (its input kept), the others as saved."""
    for _paper, states in papers:
        for state in states:
            if refused and refused[0] == (state.kind, state.block.key):
                state.form = refused[1]
            else:
                initial = {"text": state.text, "version": state.version}
                state.form = WordingForm(initial=initial, auto_id=_auto_id(state))
    return papers


@manager_required
def wording(request, status=200, refused=None):
    """Every paper's editable blocks: the current text, its version, the history."""
    papers = services.wording_page(request.scope.branch)
    return render(
        request,
        "reports/wording.html",
        {
            "papers": _forms(papers, refused),
            "may_edit": request.scope.has(Membership.Role.SECRETARY),
            "refused_key": f"{refused[0][0]}-{refused[0][1]}" if refused else "",
        },
        status=status,
    )


def _refuse(request, kind, block, form, error, status):
    """The page again, the input kept; after a conflict, the form carries the version now
    current, so that saving again replaces what the other person saved."""
    form.add_error(None, error)
    if status == 409:
        form.data = form.data.copy()
        form.data["version"] = services.last_version(request.scope.branch, kind, block)
    return wording(request, status=status, refused=((kind, block), form))


def _saved(request, kind, block, saved):
    if saved is not None:
        messages.success(
            request,
            _("Saved as version %(version)s; papers made from now on use it.")
            % {"version": saved.version},
        )
    return redirect(f"{reverse('reports:wording')}#wording-{kind}-{block}")


@require_POST
@secretary_required
def wording_save(request, kind, block):
    """Save the block's text as a new version."""
    services.block_of(kind, block)
    form = WordingForm(request.POST)
    form.auto_id = f"id_{kind}_{block}_%s"
    if not form.is_valid():
        return wording(request, status=400, refused=((kind, block), form))
    try:
        saved = services.wording_save(
            branch=request.scope.branch,
            actor=request.user,
            kind=kind,
            block=block,
            text=form.cleaned_data["text"],
            version=form.cleaned_data["version"],
        )
    except ConflictError as error:
        return _refuse(request, kind, block, form, error.message, 409)
    except DomainError as error:
        return _refuse(request, kind, block, form, error.message, 400)
    return _saved(request, kind, block, saved)


@require_POST
@secretary_required
def wording_default(request, kind, block):
    """Back to the built-in wording: a new version too."""
    services.block_of(kind, block)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return wording(request, status=400)
    try:
        saved = services.wording_restore(
            branch=request.scope.branch,
            actor=request.user,
            kind=kind,
            block=block,
            version=form.cleaned_data["version"],
        )
    except ConflictError as error:
        shown = WordingForm(
            {"text": services.block_of(kind, block).default(), "version": 0},
            auto_id=f"id_{kind}_{block}_%s",
        )
        return _refuse(request, kind, block, shown, error.message, 409)
    return _saved(request, kind, block, saved)
