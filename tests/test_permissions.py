"""Who may open what: every URL of PTĐV × every member of the cast → the expected status.

Objects belong to branch Quang Trung and class 12A1: `teacher_12a1` is in scope, `teacher_12a2`
is in another class, `outsider` is the secretary of another branch. A URL that is not in the
table fails `test_every_url_is_in_the_table`.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import (
    AnnualPlanFactory,
    CandidateFactory,
    PartyMemberFactory,
    StudentFactory,
)

WHO = ["secretary", "youth_officer", "teacher_12a1", "teacher_12a2", "party_member", "outsider"]
WHO_ANON = [*WHO, "anonymous"]


def row(sec, youth, t1, t2, member, outsider, anon=302):
    return dict(zip(WHO_ANON, [sec, youth, t1, t2, member, outsider, anon], strict=True))


EVERYONE = row(200, 200, 200, 200, 200, 200)
MANAGERS_ONLY = row(200, 403, 403, 403, 403, 200)
# name, method, arguments (names of objects below), POST data, expected
TABLE = [
    ("home", "get", [], None, EVERYONE),
    ("healthz", "get", [], None, row(200, 200, 200, 200, 200, 200, 200)),
    ("login", "get", [], None, row(302, 302, 302, 302, 302, 302, 200)),
    ("logout", "post", [], {}, row(302, 302, 302, 302, 302, 302, 302)),
    ("password_change", "get", [], None, EVERYONE),
    ("password_change_done", "get", [], None, EVERYONE),
    ("switch_branch", "post", [], {"branch": "0"}, row(302, 302, 302, 302, 302, 302)),
    ("plans:current", "get", [], None, MANAGERS_ONLY),
    ("plans:detail", "get", ["plan_year"], None, row(200, 403, 403, 403, 403, 404)),
    ("candidates:list", "get", [], None, EVERYONE),
    ("candidates:export", "get", [], None, EVERYONE),
    ("candidates:pending", "get", [], None, MANAGERS_ONLY),
    ("candidates:detail", "get", ["candidate"], None, row(200, 200, 200, 404, 404, 404)),
    ("candidates:accept", "post", ["candidate"], {"version": 1}, row(302, 403, 403, 403, 403, 404)),
    (
        "candidates:decline",
        "post",
        ["candidate"],
        {"version": 1, "reason": "Chưa đủ tiêu chuẩn."},
        row(302, 403, 403, 403, 403, 404),
    ),
    (
        "candidates:plan_vote",
        "post",
        ["candidate"],
        {"version": 1, "planned_vote_on": "2026-05-20"},
        row(302, 403, 403, 403, 403, 404),
    ),
    ("candidates:nominate", "get", ["student"], None, row(200, 200, 200, 404, 404, 404)),
    ("candidates:class_list", "get", [], None, MANAGERS_ONLY),
    ("candidates:class_create", "get", [], None, MANAGERS_ONLY),
    ("candidates:class_detail", "get", ["class"], None, row(200, 403, 200, 403, 403, 404)),
    ("candidates:class_edit", "get", ["class"], None, row(200, 403, 403, 403, 403, 404)),
    ("candidates:student_list", "get", [], None, row(200, 200, 200, 200, 403, 200)),
    ("candidates:student_create", "get", [], None, MANAGERS_ONLY),
    ("candidates:student_detail", "get", ["student"], None, row(200, 200, 200, 404, 403, 404)),
    ("candidates:student_edit", "get", ["student"], None, row(200, 403, 403, 403, 403, 404)),
    ("candidates:member_list", "get", [], None, MANAGERS_ONLY),
    ("candidates:member_create", "get", [], None, MANAGERS_ONLY),
    ("candidates:member_edit", "get", ["member"], None, row(200, 403, 403, 403, 403, 404)),
    ("candidates:roster_import", "get", [], None, MANAGERS_ONLY),
    # Nothing uploaded yet: the committee is sent back to the upload page.
    ("candidates:roster_preview", "get", [], None, row(302, 403, 403, 403, 403, 302)),
    (
        "candidates:roster_confirm",
        "post",
        [],
        {"fingerprint": ""},
        row(302, 403, 403, 403, 403, 302),
    ),
    ("candidates:roster_problems", "get", [], None, row(302, 403, 403, 403, 403, 302)),
]
# Pages of Django's own admin are guarded by Django (staff only) and not listed here.
NOT_OURS = ("admin:",)


@pytest.fixture
def objects(branch, class_12a1):
    student = StudentFactory(school_class=class_12a1, full_name="Nguyễn Văn An")
    return {
        "candidate": CandidateFactory(student=StudentFactory(school_class=class_12a1)).pk,
        "student": student.pk,
        "plan_year": AnnualPlanFactory(branch=branch, year=2026).year,
        "class": class_12a1.pk,
        "member": PartyMemberFactory(branch=branch).pk,
    }


def _names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_is_in_the_table():
    listed = {name for name, *_ in TABLE}
    ours = {name for name in _names(get_resolver()) if not name.startswith(NOT_OURS)}
    assert ours - listed == set(), "add these URLs to the permission table"


@pytest.mark.parametrize("who", WHO_ANON)
@pytest.mark.parametrize(
    ("name", "method", "args", "data", "expected"), TABLE, ids=[t[0] for t in TABLE]
)
def test_permission_table(client, cast, objects, who, name, method, args, data, expected):
    if who != "anonymous":
        client.force_login(cast[who], backend="django.contrib.auth.backends.ModelBackend")
    url = reverse(name, args=[objects[a] for a in args])
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected[who], f"{who} {method.upper()} {url}"
