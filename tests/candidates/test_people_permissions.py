"""Who may open the class, student and Party member pages: one row per URL and target.

Targets: `own` is class 12A1 (teacher_12a1's) or something in it, `other_class` is 12A2, and
`other_branch` belongs to Lê Lợi, whose secretary is `outsider`. Outside one's branch or class
scope: 404; inside it without the right: 403.
"""

import pytest
from django.urls import reverse

from candidates import urls
from candidates.models import PartyMember, SchoolClass, Student

from ..factories import PartyMemberFactory, SchoolClassFactory, StudentFactory

S, Y, T, P, X = "secretary", "youth_officer", "teacher_12a1", "party_member", "outsider"

TABLE = {
    ("class_list", None): {S: 200, Y: 403, T: 403, P: 403, X: 200},
    ("class_create", None): {S: 200, Y: 403, T: 403, P: 403, X: 200},
    ("class_detail", "own"): {S: 200, Y: 403, T: 200, P: 403, X: 404},
    ("class_detail", "other_class"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("class_detail", "other_branch"): {S: 404, Y: 404, T: 404, P: 404, X: 200},
    ("class_edit", "own"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("class_edit", "other_class"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("class_edit", "other_branch"): {S: 404, Y: 403, T: 403, P: 403, X: 200},
    ("student_list", None): {S: 200, Y: 200, T: 200, P: 403, X: 200},
    ("student_create", None): {S: 200, Y: 403, T: 403, P: 403, X: 200},
    ("student_detail", "own"): {S: 200, Y: 200, T: 200, P: 403, X: 404},
    ("student_detail", "other_class"): {S: 200, Y: 200, T: 404, P: 403, X: 404},
    ("student_detail", "other_branch"): {S: 404, Y: 404, T: 404, P: 403, X: 200},
    ("student_edit", "own"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("student_edit", "other_class"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("student_edit", "other_branch"): {S: 404, Y: 403, T: 403, P: 403, X: 200},
    ("student_export", "own"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("student_export", "other_class"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("student_export", "other_branch"): {S: 404, Y: 403, T: 403, P: 403, X: 200},
    ("student_consent", "own"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("student_consent", "other_class"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("student_consent", "other_branch"): {S: 404, Y: 403, T: 403, P: 403, X: 200},
    # Posted only: a GET is refused (405) once the role is right, before the student is loaded.
    ("student_consent_withdraw", "own"): {S: 405, Y: 403, T: 403, P: 403, X: 405},
    ("student_consent_withdraw", "other_branch"): {S: 405, Y: 403, T: 403, P: 403, X: 405},
    ("member_list", None): {S: 200, Y: 403, T: 403, P: 403, X: 200},
    ("member_create", None): {S: 200, Y: 403, T: 403, P: 403, X: 200},
    ("member_edit", "own"): {S: 200, Y: 403, T: 403, P: 403, X: 404},
    ("member_edit", "other_branch"): {S: 404, Y: 403, T: 403, P: 403, X: 200},
}
CASES = [
    (name, target, who, status)
    for (name, target), expected in TABLE.items()
    for who, status in expected.items()
]


@pytest.fixture
def targets(branch, other_branch, class_12a1, class_12a2):
    """The object of each target for each kind of page."""
    other_class = SchoolClassFactory(branch=other_branch, name="12A1")
    return {
        SchoolClass: {"own": class_12a1, "other_class": class_12a2, "other_branch": other_class},
        Student: {
            "own": StudentFactory(school_class=class_12a1),
            "other_class": StudentFactory(school_class=class_12a2),
            "other_branch": StudentFactory(school_class=other_class),
        },
        PartyMember: {
            "own": PartyMemberFactory(branch=branch),
            "other_branch": PartyMemberFactory(branch=other_branch),
        },
    }


def url_for(name, target, targets):
    if target is None:
        return reverse(f"candidates:{name}")
    model = {"class": SchoolClass, "student": Student, "member": PartyMember}[name.split("_")[0]]
    return reverse(f"candidates:{name}", args=[targets[model][target].pk])


@pytest.mark.parametrize(("name", "target", "who", "status"), CASES)
def test_each_role_gets_the_expected_status(login, cast, targets, name, target, who, status):
    response = login(cast[who]).get(url_for(name, target, targets))
    assert response.status_code == status


@pytest.mark.parametrize(("name", "target"), sorted(TABLE, key=str))
def test_anonymous_visitors_are_sent_to_sign_in(client, targets, name, target):
    response = client.get(url_for(name, target, targets))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_people_url_is_in_the_table():
    people = [p for p in urls.urlpatterns if p.callback.__module__ == "candidates.views.people"]
    assert {p.name for p in people} == {name for name, _ in TABLE}


@pytest.mark.parametrize("who", [Y, T, P])
def test_only_the_committee_may_post_the_forms(login, cast, targets, who):
    client = login(cast[who])
    student = targets[Student]["own"]
    data = {"full_name": "Trần Văn Lạ", "student_code": "9999", "name": "12A9"}
    for url in (
        reverse("candidates:student_create"),
        reverse("candidates:student_edit", args=[student.pk]),
        reverse("candidates:class_create"),
        reverse("candidates:member_create"),
        reverse("candidates:student_consent", args=[student.pk]),
        reverse("candidates:student_consent_withdraw", args=[student.pk]),
    ):
        assert client.post(url, data).status_code == 403
    assert not Student.objects.filter(student_code="9999").exists()
    assert not SchoolClass.objects.filter(name="12A9").exists()
    assert not PartyMember.objects.filter(full_name="Trần Văn Lạ").exists()
