import unicodedata
from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from candidates import services
from candidates.models import Candidate, Event, Nomination, RuleConfig
from tests.candidates.pipeline import warnings_of
from tests.factories import (
    CandidateFactory,
    ConsentFactory,
    SchoolClassFactory,
    StudentFactory,
)

NOMINATION = {"achievements": "Giải nhì HSG thành phố môn Văn", "reason": "Gương mẫu."}


@pytest.fixture
def an(class_12a1):
    """A student with sensitive data, shown under the consent recorded for them."""
    student = StudentFactory(
        school_class=class_12a1,
        full_name="Nguyễn Văn An",
        ethnicity="Cơ Tu",
        religion="Tin Lành",
        national_id="048208001234",
        date_of_birth=date(2008, 3, 14),
    )
    ConsentFactory(student=student)
    return student


def nominate(client, student, **data):
    return client.post(reverse("candidates:nominate", args=[student.pk]), {**NOMINATION, **data})


# --- nominations ------------------------------------------------------------------------


def test_youth_officer_nominates_and_the_nomination_waits_for_the_committee(
    login, youth_officer, secretary, an
):
    response = nominate(login(youth_officer), an)
    candidate = Candidate.objects.get(student=an)
    assert response.status_code == 302
    assert response.url == reverse("candidates:detail", args=[candidate.pk])
    assert candidate.stage == Candidate.Stage.NOMINATED
    nomination = candidate.nominations.get()
    assert (nomination.kind, nomination.author, nomination.status) == (
        Nomination.Kind.YOUTH_UNION,
        youth_officer,
        Nomination.Status.PENDING,
    )
    pending = login(secretary).get(reverse("candidates:pending"))
    assert "Nguyễn Văn An" in pending.content.decode()
    assert "Gương mẫu." in pending.content.decode()


def test_nominating_a_student_outside_the_youth_union_is_refused_with_r3(
    login, youth_officer, class_12a1
):
    student = StudentFactory(school_class=class_12a1, youth_union_joined_on=None)
    response = nominate(login(youth_officer), student, reason="Rất tốt")
    assert response.status_code == 200
    html = response.content.decode()
    assert "phải là đoàn viên" in html
    assert "R3" in html
    assert "Rất tốt" in html  # what was typed is kept
    assert not Candidate.objects.exists()


def test_a_second_nomination_joins_the_open_candidacy(login, youth_officer, teacher_12a1, an):
    nominate(login(youth_officer), an)
    nominate(login(teacher_12a1), an, reason="Lớp trưởng gương mẫu")
    candidate = Candidate.objects.get(student=an)
    kinds = list(candidate.nominations.values_list("kind", flat=True))
    assert kinds == [Nomination.Kind.YOUTH_UNION, Nomination.Kind.HOMEROOM]


def test_an_empty_nomination_is_refused(login, youth_officer, an):
    blank = dict.fromkeys(("achievements", "youth_union_roles", "results", "reason"), "  ")
    response = nominate(login(youth_officer), an, **blank)
    assert "Hãy ghi ít nhất một điều về học sinh" in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_nomination_with_only_a_reason_is_enough(login, youth_officer, an):
    response = nominate(login(youth_officer), an, achievements="", reason="Gương mẫu.")
    assert response.status_code == 302 and Candidate.objects.filter(student=an).exists()


def test_the_second_nominator_is_told_the_nomination_joined_the_open_candidacy(
    login, youth_officer, teacher_12a1, an
):
    first = nominate(login(youth_officer), an)
    assert "Đã gửi giới thiệu" in login(youth_officer).get(first.url).content.decode()
    second = nominate(login(teacher_12a1), an, reason="Lớp trưởng gương mẫu")
    page = login(teacher_12a1).get(second.url).content.decode()
    assert "Nguyễn Văn An đã được giới thiệu trước đó" in page
    assert "hồ sơ đang xem xét" in page and "Được giới thiệu" in page


def test_a_nomination_after_acceptance_joins_as_accepted(login, secretary, teacher_12a1, an):
    candidate = services.candidate_nominate(student=an, author=secretary, kind="committee")
    services.candidate_accept(candidate=candidate, actor=secretary, version=candidate.version)
    nominate(login(teacher_12a1), an)
    assert Candidate.objects.filter(student=an).count() == 1
    assert candidate.nominations.last().status == Nomination.Status.ACCEPTED


def test_homeroom_teacher_recommends_only_their_own_class(login, teacher_12a2, an):
    assert nominate(login(teacher_12a2), an).status_code == 404
    assert not Candidate.objects.exists()


# --- the committee's answer -------------------------------------------------------------


def test_secretary_accepts_into_the_source_list_with_the_date(login, secretary, youth_officer, an):
    nominate(login(youth_officer), an)
    candidate = Candidate.objects.get()
    client = login(secretary)
    client.post(reverse("candidates:accept", args=[candidate.pk]), {"version": candidate.version})
    candidate.refresh_from_db()
    assert candidate.stage == Candidate.Stage.SOURCE
    assert candidate.source_since == date.today()
    assert candidate.nominations.get().status == Nomination.Status.ACCEPTED
    assert Event.objects.filter(candidate=candidate, kind="accepted").exists()


def test_decline_needs_a_reason_and_the_nominator_reads_it(login, secretary, youth_officer, an):
    nominate(login(youth_officer), an)
    candidate = Candidate.objects.get()
    url = reverse("candidates:decline", args=[candidate.pk])
    empty = login(secretary).post(url, {"version": candidate.version, "reason": "  "})
    assert empty.status_code == 400
    assert Candidate.objects.get().stage == Candidate.Stage.NOMINATED
    login(secretary).post(url, {"version": candidate.version, "reason": "Chưa tham gia hoạt động"})
    candidate.refresh_from_db()
    assert (candidate.stage, candidate.is_open) == (Candidate.Stage.DECLINED, False)
    page = login(youth_officer).get(reverse("candidates:detail", args=[candidate.pk]))
    assert "Chưa tham gia hoạt động" in page.content.decode()


def test_a_declined_student_can_be_nominated_again(login, secretary, youth_officer, an):
    nominate(login(youth_officer), an)
    first = Candidate.objects.get()
    services.candidate_decline(candidate=first, actor=secretary, reason="Chưa", version=1)
    nominate(login(youth_officer), an)
    assert Candidate.objects.filter(student=an).count() == 2
    assert Candidate.objects.open().get(student=an).pk != first.pk


def test_two_people_deciding_the_same_candidate_do_not_overwrite_each_other(
    login, secretary, youth_officer, an
):
    nominate(login(youth_officer), an)
    candidate = Candidate.objects.get()
    seen = candidate.version
    login(secretary).post(reverse("candidates:accept", args=[candidate.pk]), {"version": seen})
    second = login(secretary).post(
        reverse("candidates:plan_vote", args=[candidate.pk]),
        {"version": seen, "planned_vote_on": "2026-05-20"},
    )
    assert second.status_code == 409
    html = second.content.decode()
    assert "Someone else" not in html and "người khác" in html
    assert 'value="2026-05-20"' in html  # the form keeps what was typed
    candidate.refresh_from_db()
    assert candidate.stage == Candidate.Stage.SOURCE
    assert candidate.planned_vote_on is None
    # Saving again, knowingly, from the refreshed form applies the entry.
    assert second.context["plan_form"]["version"].value() == candidate.version
    again = login(secretary).post(
        reverse("candidates:plan_vote", args=[candidate.pk]),
        {"version": candidate.version, "planned_vote_on": "2026-05-20"},
    )
    assert again.status_code == 302
    candidate.refresh_from_db()
    assert candidate.planned_vote_on == date(2026, 5, 20)


# --- findings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("planned", "warned"),
    [(date(2026, 3, 13), True), (date(2026, 3, 14), False), (date(2026, 3, 15), False)],
)
def test_r2_warns_when_the_18th_birthday_comes_after_the_planned_meeting(
    login, secretary, an, planned, warned
):
    candidate = services.candidate_nominate(student=an, author=secretary, kind="committee")
    services.candidate_plan_vote(
        candidate=candidate, actor=secretary, planned_vote_on=planned, version=1
    )
    candidate.refresh_from_db()
    assert ("R2" in warnings_of(candidate)) is warned
    page = login(secretary).get(reverse("candidates:detail", args=[candidate.pk]))
    assert ("Đủ 18 tuổi ngày 14/03/2026" in page.content.decode()) is warned


@pytest.mark.parametrize(
    ("born", "warned"),
    [(date(2008, 5, 30), False), (date(2008, 5, 31), False), (date(2008, 6, 1), True)],
)
def test_r2_warns_when_the_18th_birthday_comes_after_the_end_of_grade_12(
    secretary, branch, class_12a1, born, warned
):
    RuleConfig.objects.create(branch=branch, school_year_end=date(2026, 5, 31))
    student = StudentFactory(school_class=class_12a1, date_of_birth=born)
    candidate = services.candidate_nominate(student=student, author=secretary, kind="committee")
    assert ("R2" in warnings_of(candidate)) is warned


def test_r2_counts_the_end_of_grade_12_for_a_grade_11_student(secretary, branch):
    RuleConfig.objects.create(branch=branch, school_year_end=date(2026, 5, 31))
    class_11 = SchoolClassFactory(branch=branch, name="11A2", grade=11)
    student = StudentFactory(school_class=class_11, date_of_birth=date(2009, 5, 31))
    candidate = services.candidate_nominate(student=student, author=secretary, kind="committee")
    assert warnings_of(candidate) == []


@pytest.mark.parametrize(
    ("study", "conduct", "warned"),
    [("Khá", "Tốt", False), ("Tốt", "Tốt", False), ("Đạt", "Tốt", True), ("Giỏi", "Khá", True)],
)
def test_r22_warns_below_the_branch_thresholds(secretary, class_12a1, study, conduct, warned):
    student = StudentFactory(school_class=class_12a1, study_result=study, conduct_result=conduct)
    candidate = services.candidate_nominate(student=student, author=secretary, kind="committee")
    assert ("R22" in warnings_of(candidate)) is warned


# --- who sees what ----------------------------------------------------------------------


def test_sensitive_fields_only_for_the_committee(login, secretary, youth_officer, teacher_12a1, an):
    candidate = services.candidate_nominate(student=an, author=secretary, kind="committee")
    url = reverse("candidates:detail", args=[candidate.pk])
    assert "Tin Lành" in login(secretary).get(url).content.decode()
    for user in (youth_officer, teacher_12a1):
        html = login(user).get(url).content.decode()
        assert "Nguyễn Văn An" in html
        for secret in ("Cơ Tu", "Tin Lành", "048208001234"):
            assert secret not in html


def read_export(client, query=""):
    response = client.get(reverse("candidates:export") + query)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_export_holds_exactly_the_rows_that_user_may_see(
    login, secretary, teacher_12a1, youth_officer, an, class_12a2
):
    other = StudentFactory(school_class=class_12a2, full_name="Trần Thị Bình")
    for student in (an, other):
        services.candidate_nominate(student=student, author=secretary, kind="committee")
    rows = read_export(login(secretary))
    assert [r[1] for r in rows[1:]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert "Tôn giáo" in rows[0] and "Tin Lành" in rows[1]
    teacher_rows = read_export(login(teacher_12a1))
    assert [r[1] for r in teacher_rows[1:]] == ["Nguyễn Văn An"]
    youth_rows = read_export(login(youth_officer))
    assert "Tôn giáo" not in youth_rows[0]
    assert not any("Tin Lành" in str(cell) for r in youth_rows for cell in r)


def test_export_keeps_formula_like_text_as_text(login, secretary, class_12a1):
    student = StudentFactory(school_class=class_12a1, full_name="=HYPERLINK(1)")
    services.candidate_nominate(student=student, author=secretary, kind="committee")
    response = login(secretary).get(reverse("candidates:export"))
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).data_type == "s"


# --- finding candidates: search, sorting, filters, pages --------------------------------


def names_on_page(response):
    return [c["student__full_name"] for c in response.context["page"]]


@pytest.fixture
def hard_names(secretary, class_12a1, class_12a2):
    names = ["Lê Văn Đạt", "Phạm Minh Dũng", "Trần Thị Ánh", "Ngô Thị Anh", "Hồ Ưng",
             "Võ Văn Uy", "Nguyễn Văn An", "Đỗ Thị Ơn", "Lý Văn Ôn", "Bùi Oanh"]  # fmt: skip
    for i, name in enumerate(names):
        school_class = class_12a1 if i % 2 else class_12a2
        student = StudentFactory(school_class=school_class, full_name=name)
        services.candidate_nominate(student=student, author=secretary, kind="committee")
    return names


@pytest.mark.parametrize(
    "query",
    ["nguyen van an", "NGUYỄN VĂN ÂN", "Nguyễn Văn An", unicodedata.normalize("NFD", "Nguyễn")],
)
def test_search_ignores_accents_and_case(login, secretary, hard_names, query):
    response = login(secretary).get(reverse("candidates:list"), {"q": query})
    assert names_on_page(response) == ["Nguyễn Văn An"]


def test_search_d_finds_the_letter_đ(login, secretary, hard_names):
    response = login(secretary).get(reverse("candidates:list"), {"q": "dat"})
    assert names_on_page(response) == ["Lê Văn Đạt"]
    response = login(secretary).get(reverse("candidates:list"), {"q": "đung"})
    assert names_on_page(response) == ["Phạm Minh Dũng"]


def test_list_is_in_vietnamese_school_order(login, secretary, hard_names):
    response = login(secretary).get(reverse("candidates:list"))
    assert names_on_page(response) == [
        "Nguyễn Văn An",
        "Ngô Thị Anh",
        "Trần Thị Ánh",
        "Phạm Minh Dũng",
        "Lê Văn Đạt",
        "Bùi Oanh",
        "Lý Văn Ôn",
        "Đỗ Thị Ơn",
        "Võ Văn Uy",
        "Hồ Ưng",
    ]


def test_filters_by_class_stage_and_nominator(login, secretary, youth_officer, hard_names):
    client = login(secretary)
    first = Candidate.objects.get(student__full_name="Nguyễn Văn An")
    services.candidate_accept(candidate=first, actor=secretary, version=first.version)
    by_class = client.get(
        reverse("candidates:list"), {"school_class": first.student.school_class_id}
    )
    assert len(names_on_page(by_class)) == 5
    source = client.get(reverse("candidates:list"), {"stage": "source"})
    assert names_on_page(source) == ["Nguyễn Văn An"]
    services.candidate_nominate(student=first.student, author=youth_officer, kind="youth_union")
    by_youth = client.get(reverse("candidates:list"), {"by": "youth_union"})
    assert names_on_page(by_youth) == ["Nguyễn Văn An"]
    flagged = client.get(reverse("candidates:list"), {"flagged": "on"})
    assert names_on_page(flagged) == []


def test_list_pages_by_fifty(login, secretary, class_12a1):
    for _ in range(55):
        student = StudentFactory(school_class=class_12a1)
        CandidateFactory(student=student)
    client = login(secretary)
    assert len(client.get(reverse("candidates:list")).context["page"]) == 50
    assert len(client.get(reverse("candidates:list"), {"page": 2}).context["page"]) == 5


# --- constant query counts --------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_candidates(secretary, school_class, n):
    for _ in range(n):
        student = StudentFactory(school_class=school_class)
        services.candidate_nominate(student=student, author=secretary, kind="committee")


def test_list_page_queries_do_not_grow_with_candidates(login, secretary, class_12a1):
    client = login(secretary)
    add_candidates(secretary, class_12a1, 10)
    few = count_queries(client, reverse("candidates:list"))
    add_candidates(secretary, class_12a1, 190)
    assert count_queries(client, reverse("candidates:list")) == few


def test_candidate_page_queries_do_not_grow_with_its_history(login, secretary, an):
    client = login(secretary)
    candidate = services.candidate_nominate(student=an, author=secretary, kind="committee")
    url = reverse("candidates:detail", args=[candidate.pk])
    few = count_queries(client, url)
    for day in range(1, 20):
        candidate.refresh_from_db()
        services.candidate_plan_vote(
            candidate=candidate,
            actor=secretary,
            planned_vote_on=date(2026, 4, day),
            version=candidate.version,
        )
        services.candidate_nominate(student=an, author=secretary, kind="committee")
    assert count_queries(client, url) == few
    assert len(client.get(url).context["events"]) == 39


# --- the overview -----------------------------------------------------------------------


def test_nominator_follows_their_nominations_on_the_overview(login, secretary, youth_officer, an):
    nominate(login(youth_officer), an)
    candidate = Candidate.objects.get()
    services.candidate_decline(
        candidate=candidate, actor=secretary, reason="Cần rèn luyện thêm", version=1
    )
    html = login(youth_officer).get(reverse("home")).content.decode()
    assert "Nguyễn Văn An" in html
    assert "Không tiếp nhận" in html
    assert "Cần rèn luyện thêm" in html


def test_secretary_sees_what_waits_on_the_overview(login, secretary, youth_officer, an):
    nominate(login(youth_officer), an)
    response = login(secretary).get(reverse("home"))
    assert response.context["counts"] == {"waiting": 1, "source": 0, "flagged": 0, "total": 1}
