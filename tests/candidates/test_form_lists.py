"""Issue 12 §4: the dossier's list of forms is data with a version and a date from which it
applies; the secretary adds a version when forms are reissued; each dossier keeps its own."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from candidates import dossier, services
from candidates.models import Candidate, DossierForm, DossierFormList, Event
from candidates.models import Decision as Decision_
from tests.factories import StudentFactory

from .pipeline import (
    ACCEPTED_ON,
    NOMINATED_ON,
    accepted,
    detail,
    dossier_rows,
    post_step,
    refresh,
)


def codes(forms):
    return [form.code for form in forms]


def test_the_built_in_list_holds_every_form_of_the_dossier(db):
    built_in = DossierFormList.objects.get(branch=None)
    assert built_in.version == dossier.SEED_VERSION
    expected = {"CN-NTVĐ", "3A-KNĐ", "5B-KNĐ", "5C-KNĐ", "20-KNĐ"}
    expected |= {f"{n}-KNĐ" for n in range(1, 17)}
    assert set(codes(built_in.forms.all())) == expected
    assert codes(built_in.forms.filter(must_be_fresh=True)) == ["3-KNĐ", "3A-KNĐ", "4-KNĐ", "5-KNĐ"]


def test_who_needs_which_form(branch, class_12a1, secretary, in_between):
    member = accepted(StudentFactory(school_class=class_12a1), secretary)
    other = services.candidate_nominate(
        student=StudentFactory(school_class=class_12a1, youth_union_joined_on=None),
        author=secretary,
        kind="committee",
        force_reason="Đã vào Đoàn, chờ sổ",
    )
    before = dossier.required_before_vote(member)
    assert {"3-KNĐ", "4-KNĐ"} <= set(before) and "3A-KNĐ" not in before
    assert "3A-KNĐ" in dossier.required_before_vote(other)
    assert "4-KNĐ" not in dossier.required_before_vote(other)
    form_list = dossier.form_list_of(member)
    assert {"7-KNĐ", "8-KNĐ", "14-KNĐ", "15-KNĐ"} <= set(
        codes(dossier.forms_for(form_list, member))
    )
    branch.committee = branch.committee.decider
    branch.save()
    member = refresh(member)
    assert not {"7-KNĐ", "8-KNĐ"} & set(codes(dossier.forms_for(form_list, member)))


def test_two_introductions_file_3a_for_a_candidate_who_is_not_a_youth_union_member(
    secretary, class_12a1, roster
):
    student = StudentFactory(school_class=class_12a1, youth_union_joined_on=None)
    candidate = services.candidate_nominate(
        student=student,
        author=secretary,
        kind="committee",
        force_reason="Đã vào Đoàn",
        on=NOMINATED_ON,
    )
    candidate = services.candidate_accept(
        candidate=candidate, actor=secretary, version=1, on=ACCEPTED_ON
    )
    for i, on in enumerate((date(2026, 2, 2), date(2026, 2, 9))):
        candidate = refresh(candidate)
        services.candidate_introduce(
            candidate=candidate,
            actor=secretary,
            version=candidate.version,
            member=roster.get(full_name=f"Đảng Viên Số {i}"),
            introduced_on=on,
            is_replacement=True,
        )
    assert refresh(candidate).dossier.get(code="3A-KNĐ").dated_on == date(2026, 2, 9)


# --- a new version; each dossier keeps the one it started with -----------------------------


@pytest.fixture
def reissued(branch, secretary):
    """The secretary adds a version from 01/09/2026 with a new form needed before the vote."""
    form_list = services.form_list_create(
        branch=branch,
        actor=secretary,
        version="HD38-BTCTW-2025",
        applies_from=date(2026, 9, 1),
        source="Hướng dẫn 38-HD/BTCTW",
    )
    services.form_list_add_form(
        form_list=form_list,
        actor=secretary,
        code="2A-KNĐ",
        title="Bản cam kết",
        needed="before_vote",
    )
    return form_list


def test_a_new_version_starts_as_a_copy_of_the_list_in_force(reissued):
    built_in = DossierFormList.objects.get(branch=None)
    assert codes(reissued.forms.all()) == [*codes(built_in.forms.all()), "2A-KNĐ"]


@pytest.mark.parametrize(
    ("nominated_on", "version"),
    [
        (date(2026, 8, 31), dossier.SEED_VERSION),
        (date(2026, 9, 1), "HD38-BTCTW-2025"),
        (date(2026, 9, 2), "HD38-BTCTW-2025"),
    ],
)
def test_a_candidate_follows_the_version_in_force_when_nominated(
    secretary, class_12a1, reissued, nominated_on, version
):
    student = StudentFactory(school_class=class_12a1)
    candidate = services.candidate_nominate(
        student=student, author=secretary, kind="committee", on=nominated_on
    )
    assert candidate.form_list.version == version
    needs_it = "2A-KNĐ" in dossier.required_before_vote(candidate)
    assert needs_it is (version != dossier.SEED_VERSION)


def test_a_dossier_keeps_its_version_when_a_new_one_comes(login, secretary, ready, reissued):
    # `ready` opened before 01/09/2026 (under the built-in list): the new form is not its.
    assert ready.form_list.version == dossier.SEED_VERSION
    assert "2A-KNĐ" not in dossier.required_before_vote(refresh(ready))
    rows = dossier_rows(login(secretary).get(detail(ready)).context)
    assert "2A-KNĐ" not in [row["code"] for row in rows]
    with pytest.raises(services.DomainError):
        services.dossier_item_set(
            candidate=ready,
            actor=secretary,
            version=ready.version,
            code="2A-KNĐ",
            status="received",
            dated_on=date(2026, 2, 10),
        )
    assert refresh(ready).dossier.get(code="1-KNĐ").form_version == dossier.SEED_VERSION


def test_a_version_followed_by_candidates_no_longer_changes(secretary, class_12a1, reissued):
    services.candidate_nominate(
        student=StudentFactory(school_class=class_12a1),
        author=secretary,
        kind="committee",
        on=date(2026, 9, 2),
    )
    with pytest.raises(services.DomainError, match="phiên bản mới"):
        services.form_list_add_form(
            form_list=reissued, actor=secretary, code="X", title="X", needed="admission"
        )
    with pytest.raises(services.DomainError, match="phiên bản mới"):
        services.form_list_remove_form(form=reissued.forms.get(code="2A-KNĐ"), actor=secretary)
    built_in = DossierFormList.objects.get(branch=None)
    with pytest.raises(services.DomainError, match="có sẵn"):
        services.form_list_remove_form(form=built_in.forms.first(), actor=secretary)


def test_the_secretary_adds_a_version_and_its_forms_through_the_pages(login, secretary, branch):
    client = login(secretary)
    page = client.get(reverse("candidates:form_lists"))
    assert dossier.SEED_VERSION in page.content.decode()
    data = {"version": "HD38-BTCTW-2025", "applies_from": "2026-09-01", "source": "HD 38"}
    response = client.post(reverse("candidates:form_lists"), data)
    form_list = DossierFormList.objects.get(branch=branch)
    assert response.url == reverse("candidates:form_list_detail", args=[form_list.pk])
    again = client.post(reverse("candidates:form_lists"), data)
    assert again.status_code == 400 and "Đã có phiên bản" in again.content.decode()
    url = reverse("candidates:form_list_detail", args=[form_list.pk])
    added = {"code": "2A-KNĐ", "title": "Bản cam kết", "needed": "before_vote", "only_for": ""}
    assert client.post(url, added).status_code == 302
    duplicate = client.post(url, added)
    assert duplicate.status_code == 400 and "Bản cam kết" in duplicate.content.decode()
    form = form_list.forms.get(code="2A-KNĐ")
    remove = reverse("candidates:form_list_remove_form", args=[form_list.pk, form.pk])
    assert client.post(remove).status_code == 302
    assert not form_list.forms.filter(code="2A-KNĐ").exists()
    assert Event.objects.filter(branch=branch, kind="form_list").count() == 3


def test_the_built_in_list_shows_without_the_editing_forms(login, secretary):
    built_in = DossierFormList.objects.get(branch=None)
    page = login(secretary).get(reverse("candidates:form_list_detail", args=[built_in.pk]))
    html = page.content.decode()
    assert 'data-testid="frozen"' in html and "Thêm mẫu" not in html
    assert html.count('data-testid="dossier-form"') == built_in.forms.count()


def test_another_branchs_version_is_not_found(login, outsider, branch, secretary):
    form_list = services.form_list_create(
        branch=branch, actor=secretary, version="Riêng", applies_from=date(2026, 9, 1)
    )
    url = reverse("candidates:form_list_detail", args=[form_list.pk])
    assert login(outsider).get(url).status_code == 404


# --- the probation and recognition papers: their own checklist -------------------------------


def checklists(client, candidate):
    return client.get(detail(candidate)).context["checklists"]["lists"]


def test_the_probation_checklist_comes_after_the_ceremony(
    login, secretary, decided, probation, after_probation
):
    client = login(secretary)
    [admission, probation_list] = checklists(client, probation)
    assert [row["code"] for row in probation_list["rows"]] == [
        "10-KNĐ",
        "11-KNĐ",
        "12-KNĐ",
        "13-KNĐ",
        "16-KNĐ",
    ]
    assert "10-KNĐ" not in [row["code"] for row in admission["rows"]]
    assert "9-KNĐ" in [row["code"] for row in admission["rows"]]
    html = client.get(detail(probation)).content.decode()
    assert 'data-testid="probation-checklist"' in html
    response = post_step(
        client, "step_dossier", probation, code="10-KNĐ", status="received", dated_on="2027-05-01"
    )
    assert response.status_code == 302
    assert refresh(probation).dossier.get(code="10-KNĐ").dated_on == date(2027, 5, 1)


def test_no_probation_checklist_before_the_ceremony(login, secretary, ready):
    assert len(checklists(login(secretary), ready)) == 1


# --- the data migration ----------------------------------------------------------------------


def _decision_as_typed(apps, branch, n, issuer):
    """A candidacy with a decision whose issuer was typed, in the models before 0005."""
    school_class, _new = apps.get_model("candidates", "SchoolClass").objects.get_or_create(
        branch_id=branch.pk, name="12A9", school_year="2025-2026", grade=12
    )
    student = apps.get_model("candidates", "Student").objects.create(
        branch_id=branch.pk,
        school_class=school_class,
        student_code=str(n),
        full_name=f"Học Sinh {n}",
        date_of_birth=date(2008, 3, 14),
        gender="M",
        sort_name=str(n),
        search_name=str(n),
    )
    candidate = apps.get_model("candidates", "Candidate").objects.create(
        branch_id=branch.pk, student=student, opened_on=date(2025, 10, 1)
    )
    apps.get_model("candidates", "Decision").objects.create(
        candidate=candidate,
        number=str(n),
        issued_on=date(2026, 4, 10),
        received_on=date(2026, 4, 13),
        issuer=issuer,
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_seeds_the_list_and_makes_typed_issuers_committees(branch):
    before = [("candidates", "0005_papers_fields_and_form_lists")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    DossierFormList.objects.all().delete()  # as before the migration
    _decision_as_typed(apps, branch, 1, branch.committee.name.lower())
    _decision_as_typed(apps, branch, 2, "Đảng ủy  Khối Giáo dục")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    seeded = DossierFormList.objects.get(branch=None)
    assert set(Candidate.objects.values_list("form_list", flat=True)) == {seeded.pk}
    assert DossierForm.objects.filter(form_list=seeded).count() == len(dossier.SEED)
    decisions = {d.number: d.issuer for d in Decision_.objects.select_related("issuer")}
    assert decisions["1"] == branch.committee
    assert decisions["2"].name == "Đảng ủy Khối Giáo dục"
