"""Awareness courses, done for a batch at once: register several candidates, record certificates."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from candidates import services
from candidates.models import AwarenessCourse, Candidate, CourseAttendance, Event
from tests.candidates.pipeline import accepted, refresh
from tests.factories import StudentFactory


@pytest.fixture
def course(branch):
    return AwarenessCourse.objects.create(
        branch=branch,
        name="Lớp bồi dưỡng nhận thức về Đảng khóa 1",
        organiser="Trung tâm Chính trị phường An Hải",
        starts_on=date(2025, 11, 3),
        ends_on=date(2025, 11, 14),
    )


@pytest.fixture
def sources(secretary, class_12a1):
    """Three candidates of the source list."""
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]
    return [
        accepted(StudentFactory(school_class=class_12a1, full_name=name), secretary)
        for name in names
    ]


@pytest.fixture
def attendees(secretary, course, sources):
    services.course_register(
        course=course, candidates=sources, actor=secretary, on=date(2025, 10, 20)
    )
    return list(
        CourseAttendance.objects.filter(course=course).order_by("candidate__student__sort_name")
    )


def certificate_rows(attendances, *values):
    """POST data: (number, date, issuer) per attendance, in order."""
    data = {}
    for attendance, (number, issued_on, issuer) in zip(attendances, values, strict=True):
        prefix = f"a{attendance.pk}"
        data |= {f"{prefix}-number": number, f"{prefix}-issued_on": issued_on}
        data[f"{prefix}-issuer"] = issuer
    return data


def test_secretary_adds_a_course(login, secretary, branch):
    response = login(secretary).post(
        reverse("candidates:course_create"),
        {
            "name": "Lớp NTVĐ khóa 2",
            "organiser": "Trung tâm Chính trị phường An Hải",
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-06",
        },
    )
    course = AwarenessCourse.objects.get(branch=branch)
    assert response.url == reverse("candidates:course_detail", args=[course.pk])
    assert Event.objects.filter(kind="course_created").exists()


def test_a_course_cannot_end_before_it_starts(login, secretary):
    response = login(secretary).post(
        reverse("candidates:course_create"),
        {"name": "Lớp", "organiser": "TTCT", "starts_on": "2026-03-06", "ends_on": "2026-03-02"},
    )
    assert response.status_code == 200
    assert not AwarenessCourse.objects.exists()


def test_the_register_page_offers_source_candidates_not_yet_registered(
    login, secretary, course, sources, class_12a1
):
    nominated = services.candidate_nominate(
        student=StudentFactory(school_class=class_12a1, full_name="Phạm Văn Đề Cử"),
        author=secretary,
        kind="committee",
    )
    services.course_register(
        course=course, candidates=[sources[0]], actor=secretary, on=date(2025, 10, 20)
    )
    html = login(secretary).get(reverse("candidates:course_register", args=[course.pk]))
    html = html.content.decode()
    assert f'value="{sources[1].pk}"' in html and f'value="{sources[2].pk}"' in html
    assert f'value="{sources[0].pk}"' not in html  # already registered
    assert f'value="{nominated.pk}"' not in html  # not in the source list yet


def test_secretary_registers_three_candidates_at_once(login, secretary, course, sources):
    response = login(secretary).post(
        reverse("candidates:course_register", args=[course.pk]),
        {"candidates": [c.pk for c in sources], "registered_on": "2025-10-20"},
    )
    assert response.url == reverse("candidates:course_detail", args=[course.pk])
    attendances = CourseAttendance.objects.filter(course=course)
    assert attendances.count() == 3
    assert {a.registered_on for a in attendances} == {date(2025, 10, 20)}
    assert {refresh(c).stage for c in sources} == {Candidate.Stage.AWARENESS}
    assert Event.objects.filter(kind="course_registered").count() == 3
    page = login(secretary).get(response.url).content.decode()
    assert page.count('data-testid="attendee"') == 3


def test_registering_nobody_is_refused(login, secretary, course, sources):
    response = login(secretary).post(
        reverse("candidates:course_register", args=[course.pk]),
        {"registered_on": "2025-10-20"},
    )
    assert response.status_code == 200
    assert not CourseAttendance.objects.exists()


def test_certificates_for_a_batch_prefill_the_organiser(login, secretary, course, attendees):
    client = login(secretary)
    url = reverse("candidates:course_certify", args=[course.pk])
    assert client.get(url).content.decode().count('value="Trung tâm Chính trị phường An Hải"') == 3
    organiser = course.organiser
    response = client.post(
        url,
        certificate_rows(
            attendees,
            ("CN-001", "2025-11-14", organiser),
            ("CN-002", "2025-11-14", organiser),
            ("", "", organiser),  # not received yet: skipped
        ),
    )
    assert response.url == reverse("candidates:course_detail", args=[course.pk])
    numbers = [a.certificate_number for a in CourseAttendance.objects.order_by("pk")]
    assert sorted(numbers) == ["", "CN-001", "CN-002"]
    certified = CourseAttendance.objects.exclude(certificate_number="")
    assert {a.certificate_issuer for a in certified} == {organiser}
    assert Event.objects.filter(kind="certificate").count() == 2


def test_one_refused_certificate_refuses_the_batch_and_keeps_what_was_typed(
    login, secretary, course, attendees
):
    organiser = course.organiser
    response = login(secretary).post(
        reverse("candidates:course_certify", args=[course.pk]),
        certificate_rows(
            attendees,
            ("CN-001", "2025-11-14", organiser),
            ("CN-002", "2025-10-01", organiser),  # before the course starts
            ("CN-003", "2025-11-14", "Ban Tuyên giáo"),
        ),
    )
    assert response.status_code == 200
    assert not CourseAttendance.objects.exclude(certificate_number="").exists()
    assert not Event.objects.filter(kind="certificate").exists()
    html = response.content.decode()
    error = html.split('data-testid="batch-error">', 1)[1].split("</div>", 1)[0]
    assert "2 (Trần Thị Bình)" in error  # the row, by number and name
    assert "khai giảng" in error  # and the service's reason
    for typed in ('value="CN-001"', 'value="CN-002"', 'value="2025-10-01"', 'value="CN-003"'):
        assert typed in html
    assert 'value="Ban Tuyên giáo"' in html


def test_a_half_filled_certificate_row_is_marked(login, secretary, course, attendees):
    organiser = course.organiser
    response = login(secretary).post(
        reverse("candidates:course_certify", args=[course.pk]),
        certificate_rows(
            attendees,
            ("CN-001", "2025-11-14", organiser),
            ("CN-002", "", organiser),
            ("", "", organiser),
        ),
    )
    assert response.status_code == 200
    assert 'data-testid="batch-error"' in response.content.decode()
    assert not CourseAttendance.objects.exclude(certificate_number="").exists()


@pytest.mark.parametrize(
    ("issued_on", "offered"),
    [
        (date(2021, 3, 9), True),  # last valid day 09/03/2026: expired the day before
        (date(2021, 3, 10), False),  # last valid day 10/03/2026: valid today
        (date(2021, 3, 11), False),  # valid until tomorrow
    ],
)
def test_the_register_page_leaves_out_a_valid_certificate(
    login, secretary, course, sources, branch, issued_on, offered
):
    older = AwarenessCourse.objects.create(
        branch=branch, name="Khóa cũ", organiser="TTCT", starts_on=date(2021, 3, 1)
    )
    # A certificate of an earlier candidacy's course, as an old record holds it.
    CourseAttendance.objects.create(
        course=older,
        candidate=sources[0],
        registered_on=date(2021, 2, 20),
        certificate_number="01/GCN",
        certificate_issued_on=issued_on,
    )
    with time_machine.travel(date(2026, 3, 10)):
        html = login(secretary).get(reverse("candidates:course_register", args=[course.pk]))
    assert (f'value="{sources[0].pk}"' in html.content.decode()) is offered
    assert f'value="{sources[1].pk}"' in html.content.decode()


def test_the_register_page_leaves_out_those_in_another_course(
    login, secretary, course, sources, branch
):
    other = AwarenessCourse.objects.create(
        branch=branch, name="Khóa 2", organiser="TTCT", starts_on=date(2025, 12, 1)
    )
    services.course_register(
        course=other, candidates=[sources[0]], actor=secretary, on=date(2025, 11, 20)
    )
    html = login(secretary).get(reverse("candidates:course_register", args=[course.pk]))
    html = html.content.decode()
    assert f'value="{sources[0].pk}"' not in html  # registered there, no certificate yet
    assert f'value="{sources[1].pk}"' in html


def test_courses_are_listed_latest_first(login, secretary, course, branch):
    AwarenessCourse.objects.create(
        branch=branch, name="Khóa sớm", organiser="TTCT", starts_on=date(2025, 3, 1)
    )
    AwarenessCourse.objects.create(
        branch=branch, name="Khóa muộn", organiser="TTCT", starts_on=date(2026, 3, 1)
    )
    html = login(secretary).get(reverse("candidates:course_list")).content.decode()
    names = ["Khóa muộn", course.name, "Khóa sớm"]
    assert [html.index(name) for name in names] == sorted(html.index(name) for name in names)


# --- sent twice, recorded once ------------------------------------------------------------


def token_of(client, url):
    """The one-time token of the form the page renders (a new one each time)."""
    return client.get(url).content.decode().split('name="token" value="', 1)[1].split('"', 1)[0]


def test_a_registration_sent_twice_registers_once(login, secretary, course, sources):
    client = login(secretary)
    url = reverse("candidates:course_register", args=[course.pk])
    data = {"candidates": [c.pk for c in sources], "registered_on": "2025-10-20"}
    data["token"] = token_of(client, url)
    first = client.post(url, data)
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[-1][0] == first.url
    assert "không ghi nhận lần thứ hai" in again.content.decode()
    assert CourseAttendance.objects.count() == 3
    assert Event.objects.filter(kind="course_registered").count() == 3


def test_certificates_sent_twice_are_recorded_once(login, secretary, course, attendees):
    client = login(secretary)
    url = reverse("candidates:course_certify", args=[course.pk])
    organiser = course.organiser
    data = certificate_rows(
        attendees,
        ("CN-001", "2025-11-14", organiser),
        ("CN-002", "2025-11-14", organiser),
        ("", "", organiser),
    )
    data["token"] = token_of(client, url)
    assert client.post(url, data).status_code == 302
    again = client.post(url, data, follow=True)
    assert again.redirect_chain[-1][0] == reverse("candidates:course_detail", args=[course.pk])
    assert Event.objects.filter(kind="certificate").count() == 2


def test_a_refused_batch_keeps_its_token_for_the_corrected_sending(
    login, secretary, course, attendees
):
    client = login(secretary)
    url = reverse("candidates:course_certify", args=[course.pk])
    organiser = course.organiser
    token = token_of(client, url)
    rows = [("CN-001", "2025-10-01", organiser), ("", "", organiser), ("", "", organiser)]
    refused = client.post(url, {**certificate_rows(attendees, *rows), "token": token})
    assert f'value="{token}"' in refused.content.decode()
    rows[0] = ("CN-001", "2025-11-14", organiser)
    assert (
        client.post(url, {**certificate_rows(attendees, *rows), "token": token}).status_code == 302
    )
    assert Event.objects.filter(kind="certificate").count() == 1


# --- the service registers no one the page would not offer -------------------------------------


def test_one_waiting_for_another_courses_certificate_is_refused_with_the_whole_group(
    secretary, course, sources, branch
):
    later = AwarenessCourse.objects.create(
        branch=branch, name="Khóa 2", organiser="TTCT", starts_on=date(2025, 12, 1)
    )
    services.course_register(course=course, candidates=[sources[0]], actor=secretary,
                             on=date(2025, 10, 20))  # fmt: skip
    with pytest.raises(services.DomainError, match="Nguyễn Văn An"):
        services.course_register(
            course=later, candidates=sources, actor=secretary, on=date(2025, 11, 20)
        )
    assert not CourseAttendance.objects.filter(course=later).exists()
    # Registered for this same course again: left as it is (a form sent twice).
    assert (
        services.course_register(
            course=course, candidates=[sources[0]], actor=secretary, on=date(2025, 10, 21)
        )
        == []
    )


@pytest.mark.parametrize(
    ("today", "allowed"),
    [
        (date(2030, 11, 13), False),  # the last valid day of a certificate of 13/11/2025 is
        (date(2030, 11, 14), True),  # 13/11/2030 (60 months, R5): from the 14th, a new course
    ],
)
def test_one_holding_a_valid_certificate_may_not_register_again(
    secretary, course, sources, branch, today, allowed
):
    services.course_register(course=course, candidates=[sources[0]], actor=secretary,
                             on=date(2025, 10, 20))  # fmt: skip
    attendance = CourseAttendance.objects.get(course=course)
    services.course_certify(
        attendance=attendance, actor=secretary, number="1", issued_on=date(2025, 11, 13), issuer=""
    )
    later = AwarenessCourse.objects.create(
        branch=branch, name="Khóa mới", organiser="TTCT", starts_on=today
    )
    with time_machine.travel(today):
        if allowed:
            services.course_register(
                course=later, candidates=[refresh(sources[0])], actor=secretary, on=today
            )
            assert CourseAttendance.objects.filter(course=later).count() == 1
            return
        with pytest.raises(services.DomainError, match="13/11/2030"):
            services.course_register(
                course=later, candidates=[refresh(sources[0])], actor=secretary, on=today
            )
