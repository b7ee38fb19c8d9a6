"""The dashboard: its figures agree with the candidate pages, its query count stays constant, and
each role has a first page of its own scope."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Membership
from candidates import findings, services
from candidates.models import Candidate, MentorAssignment, Student
from plans.dashboard import dashboard
from tests.factories import AnnualPlanFactory, CandidateFactory, SchoolClassFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 2)


def page_warnings(candidate):
    """The codes the candidate page shows as warnings."""
    found, _deadlines = findings.candidate_status(candidate)
    return sorted({f.code for f in found if not f.blocks})


def test_the_dashboards_counts_agree_with_every_candidate_page(client):
    call_command("seed_demo", stdout=None)
    secretary = Membership.objects.get(user__username="bithu", role="secretary").user
    branch = Membership.objects.filter(user=secretary).first().branch
    board = dashboard(branch, date.today())
    open_candidates = list(Candidate.objects.filter(branch=branch).open())
    pages = {c.pk: page_warnings(c) for c in open_candidates}
    listed = {}
    for item in board.at_risk:
        if item.kind == "warning":
            listed.setdefault(item.candidate.pk, set()).add(item.code)
    assert {pk: sorted(codes) for pk, codes in listed.items()} == {
        pk: codes for pk, codes in pages.items() if codes
    }
    assert board.counts["flagged"] == sum(1 for codes in pages.values() if codes)
    assert board.counts["total"] == len(open_candidates)
    assert sum(count for _stage, _label, count in board.funnel) == len(open_candidates)
    client.force_login(secretary, backend="django.contrib.auth.backends.ModelBackend")
    flagged = client.get(reverse("candidates:list"), {"flagged": "on", "stage": "all"})
    on_list = {c["pk"] for c in flagged.context["page"]}
    assert on_list == {pk for pk, codes in pages.items() if codes}


def _grow(branch, count):
    """`count` more source-list candidates, in bulk: the dashboard reads them all."""
    school_class = SchoolClassFactory(branch=branch, name=f"12B{count}", school_year="2025-2026")
    students = Student.objects.bulk_create(
        Student(
            branch=branch,
            school_class=school_class,
            student_code=f"{count:04d}{i:06d}",
            full_name=f"Trần Văn Học {i}",
            search_name=f"tran van hoc {i}",
            sort_name=f"{i:08d}",
            date_of_birth=date(2008, 1 + i % 12, 1 + i % 28),
            gender="M",
            youth_union_joined_on=date(2023, 3, 26),
        )
        for i in range(count)
    )
    Candidate.objects.bulk_create(
        Candidate(
            branch=branch,
            student=student,
            opened_on=date(2025, 10, 1),
            source_since=date(2025, 10, 1),
            stage=Candidate.Stage.SOURCE,
        )
        for student in students
    )


def test_the_dashboards_query_count_does_not_grow_with_the_branch(login, secretary, branch):
    AnnualPlanFactory(branch=branch, year=2026)
    client = login(secretary)
    counts = []
    for grow in (10, 1990):
        _grow(branch, grow)
        with time_machine.travel(TODAY, tick=False), CaptureQueriesContext(connection) as ctx:
            response = client.get("/")
        assert response.status_code == 200
        counts.append(len(ctx))
    assert Candidate.objects.filter(branch=branch).count() == 2000
    assert counts[0] == counts[1]


def test_the_first_line_says_how_many_of_the_target_are_done(login, secretary, branch):
    AnnualPlanFactory(branch=branch, year=2026, target_admissions=7)
    _grow(branch, 2)
    with time_machine.travel(TODAY, tick=False):
        html = login(secretary).get("/").content.decode()
    assert "Đã kết nạp 00/07" in html
    assert "có thể kết nạp thêm 2 em trong năm 2026" in html
    assert "còn thiếu 5" in html
    assert "<svg" in html and "T12" in html
    # The target's bar: its lengths are SVG attributes, in % of the target (2 of 7 → 29).
    assert '<rect class="ptdv-bar-admitted" width="0" height="4"/>' in html
    assert '<rect class="ptdv-bar-reachable" x="0" width="29" height="4"/>' in html


def test_a_homeroom_teacher_sees_the_candidates_of_their_class(
    login, teacher_12a1, class_12a1, class_12a2, secretary
):
    own = CandidateFactory(student__school_class=class_12a1, student__full_name="Lê Thị Lan")
    CandidateFactory(student__school_class=class_12a2, student__full_name="Võ Văn Khác")
    html = login(teacher_12a1).get("/").content.decode()
    assert own.student.full_name in html and "Võ Văn Khác" not in html
    assert 'data-testid="forecast"' not in html  # the dashboard is the committee's


def test_a_mentor_sees_their_mentees_and_when_a_review_is_due(
    login, party_member, secretary, class_12a1
):
    candidate = CandidateFactory(student__school_class=class_12a1)
    member = party_member.party_memberships.get()
    MentorAssignment.objects.create(
        candidate=candidate, member=member, assigned_on=date(2025, 11, 20)
    )
    with time_machine.travel(date(2026, 3, 2), tick=False):
        html = login(party_member).get("/").content.decode()
    assert candidate.student.full_name in html
    assert reverse("candidates:review_write", args=[candidate.pk]) in html  # 102 days: due
    services.mentor_review_write(
        assignment=MentorAssignment.objects.get(candidate=candidate),
        author=party_member,
        written_on=date(2026, 2, 20),
        summary="Tiến bộ tốt.",
    )
    with time_machine.travel(date(2026, 3, 2), tick=False):
        html = login(party_member).get("/").content.decode()
    assert reverse("candidates:review_write", args=[candidate.pk]) not in html
