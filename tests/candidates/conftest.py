"""Fixtures of the pipeline tests: the branch's roster, a source-list candidate, a course, and
a candidate at each stage after the vote."""

from datetime import date

import pytest
import time_machine

from accounts.models import Committee
from candidates import services
from candidates.models import AwarenessCourse, BranchMeeting, PartyMember
from tests.factories import PartyMemberFactory, StudentFactory

from .pipeline import ACCEPTED_ON, BORN, NOMINATED_ON, make_ready, refresh, vote


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
    candidate = services.candidate_nominate(
        student=student, author=secretary, kind="committee", on=NOMINATED_ON
    )
    return services.candidate_accept(
        candidate=candidate, actor=secretary, version=candidate.version, on=ACCEPTED_ON
    )


@pytest.fixture
def after_probation():
    """Today is 01/07/2027, after the probation that a ceremony of 19/05/2026 starts, so that
    the recognition (in the future of the real today) can be recorded."""
    with time_machine.travel(date(2027, 7, 1)):
        yield


@pytest.fixture
def course(branch):
    return AwarenessCourse.objects.create(
        branch=branch, name="Lớp NTVĐ khóa 1", organiser="TTCT phường", starts_on=date(2025, 11, 3)
    )


@pytest.fixture
def ready(source, secretary, mentor, course):
    return make_ready(source, secretary, mentor, course)


@pytest.fixture
def resolved(branch, secretary, ready):
    """Voted on by the branch on 20/03/2026: 6 of the 9 official members for."""
    return vote(branch, secretary, ready, date(2026, 3, 20), 6)


@pytest.fixture
def decided(secretary, resolved):
    """The decision issued on 10/04/2026, received on 13/04/2026."""
    services.decision_record(
        candidate=resolved,
        actor=secretary,
        version=resolved.version,
        number="512-QĐ/ĐU",
        issued_on=date(2026, 4, 10),
        received_on=date(2026, 4, 13),
        issuer=resolved.branch.committee.decider,
    )
    return refresh(resolved)


@pytest.fixture
def probation(secretary, decided):
    """Admitted at the ceremony of 19/05/2026."""
    services.ceremony_record(
        candidate=decided, actor=secretary, version=decided.version, held_on=date(2026, 5, 19)
    )
    return refresh(decided)


@pytest.fixture
def official(after_probation, branch, secretary, probation):
    """Recognised by the branch on 20/05/2027; official from 19/05/2027 (R17)."""
    return vote(
        branch, secretary, probation, date(2027, 5, 20), 7, BranchMeeting.Purpose.RECOGNITION
    )


@pytest.fixture
def in_between(branch):
    """The branch's superior committee does not decide admissions; the one above it does, so
    the superior sits between the branch and the decider (R13)."""
    branch.committee = Committee.objects.create(
        name="ĐẢNG ỦY KHỐI CÁC TRƯỜNG", decides_admissions=False, parent=branch.committee
    )
    branch.save()
    return branch.committee
