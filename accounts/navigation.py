"""The main navigation: each entry names the roles that may use it (None: every member)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Membership

Role = Membership.Role
MANAGERS = tuple(Membership.MANAGERS)
FINDERS = tuple(Membership.NOMINATORS)  # those who find and follow students


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: tuple | None = None
    group: str | None = None  # entries of one group show as one dropdown menu


PIPELINE = _("Branch work")
RECORDS = _("Records")


NAV = (
    NavItem(_("Overview"), "home", "house"),
    NavItem(_("Candidates"), "candidates:list", "people", FINDERS),
    NavItem(_("To handle"), "candidates:pending", "inbox", MANAGERS),
    NavItem(_("My mentees"), "candidates:mentees", "person-hearts", (Role.PARTY_MEMBER,)),
    NavItem(_("Students"), "candidates:student_list", "mortarboard", FINDERS),
    NavItem(_("Party awareness courses"), "candidates:course_list", "award", MANAGERS, PIPELINE),
    NavItem(_("Branch meetings"), "candidates:meeting_list", "clipboard-check", MANAGERS, PIPELINE),
    NavItem(_("Annual plan"), "plans:current", "journal-text", MANAGERS, PIPELINE),
    NavItem(_("Reports"), "reports:index", "file-earmark-text", MANAGERS),
    NavItem(_("Classes"), "candidates:class_list", "grid-3x3-gap", MANAGERS, RECORDS),
    NavItem(_("Party members"), "candidates:member_list", "person-badge", MANAGERS, RECORDS),
    NavItem(
        _("Import roster"), "candidates:roster_import", "file-earmark-arrow-up", MANAGERS, RECORDS
    ),
    NavItem(_("Rule settings"), "candidates:rule_settings", "sliders", MANAGERS, RECORDS),
    NavItem(
        _("Close a school year"),
        "candidates:school_year_close",
        "calendar-check",
        MANAGERS,
        RECORDS,
    ),
    NavItem(_("Data retention"), "candidates:retention", "hourglass-split", MANAGERS, RECORDS),
    NavItem(_("Users and roles"), "user_list", "person-gear", MANAGERS, RECORDS),
    NavItem(_("Branch information"), "branch_settings", "building", MANAGERS, RECORDS),
    NavItem(_("Paper templates"), "reports:wording", "file-earmark-font", MANAGERS, RECORDS),
    NavItem(_("Access log"), "access_log", "shield-lock", (Role.SECRETARY,), RECORDS),
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
            items.append(
                {
                    "label": item.label,
                    "url": url,
                    "icon": item.icon,
                    "active": active,
                    "group": item.group,
                }
            )
    # A page under two entries (/reports/wording/ under /reports/) belongs to the closer one.
    closest = max((len(i["url"]) for i in items if i["active"]), default=0)
    for item in items:
        item["active"] = item["active"] and len(item["url"]) == closest
    return items


def menu(items):
    """The entries as the navbar shows them: links, and groups as {label, active, children}."""
    shown = []
    for item in items:
        if item["group"] is None:
            shown.append(item)
        elif (
            shown and shown[-1].get("children") is not None and shown[-1]["label"] == item["group"]
        ):
            shown[-1]["children"].append(item)
            shown[-1]["active"] |= item["active"]
        else:
            shown.append({"label": item["group"], "children": [item], "active": item["active"]})
    return shown
