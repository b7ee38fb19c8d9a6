import unicodedata
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import audit, services
from .access import (
    SESSION_KEY,
    Role,
    get_person,
    manager_required,
    secretary_required,
)
from .forms import (
    BranchSettingsForm,
    LinkPasswordForm,
    OwnPasswordChangeForm,
    PasswordResetForm,
    PersonCreateForm,
    PersonForm,
    SetupForm,
)
from .models import AccessLog, AccountEvent, Membership, User
from .setup import announce_code, setup_needed

BACKEND = "django.contrib.auth.backends.ModelBackend"
LINK_KEY = "password_link"  # the one-time link just made, shown once on the person's page


@login_required
@require_POST
def switch_branch(request):
    branch_id = request.POST.get("branch", "")
    if branch_id.isdigit() and any(b.pk == int(branch_id) for b in request.scope.branches):
        request.session[SESSION_KEY] = int(branch_id)
    return HttpResponseRedirect(reverse("home"))


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


_login_view = auth_views.LoginView.as_view(redirect_authenticated_user=True)
password_change = auth_views.PasswordChangeView.as_view(form_class=OwnPasswordChangeForm)


def login(request):
    """The login page; on a database without any branch, the set-up page instead."""
    if setup_needed():
        return redirect("setup")
    return _login_view(request)


def _put_errors(form, error: ValidationError):
    """A service's ValidationError on the form's fields (its `password` is `password1`)."""
    for name, errors in error.message_dict.items():
        name = "password1" if name == "password" else name
        form.add_error(name if name in form.fields else None, errors)


def _submit(request, form, save):
    """On a POST with a valid form return (what `save(cleaned_data)` saved, 200). Otherwise the
    reasons are on the form, which keeps what was typed, and the result is (None, status): 200
    for a page not posted, 409 when someone else saved in between, else 400."""
    if request.method != "POST":
        return None, 200
    if not form.is_valid():
        return None, 400
    try:
        return save(form.cleaned_data), 200
    except services.ConflictError as error:
        form.add_error(None, error.message)
        return None, 409
    except services.DomainError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        _put_errors(form, error)
    return None, 400


def _on_version(form, version):
    """After a conflict the page shows what the other person saved, and the form keeps what
    was typed, now on top of their version: saving again is a deliberate choice."""
    data = form.data.copy()
    data["version"] = version
    form.data = data


@never_cache
def setup(request):
    """The first page of a new installation: create the branch and its secretary, guarded by
    the code the server prints in its terminal. Gone (404) once a branch exists."""
    if not setup_needed():
        raise Http404
    form = SetupForm(request.POST or None)
    if request.method != "POST":
        announce_code()
    created, status = _submit(
        request, form, lambda data: services.school_setup(**form.service_data())
    )
    if created:
        auth_login(request, created[1], backend=BACKEND)
        message = _(
            "The branch %(branch)s is ready. Add its people and their roles, then import the "
            "class rosters."
        )
        messages.success(request, message % {"branch": created[0].name})
        return redirect("user_list")
    return render(request, "accounts/setup.html", {"form": form}, status=status)


# --- users and roles ------------------------------------------------------------------------


def _sort_key(user):
    # Given name first, as Vietnamese lists are ordered; accents only break ties.
    # (candidates.text has the full key of school lists, but accounts sits below candidates.)
    name = (user.full_name or user.username).casefold().replace("đ", "d")
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return (plain.split()[-1:], plain, name)


PAGE_SIZE = 50


@secretary_required
def access_log(request):
    """The access log of the branch, newest first, for the secretary; by kind if chosen."""
    entries = audit.entries_for(request.scope.branch)
    kind = request.GET.get("kind", "")
    if kind in AccessLog.Kind.values:
        entries = entries.filter(kind=kind)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({"kind": kind}) if kind else ""
    context = {"page": page, "kinds": AccessLog.Kind.choices, "kind": kind, "query": query}
    return render(request, "accounts/access_log.html", context)


@manager_required
def user_list(request):
    branch = request.scope.branch
    roles = Prefetch(
        "memberships", queryset=Membership.objects.filter(branch=branch), to_attr="branch_roles"
    )
    people = User.objects.filter(memberships__branch=branch).distinct().prefetch_related(roles)
    rows = [
        (person, services.role_labels({m.role for m in person.branch_roles}))
        for person in sorted(people, key=_sort_key)
    ]
    context = {"rows": rows, "can_edit": request.scope.has(Role.SECRETARY)}
    return render(request, "accounts/user_list.html", context)


@secretary_required
def user_create(request):
    form = PersonCreateForm(request.POST or None)
    person, status = _submit(
        request,
        form,
        lambda data: services.user_create(
            branch=request.scope.branch,
            actor=request.user,
            username=data["username"],
            full_name=data["full_name"],
            roles=data["roles"],
            password=form.first_password(),
        ),
    )
    if person:
        messages.success(request, _("%(name)s was added.") % {"name": person})
        if not form.first_password():
            _make_link(request, person)
        return redirect("user_detail", pk=person.pk)
    return render(request, "accounts/user_form.html", {"form": form}, status=status)


def _make_link(request, person):
    uid, token = services.user_password_link(
        user=person, branch=request.scope.branch, actor=request.user
    )
    url = request.build_absolute_uri(reverse("password_set", args=[uid, token]))
    request.session[LINK_KEY] = {"user": person.pk, "url": url}


def _render_person(request, person, person_form=None, password_form=None, status=200):
    branch = request.scope.branch
    link = request.session.get(LINK_KEY)
    if link and link["user"] == person.pk:
        del request.session[LINK_KEY]
    # This branch's changes, and the person's own password changes (which belong to no branch).
    history = AccountEvent.objects.filter(Q(branch=branch) | Q(branch=None), user=person)
    roles = services.roles_in(branch, person)
    context = {
        "person": person,
        "roles": services.role_labels(roles),
        "is_homeroom": Role.HOMEROOM in roles,
        "is_party_member": Role.PARTY_MEMBER in roles,
        "classes": person.homeroom_classes.filter(branch=branch),
        "party_records": person.party_memberships.filter(branch=branch),
        "history": history.select_related("actor").order_by("-at", "-pk")[:30],
        "can_edit": request.scope.has(Role.SECRETARY),
        "is_self": person == request.user,
        "link": link["url"] if link and link["user"] == person.pk else None,
        "person_form": person_form or PersonForm.for_user(person, branch),
        "password_form": password_form or PasswordResetForm(),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@manager_required
def user_detail(request, pk):
    """A person's roles, classes and Party member record; the secretary edits name and roles."""
    person = get_person(request.scope, pk)
    if request.method != "POST":
        return _render_person(request, person)
    if not request.scope.has(Role.SECRETARY):
        raise PermissionDenied
    form = PersonForm(request.POST)
    saved, status = _submit(
        request,
        form,
        lambda data: services.user_update(
            user=person, branch=request.scope.branch, actor=request.user, **data
        ),
    )
    if saved:
        messages.success(request, _("The details of %(name)s were saved.") % {"name": saved})
        return redirect("user_detail", pk=pk)
    person.refresh_from_db()
    if status == 409:
        _on_version(form, person.version)
    return _render_person(request, person, person_form=form, status=status)


@secretary_required
@require_POST
def user_password(request, pk):
    """A new first password (POST with the passwords) or a one-time link (POST `link`)."""
    person = get_person(request.scope, pk)
    branch = request.scope.branch
    if "link" in request.POST:
        try:
            _make_link(request, person)
        except services.DomainError as error:
            messages.error(request, error.message)
        return redirect("user_detail", pk=pk)
    form = PasswordResetForm(request.POST)
    saved, status = _submit(
        request,
        form,
        lambda data: services.user_password_reset(
            user=person, branch=branch, actor=request.user, password=data["password1"]
        ),
    )
    if saved:
        message = _("%(name)s must change this password when they next sign in.")
        messages.success(request, message % {"name": saved})
        return redirect("user_detail", pk=pk)
    return _render_person(request, person, password_form=form, status=status)


@secretary_required
@require_POST
def user_active(request, pk):
    person = get_person(request.scope, pk)
    try:
        services.user_set_active(
            user=person,
            branch=request.scope.branch,
            actor=request.user,
            active=request.POST.get("active") == "1",
        )
    except services.DomainError as error:
        messages.error(request, error.message)
    return redirect("user_detail", pk=pk)


class PasswordLinkView(auth_views.PasswordResetConfirmView):
    """The one-time link: the person chooses a password and is signed in."""

    form_class = LinkPasswordForm
    token_generator = services.password_link_tokens
    template_name = "registration/password_set_form.html"
    post_reset_login = True
    post_reset_login_backend = BACKEND
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Welcome to PTĐV."))
        return response


password_set = PasswordLinkView.as_view()


# --- the branch's settings ------------------------------------------------------------------


@manager_required
def branch_settings(request):
    """The branch as printed on its documents; the secretary edits, the committee reads."""
    branch = request.scope.branch
    can_edit = request.scope.has(Role.SECRETARY)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = BranchSettingsForm(request.POST or None, branch=branch)
    saved, status = _submit(
        request,
        form,
        lambda data: services.branch_settings_update(
            branch=branch, actor=request.user, data=form.service_data(), version=data["version"]
        ),
    )
    if saved:
        messages.success(request, _("The branch's settings were saved."))
        return redirect("branch_settings")
    if status == 409:
        branch.refresh_from_db()
        _on_version(form, branch.version)
    history = AccountEvent.objects.filter(branch=branch, kind="branch_settings")
    context = {
        "form": form,
        "can_edit": can_edit,
        # After a conflict: what the other person saved, beside what was typed.
        "saved_rows": BranchSettingsForm(branch=branch).read_only() if status == 409 else None,
        "history": history.select_related("actor").order_by("-at", "-pk")[:10],
    }
    return render(request, "accounts/branch_settings.html", context, status=status)
