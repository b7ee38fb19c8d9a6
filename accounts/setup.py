"""A new installation: what the set-up asks (one list for the page and `manage.py setup_school`),
whether it is still needed, and the one-time code that guards the page."""

import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Branch, SetupCode
from .services import label

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Question:
    name: str  # the keyword of services.school_setup, and the form's field
    option: str  # the flag of setup_school
    label: str
    example: str
    required: bool = True


QUESTIONS = (
    Question("branch_name", "--branch", label("name"), "CHI BỘ TRƯỜNG THPT …"),
    Question("school", "--school", label("school"), "Trường THPT …"),
    Question("committee_name", "--committee", label("committee_name"), "ĐẢNG BỘ PHƯỜNG …"),
    Question("place_name", "--place", label("place_name"), "An Hải"),
    Question(
        "department",
        "--department",
        label("department"),
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO …",
        required=False,
    ),
    Question(
        "secretary_full_name",
        "--secretary-name",
        gettext_lazy("Secretary's full name"),
        "Cao Thị Hoài Hương",
        required=False,
    ),
    Question("secretary_username", "--secretary", gettext_lazy("Secretary's username"), "bithu"),
)

# Once a branch exists it always will (branches are never deleted): remember it, so that the
# login page stops asking the database.
_installed = False


def setup_needed() -> bool:
    """True while the database has no branch at all: the first page is then the set-up page."""
    global _installed
    if not _installed:
        _installed = Branch.objects.exists()
    return not _installed


# Letters and digits that cannot be mistaken for one another when copied from a terminal.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_code() -> str:
    letters = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return "-".join(letters[i : i + 4] for i in range(0, 12, 4))


def announce_code() -> None:
    """Make the set-up code if there is none yet (the same for every server process, since it
    is in the database) and print it in the server's terminal."""
    with transaction.atomic():
        stored = SetupCode.objects.select_for_update().first()
        if stored is None:
            stored = SetupCode.objects.create(code=_new_code())
    logger.warning(
        _("PTĐV set-up code: %(code)s — type it on the set-up page to create the branch."),
        {"code": stored.code},
    )


def _plain(code) -> str:
    return "".join(code.split()).replace("-", "").upper()


def code_matches(typed) -> bool:
    stored = SetupCode.objects.first()
    return stored is not None and secrets.compare_digest(_plain(typed), _plain(stored.code))
