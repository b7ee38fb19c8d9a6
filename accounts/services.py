"""Every change to a branch's people, roles and settings goes through here.

Each service takes keyword arguments, runs in one transaction, writes the change and an
`AccountEvent` (who, when, what: the audit trail of this app, since the pipeline's `Event` lives
in `candidates`, above it), and raises `DomainError` with a Vietnamese message when the change is
refused, `ConflictError` when the form's `version` is stale, `ValidationError` for bad input.
The set-up page and `manage.py setup_school` both call `school_setup`.
"""

import unicodedata
from datetime import date

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ConflictError, DomainError, bump_version  # noqa: F401 (views catch them)
from .models import MARGINS_MM, AccountEvent, Branch, Committee, Membership, SetupCode, User

Role = Membership.Role
ROLES = tuple(Role)


def clean_text(value) -> str:
    """As stored: NFC (some Vietnamese keyboards type NFD), trimmed, inner spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", value or "").split())


def _same_name(a, b) -> bool:
    # Python's casefold, not the database's: SQLite folds the case of ASCII letters only.
    return clean_text(a).casefold() == clean_text(b).casefold()


def _record(*, branch, actor, kind, summary, user=None, changes=None):
    AccountEvent.objects.create(
        branch=branch, actor=actor, user=user, kind=kind, summary=summary, changes=changes or {}
    )


def _lock(branch):
    """Changes to one branch's people wait for each other, so the guards below see the truth."""
    return Branch.objects.select_for_update().get(pk=branch.pk)


def _raise(errors):
    if errors:
        raise ValidationError(errors)


def _required(values, names):
    return {name: _("This field is required.") for name in names if not values.get(name)}


def _check_password(password, user, field="password"):
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


def _check_username(username, field="username"):
    errors = {}
    try:
        User.username_validator(username)
    except ValidationError as error:
        errors[field] = error.messages
    if User.objects.filter(username__iexact=username).exists():
        errors[field] = _("The username %(username)s is taken; choose another.") % {
            "username": username
        }
    return errors


def role_labels(roles) -> str:
    """The roles in the order of `Membership.Role`, as a comma-separated Vietnamese list."""
    return ", ".join(str(role.label) for role in ROLES if role in roles) or "—"


def roles_in(branch, user) -> set:
    return set(Membership.objects.filter(branch=branch, user=user).values_list("role", flat=True))


# --- a new school ---------------------------------------------------------------------------


def _committee_named(name, **defaults):
    """The committee of that name (one superior serves many branches), or a new one."""
    for committee in Committee.objects.filter(parent=None):
        if _same_name(committee.name, name):
            return committee
    return Committee.objects.create(name=name, **defaults)


@transaction.atomic
def school_setup(
    *,
    branch_name,
    school,
    committee_name,
    place_name,
    secretary_username,
    password,
    secretary_full_name="",
    department="",
):
    """Create a branch, its superior committee and its secretary (who is also a Party member,
    as a school's secretary is); refuse a branch that is set up already. No demo data."""
    values = {
        "branch_name": clean_text(branch_name),
        "school": clean_text(school),
        "committee_name": clean_text(committee_name),
        "place_name": clean_text(place_name),
        "secretary_username": clean_text(secretary_username),
        "secretary_full_name": clean_text(secretary_full_name),
        "department": clean_text(department),
    }
    required = ("branch_name", "school", "committee_name", "place_name", "secretary_username")
    _raise(_required(values, required))
    for branch in Branch.objects.select_related("committee"):
        if _same_name(branch.name, values["branch_name"]) and _same_name(
            branch.committee.name, values["committee_name"]
        ):
            raise DomainError(
                _("The branch %(branch)s of %(committee)s is set up already; nothing was changed.")
                % {"branch": branch.name, "committee": branch.committee.name}
            )
    _raise(_check_username(values["secretary_username"], "secretary_username"))
    secretary = User(username=values["secretary_username"], full_name=values["secretary_full_name"])
    _check_password(password, secretary)
    branch = Branch.objects.create(
        name=values["branch_name"],
        school=values["school"],
        committee=_committee_named(values["committee_name"]),
        place_name=values["place_name"],
        department=values["department"],
    )
    secretary.set_password(password)
    secretary.save()
    for role in (Role.SECRETARY, Role.PARTY_MEMBER):
        Membership.objects.create(user=secretary, branch=branch, role=role)
    SetupCode.objects.all().delete()
    summary = _("Set up the branch %(branch)s with its secretary %(name)s.") % {
        "branch": branch.name,
        "name": secretary,
    }
    _record(branch=branch, actor=None, user=secretary, kind="school_setup", summary=summary)
    return branch, secretary


# --- people and roles -----------------------------------------------------------------------


ROLES_REQUIRED = gettext_lazy("Give at least one role; to stop someone's access, lock the account.")


def _check_roles(roles):
    if not roles <= set(Role.values):
        raise TypeError(f"not roles: {sorted(roles - set(Role.values))}")
    return {} if roles else {"roles": str(ROLES_REQUIRED)}


def _check_secretaries(branch):
    active = Membership.objects.filter(branch=branch, role=Role.SECRETARY, user__is_active=True)
    if not active.exists():
        raise DomainError(_("The branch must keep at least one secretary with an active account."))


@transaction.atomic
def user_create(*, branch, actor, username, full_name, roles, password=None):
    """Add a person to the branch with their roles. With `password` (a first password) they
    must choose their own at first login; without, they sign in through a one-time link."""
    branch = _lock(branch)
    username, full_name, roles = clean_text(username), clean_text(full_name), set(roles)
    errors = _required({"username": username, "full_name": full_name}, ("username", "full_name"))
    if username:
        errors.update(_check_username(username))
    errors.update(_check_roles(roles))
    _raise(errors)
    user = User(username=username, full_name=full_name, must_change_password=bool(password))
    if password:
        _check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    Membership.objects.bulk_create(Membership(user=user, branch=branch, role=r) for r in roles)
    summary = _("Added %(name)s (%(username)s) as %(roles)s.") % {
        "name": full_name,
        "username": username,
        "roles": role_labels(roles),
    }
    _record(branch=branch, actor=actor, user=user, kind="user_create", summary=summary)
    return user


@transaction.atomic
def user_update(*, user, branch, actor, full_name, roles, version):
    """Change a person's name and their roles in the branch."""
    branch = _lock(branch)
    full_name, roles = clean_text(full_name), set(roles)
    errors = _required({"full_name": full_name}, ("full_name",))
    errors.update(_check_roles(roles))
    _raise(errors)
    bump_version(user, version)
    user.refresh_from_db()
    before = roles_in(branch, user)
    if user == actor and Role.SECRETARY in before - roles:
        raise DomainError(
            _(
                "You cannot take away your own secretary role: the branch would lose the "
                "person who manages its accounts. Give the role to someone else first; they "
                "can then take yours."
            )
        )
    changes = {}
    if full_name != user.full_name:
        changes[str(_("full name"))] = [user.full_name, full_name]
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    if roles != before:
        changes[str(_("roles"))] = [role_labels(before), role_labels(roles)]
        Membership.objects.filter(branch=branch, user=user, role__in=before - roles).delete()
        Membership.objects.bulk_create(
            Membership(user=user, branch=branch, role=r) for r in roles - before
        )
        _check_secretaries(branch)
    if changes:
        summary = _("Changed the details of %(name)s.") % {"name": user}
        _record(
            branch=branch,
            actor=actor,
            user=user,
            kind="user_update",
            summary=summary,
            changes=changes,
        )
    return user


@transaction.atomic
def user_set_active(*, user, branch, actor, active):
    """Lock an account (never deleted: the history keeps the person's name) or unlock it."""
    branch = _lock(branch)
    user.refresh_from_db()
    if user.is_active == active:
        return user
    if not active:
        if user == actor:
            raise DomainError(_("You cannot lock your own account."))
        if Membership.objects.filter(user=user).exclude(branch=branch).exists():
            raise DomainError(
                _(
                    "%(name)s also holds roles in another branch; take away their roles here "
                    "instead, or ask that branch's secretary."
                )
                % {"name": user}
            )
    user.is_active = active
    user.save(update_fields=["is_active"])
    _check_secretaries(branch)
    if active:
        summary = _("Unlocked the account of %(name)s.") % {"name": user}
    else:
        summary = _("Locked the account of %(name)s.") % {"name": user}
    kind = "user_unlock" if active else "user_lock"
    _record(branch=branch, actor=actor, user=user, kind=kind, summary=summary)
    return user


def _require_active(user):
    if not user.is_active:
        raise DomainError(_("The account of %(name)s is locked; unlock it first.") % {"name": user})


def _set_password(user, password, *, must_change, field="password"):
    _check_password(password, user, field)
    user.set_password(password)
    user.must_change_password = must_change
    user.save(update_fields=["password", "must_change_password"])


@transaction.atomic
def user_password_reset(*, user, branch, actor, password):
    """Give a person a new first password, which they must change when they sign in."""
    _require_active(user)
    _set_password(user, password, must_change=True)
    summary = _("Gave %(name)s a new first password.") % {"name": user}
    _record(branch=branch, actor=actor, user=user, kind="password_reset", summary=summary)
    return user


class _LinkTokens(PasswordResetTokenGenerator):
    """Django's password-reset tokens (they stop working once the password changes), which
    also stop when the account is locked."""

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


password_link_tokens = _LinkTokens()


@transaction.atomic
def user_password_link(*, user, branch, actor):
    """The (uidb64, token) of a one-time link with which the person chooses their password."""
    _require_active(user)
    summary = _("Made a one-time sign-in link for %(name)s.") % {"name": user}
    _record(branch=branch, actor=actor, user=user, kind="password_link", summary=summary)
    return urlsafe_base64_encode(force_bytes(user.pk)), password_link_tokens.make_token(user)


@transaction.atomic
def user_password_change(*, user, password):
    """A person sets their own password (after a first password, or through a link)."""
    _set_password(user, password, must_change=False, field="new_password2")
    summary = _("%(name)s chose a new password.") % {"name": user}
    _record(branch=None, actor=user, user=user, kind="password_change", summary=summary)
    return user


# --- the branch's settings ------------------------------------------------------------------

MARGIN_FIELDS = ("margin_top_mm", "margin_bottom_mm", "margin_left_mm", "margin_right_mm")
BRANCH_FIELDS = (
    "name",
    "school",
    "place_name",
    "department",
    "document_code",
    "youth_union_superior",
    "term_starts_on",
    "term_ends_on",
    "has_own_seal",
    *MARGIN_FIELDS,
    "session_idle_minutes",
    "retention_months",
)
COMMITTEE_FIELDS = ("committee_name", "committee_decides", "decider_name")
SETTINGS_FIELDS = (*BRANCH_FIELDS, *COMMITTEE_FIELDS)
# Labels of the settings page, its history and the set-up; the others are the model's.
LABELS = {
    "name": gettext_lazy("Branch name as printed"),
    "committee_name": gettext_lazy("Superior committee (name as printed)"),
    "committee_decides": gettext_lazy("The superior committee decides admissions"),
    "decider_name": gettext_lazy("Committee that decides admissions"),
}


def label(name):
    """The label of a setting, as the pages show it."""
    if name in LABELS:
        return LABELS[name]
    return capfirst(Branch._meta.get_field(name).verbose_name)


def shown(value):
    """A value as the pages and the history show it: dates dd/mm/yyyy, yes or no."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def settings_of(branch) -> dict:
    """The values the settings page edits, from the branch and its committees."""
    committee = branch.committee
    decider = committee.decider
    return {
        **{name: getattr(branch, name) for name in BRANCH_FIELDS},
        "committee_name": committee.name,
        "committee_decides": committee.decides_admissions,
        "decider_name": "" if decider == committee else decider.name,
    }


def _settings_errors(data):
    required = ("name", "school", "place_name", "document_code", "committee_name")
    errors = _required(data, required)
    starts, ends = data.get("term_starts_on"), data.get("term_ends_on")
    if starts and ends and ends <= starts:
        errors["term_ends_on"] = _("The term ends after it starts.")
    for name in MARGIN_FIELDS:
        if not isinstance(data.get(name), int) or not MARGINS_MM[0] <= data[name] <= MARGINS_MM[1]:
            errors[name] = _("A margin is from %(low)s to %(high)s mm.") % {
                "low": MARGINS_MM[0],
                "high": MARGINS_MM[1],
            }
    for name in ("session_idle_minutes", "retention_months"):
        try:  # the model's bounds, the same that the form shows
            Branch._meta.get_field(name).clean(data.get(name), None)
        except ValidationError as error:
            errors[name] = error.messages
    if not data.get("committee_decides") and not data.get("decider_name"):
        errors["decider_name"] = _(
            "Name the committee that decides admissions, since the superior committee does not."
        )
    return errors


def _set_committee(branch, name, decides, decider_name):
    """Point the branch at a committee with these values. One that serves only this branch is
    changed in place; one shared with other branches is left as it is for them."""
    committee = branch.committee
    parent = committee.parent
    if not decides:
        decider = committee.decider
        if decider == committee or not _same_name(decider.name, decider_name):
            parent = _committee_named(decider_name)
    unchanged = (committee.name, committee.decides_admissions, committee.parent) == (
        name,
        decides,
        parent,
    )
    if unchanged:
        return
    if committee.branches.exclude(pk=branch.pk).exists():
        committee = Committee(parent=parent)
    committee.name, committee.decides_admissions, committee.parent = name, decides, parent
    committee.save()
    branch.committee = committee


@transaction.atomic
def branch_settings_update(*, branch, actor, data, version):
    """Save the branch's names as printed, its place, term, seal and superior committees."""
    unknown = set(data) - set(SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"not settings of a branch: {sorted(unknown)}")
    data = {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}
    _raise(_settings_errors(data))
    branch = _lock(branch)
    bump_version(branch, version)
    before = settings_of(branch)
    for name in BRANCH_FIELDS:
        setattr(branch, name, data[name])
    decides = bool(data["committee_decides"])
    _set_committee(branch, data["committee_name"], decides, data.get("decider_name", ""))
    branch.save()
    after = settings_of(branch)
    changes = {
        str(label(name)): [shown(before[name]), shown(after[name])]
        for name in SETTINGS_FIELDS
        if shown(before[name]) != shown(after[name])
    }
    if changes:
        summary = _("Changed the branch's settings.")
        _record(
            branch=branch, actor=actor, kind="branch_settings", summary=summary, changes=changes
        )
    return branch
