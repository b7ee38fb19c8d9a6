"""Who may do what, in one place.

Every view reaches the user's branch and roles through `request.scope`, and loads objects through
the loaders built on `get_in_branch`: an object outside the user's branch is 404 (its existence is
not revealed), a role that may not use a page is 403.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Branch, Membership, User

Role = Membership.Role


@dataclass(frozen=True)
class Scope:
    """The branch a user is working in and the roles they hold there."""

    branch: Branch | None = None
    roles: frozenset = field(default_factory=frozenset)
    branches: tuple = ()

    def has(self, *roles) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_manager(self) -> bool:
        return self.has(*Membership.MANAGERS)

    @property
    def sees_whole_branch(self) -> bool:
        return self.has(*Membership.BRANCH_WIDE)

    @property
    def may_force(self) -> bool:
        return self.has(*Membership.MAY_FORCE)


SESSION_KEY = "branch_id"


def scope_for(user, session=None) -> Scope:
    """Load the scope of a signed-in user: the chosen branch (or their first) and its roles."""
    if not user.is_authenticated:
        return Scope()
    memberships = list(Membership.objects.filter(user=user).select_related("branch__committee"))
    if not memberships:
        return Scope()
    branches = {}
    for m in memberships:
        branches.setdefault(m.branch_id, m.branch)
    chosen = session.get(SESSION_KEY) if session is not None else None
    branch = branches.get(chosen) or branches[min(branches)]
    roles = frozenset(m.role for m in memberships if m.branch_id == branch.pk)
    return Scope(branch=branch, roles=roles, branches=tuple(branches.values()))


def roles_required(*roles):
    """View decorator: signed in, a member of a branch, and holding one of `roles` (any if none)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            scope = request.scope
            if scope.branch is None or (roles and not scope.has(*roles)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


manager_required = roles_required(*Membership.MANAGERS)
member_required = roles_required()
secretary_required = roles_required(Role.SECRETARY)


def get_in_branch(scope: Scope, queryset, branch_path="branch", **lookup):
    """The object matching `lookup` inside the scope's branch, or 404."""
    if scope.branch is None:
        raise Http404
    try:
        return queryset.get(**{branch_path: scope.branch}, **lookup)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def get_person(scope: Scope, pk):
    """A person holding a role in the scope's branch, or 404."""
    return get_in_branch(scope, User.objects.distinct(), "memberships__branch", pk=pk)
