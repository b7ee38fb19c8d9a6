"""The main navigation: each entry names the roles that may use it (None: every member)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Membership

Role = Membership.Role
MANAGERS = tuple(Membership.MANAGERS)
FINDERS = (*MANAGERS, Role.YOUTH_UNION, Role.HOMEROOM)  # those who find and follow students


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: tuple | None = None


NAV = (
    NavItem(_("Overview"), "home", "house"),
    NavItem(_("Candidates"), "candidates:list", "people", FINDERS),
    NavItem(_("To handle"), "candidates:pending", "inbox", MANAGERS),
    NavItem(_("Students"), "candidates:student_list", "mortarboard", FINDERS),
    NavItem(_("Classes"), "candidates:class_list", "grid-3x3-gap", MANAGERS),
    NavItem(_("Party members"), "candidates:member_list", "person-badge", MANAGERS),
    NavItem(_("Import roster"), "candidates:roster_import", "file-earmark-arrow-up", MANAGERS),
    NavItem(_("Annual plan"), "plans:current", "journal-text", MANAGERS),
)


def nav_for(scope, path=""):
    """The entries a scope may see, each with its URL and whether it is the current page."""
    if scope.branch is None:
        return []
    items = []
    for item in NAV:
        if item.roles is None or scope.has(*item.roles):
            url = reverse(item.url_name)
            active = path == url if url == "/" else path.startswith(url)
            items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return items
