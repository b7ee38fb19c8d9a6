"""The fixed cast every test uses, so permission tests read like sentences.

Branch "Quang Trung": `secretary`, `committee_member` (chi ủy viên), `youth_officer` (Đoàn),
`teacher_12a1` and `teacher_12a2` (homeroom teachers), `party_member` (a mentor). Branch "Lê Lợi":
`outsider`, its secretary.
"""

import shutil

import pytest

from accounts.models import Membership

from .factories import (
    PASSWORD,
    BranchFactory,
    MembershipFactory,
    PartyMemberFactory,
    SchoolClassFactory,
    UserFactory,
)

Role = Membership.Role


@pytest.fixture
def branch(db):
    return BranchFactory(name="CHI BỘ TRƯỜNG THPT QUANG TRUNG", school="Trường THPT Quang Trung")


@pytest.fixture
def other_branch(db):
    return BranchFactory(name="CHI BỘ TRƯỜNG THPT LÊ LỢI", school="Trường THPT Lê Lợi")


def _member(branch, username, full_name, *roles):
    user = UserFactory(username=username, full_name=full_name)
    for role in roles:
        MembershipFactory(user=user, branch=branch, role=role)
    return user


@pytest.fixture
def secretary(branch):
    user = _member(branch, "secretary", "Cao Thị Hoài Hương", Role.SECRETARY, Role.PARTY_MEMBER)
    PartyMemberFactory(branch=branch, user=user, full_name=user.full_name)
    return user


@pytest.fixture
def committee_member(branch):
    return _member(branch, "committee", "Trần Văn Phúc", Role.COMMITTEE)


@pytest.fixture
def youth_officer(branch):
    return _member(branch, "youth", "Lê Thị Thu Trang", Role.YOUTH_UNION)


@pytest.fixture
def class_12a1(branch):
    return SchoolClassFactory(branch=branch, name="12A1")


@pytest.fixture
def class_12a2(branch):
    return SchoolClassFactory(branch=branch, name="12A2")


@pytest.fixture
def teacher_12a1(branch, class_12a1):
    user = _member(branch, "teacher1", "Nguyễn Thị Minh Tâm", Role.HOMEROOM)
    class_12a1.homeroom_teacher = user
    class_12a1.save()
    return user


@pytest.fixture
def teacher_12a2(branch, class_12a2):
    user = _member(branch, "teacher2", "Phạm Quốc Bảo", Role.HOMEROOM)
    class_12a2.homeroom_teacher = user
    class_12a2.save()
    return user


@pytest.fixture
def party_member(branch):
    user = _member(branch, "member", "Võ Đình Khoa", Role.PARTY_MEMBER)
    PartyMemberFactory(branch=branch, user=user, full_name=user.full_name)
    return user


@pytest.fixture
def outsider(other_branch):
    return _member(other_branch, "outsider", "Đỗ Văn Ngoài", Role.SECRETARY)


@pytest.fixture
def cast(
    secretary, committee_member, youth_officer, teacher_12a1, teacher_12a2, party_member, outsider
):
    """Every member of the cast by name, for tables of roles."""
    return {
        "secretary": secretary,
        "committee_member": committee_member,
        "youth_officer": youth_officer,
        "teacher_12a1": teacher_12a1,
        "teacher_12a2": teacher_12a2,
        "party_member": party_member,
        "outsider": outsider,
    }


@pytest.fixture
def login(client):
    """Sign a user in on the test client and return the client."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture
def password():
    return PASSWORD


# The system commands some tests run, and the Debian package of each (`make test` installs them).
SYSTEM_PACKAGES = {
    "chromium": "chromium",
    "msgfmt": "gettext",
    "xgettext": "gettext",
    "pdftotext": "poppler-utils",
    "pdffonts": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "make": "make",
}


def system_tool(command, fallback=None):
    """The path of a system command a test needs; if missing, a failure that names its package."""
    path = shutil.which(command) or fallback
    if path is None or shutil.which(path) is None:
        package = SYSTEM_PACKAGES[command]
        pytest.fail(
            f"`{command}` is missing: install the Debian package {package} "
            f"(`make test` does it, or `sudo apt-get install {package}`)."
        )
    return path
