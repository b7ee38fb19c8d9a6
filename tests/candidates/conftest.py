"""Fixtures of the pipeline tests: the branch's roster, a source-list candidate, a course."""

from datetime import date

import pytest

from candidates import services
from candidates.models import AwarenessCourse, PartyMember
from tests.factories import PartyMemberFactory, StudentFactory

from .pipeline import BORN, make_ready


@pytest.fixture
def roster(branch, secretary, party_member):
    """Nine official members (the cast's two and seven more) and one probationary member."""
    for i in range(7):
        PartyMemberFactory(branch=branch, full_name=f"Đảng Viên Số {i}")
    PartyMemberFactory(
        branch=branch, full_name="Dự Bị Một", official_on=None, joined_on=date(2025, 9, 2)
    )
    return PartyMember.objects.filter(branch=branch)


@pytest.fixture
def mentor(roster, party_member):
    return PartyMember.objects.get(user=party_member)


@pytest.fixture
def source(secretary, class_12a1, roster):
    """A candidate accepted into the source list on 01/10/2025."""
    student = StudentFactory(
        school_class=class_12a1,
        full_name="Nguyễn Văn An",
        date_of_birth=BORN,
        entered_school_on=date(2023, 9, 5),
        ethnicity="Cơ Tu",
    )
    candidate = services.candidate_nominate(student=student, author=secretary, kind="committee")
    return services.candidate_accept(
        candidate=candidate, actor=secretary, version=candidate.version, on=date(2025, 10, 1)
    )


@pytest.fixture
def course(branch):
    return AwarenessCourse.objects.create(
        branch=branch, name="Lớp NTVĐ khóa 1", organiser="TTCT phường", starts_on=date(2025, 11, 3)
    )


@pytest.fixture
def ready(source, secretary, mentor, course):
    return make_ready(source, secretary, mentor, course)
