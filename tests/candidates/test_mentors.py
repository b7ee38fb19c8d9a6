"""The mentors' side: a Party member sees their mentees and writes reviews of them; nobody
else writes those reviews."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Membership
from candidates import services
from candidates.models import MentorAssignment, MentorReview, PartyMember
from tests.factories import CandidateFactory, StudentFactory

REVIEW = {
    "written_on": "2026-01-15",
    "summary": "Tiến bộ rõ trong học kỳ I",
    "political": "Lập trường tư tưởng vững vàng",
    "ethics": "Khiêm tốn, trung thực",
    "ability": "Học lực giỏi",
    "relations": "Được bạn bè quý mến",
}


@pytest.fixture
def mentor(party_member):
    return PartyMember.objects.get(user=party_member)


def candidate_in(school_class, name, **student):
    student = StudentFactory(school_class=school_class, full_name=name, **student)
    return CandidateFactory(student=student)


@pytest.fixture
def mentee(class_12a1, mentor):
    """A candidate of class 12A1 whom `party_member` helps since 20/11/2025."""
    candidate = candidate_in(class_12a1, "Nguyễn Văn An", ethnicity="Cơ Tu", religion="Tin Lành")
    MentorAssignment.objects.create(
        candidate=candidate, member=mentor, assigned_on=date(2025, 11, 20)
    )
    return candidate


@pytest.fixture
def stranger(class_12a2):
    """A candidate nobody in the cast mentors."""
    return candidate_in(class_12a2, "Trần Thị Bình")


def review_url(candidate):
    return reverse("candidates:review_write", args=[candidate.pk])


def detail(candidate):
    return reverse("candidates:detail", args=[candidate.pk])


# --- seeing one's mentees -----------------------------------------------------------------


def test_party_members_candidate_list_shows_only_their_mentees(
    login, party_member, mentee, stranger
):
    page = login(party_member).get(reverse("candidates:list"))
    assert [c["pk"] for c in page.context["page"]] == [mentee.pk]


def test_my_mentees_lists_the_mentees_with_their_reviews(login, party_member, mentee, stranger):
    client = login(party_member)
    services.mentor_review_write(
        assignment=mentee.mentors.get(),
        author=party_member,
        written_on=date(2026, 1, 15),
        summary="Tốt",
    )
    page = client.get(reverse("candidates:mentees"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nguyễn Văn An" in html and "Trần Thị Bình" not in html
    assert "15/01/2026" in html
    assert review_url(mentee) in html


def test_an_ended_assignment_no_longer_shows_the_candidate(login, party_member, mentee):
    mentee.mentors.update(ended_on=date(2026, 1, 1))
    client = login(party_member)
    assert client.get(detail(mentee)).status_code == 404
    assert client.get(review_url(mentee)).status_code == 404


def test_a_homeroom_teacher_who_mentors_sees_their_class_and_their_mentee(
    login, branch, teacher_12a1, class_12a1, class_12a2, mentor
):
    Membership.objects.create(user=teacher_12a1, branch=branch, role=Membership.Role.PARTY_MEMBER)
    mentor.user = teacher_12a1
    mentor.save()
    own = candidate_in(class_12a1, "Lê Văn Cường")
    other = candidate_in(class_12a2, "Phạm Thị Dung")
    MentorAssignment.objects.create(candidate=other, member=mentor, assigned_on=date(2025, 11, 20))
    page = login(teacher_12a1).get(reverse("candidates:list"))
    assert {c["pk"] for c in page.context["page"]} == {own.pk, other.pk}


def test_the_mentor_sees_the_page_without_sensitive_fields_or_step_forms(
    login, party_member, mentee
):
    response = login(party_member).get(detail(mentee))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nguyễn Văn An" in html
    assert "Cơ Tu" not in html and "Tin Lành" not in html
    for name in ("mentor_form", "youth_form", "exit_form", "dossier_rows", "decision_form"):
        assert name not in response.context
    assert response.context["can_review"]
    assert review_url(mentee) in html


# --- writing reviews ----------------------------------------------------------------------


def test_the_assigned_mentor_writes_a_review_listed_with_date_and_author(
    login, party_member, secretary, mentee
):
    client = login(party_member)
    assert client.get(review_url(mentee)).status_code == 200
    response = client.post(review_url(mentee), REVIEW)
    assert response.status_code == 302
    assert response.url == detail(mentee)
    review = MentorReview.objects.get()
    assert (review.written_on, review.summary, review.political) == (
        date(2026, 1, 15),
        "Tiến bộ rõ trong học kỳ I",
        "Lập trường tư tưởng vững vàng",
    )
    html = login(secretary).get(detail(mentee)).content.decode()
    assert 'data-testid="review"' in html
    assert "15/01/2026" in html and "Võ Đình Khoa" in html
    assert "Tiến bộ rõ trong học kỳ I" in html


def test_a_review_dated_before_the_assignment_is_refused_and_kept(login, party_member, mentee):
    response = login(party_member).post(review_url(mentee), {**REVIEW, "written_on": "2025-11-01"})
    assert response.status_code == 400
    assert "trước ngày được phân công" in " ".join(response.context["form"].non_field_errors())
    assert "Tiến bộ rõ trong học kỳ I" in response.content.decode()
    assert not MentorReview.objects.exists()


def test_the_duties_heading_is_asked_only_during_probation(login, party_member, mentee):
    client = login(party_member)
    assert "duties" not in client.get(review_url(mentee)).context["form"].fields
    mentee.mentors.update(period=MentorAssignment.Period.PROBATION)
    form = client.get(review_url(mentee)).context["form"]
    assert "duties" in form.fields
    client.post(review_url(mentee), {**REVIEW, "duties": "Hoàn thành tốt nhiệm vụ"})
    assert MentorReview.objects.get().duties == "Hoàn thành tốt nhiệm vụ"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("secretary", 403),
        ("youth_officer", 403),
        ("teacher_12a1", 403),
        ("teacher_12a2", 404),
        ("outsider", 404),
    ],
)
def test_only_the_mentor_writes_reviews(login, cast, mentee, who, status):
    client = login(cast[who])
    assert client.get(review_url(mentee)).status_code == status
    assert client.post(review_url(mentee), REVIEW).status_code == status
    assert not MentorReview.objects.exists()


def test_a_party_member_cannot_review_a_candidate_they_do_not_mentor(login, party_member, stranger):
    assert login(party_member).post(review_url(stranger), REVIEW).status_code == 404


def test_reviews_are_hidden_from_those_who_neither_run_nor_mentor(
    login, party_member, youth_officer, teacher_12a1, mentee
):
    services.mentor_review_write(
        assignment=mentee.mentors.get(),
        author=party_member,
        written_on=date(2026, 1, 15),
        summary="Nhận xét riêng",
    )
    for user in (youth_officer, teacher_12a1):
        response = login(user).get(detail(mentee))
        assert response.status_code == 200
        assert "Nhận xét riêng" not in response.content.decode()


def test_my_mentees_separates_current_from_finished_mentees(
    login, party_member, mentor, mentee, class_12a2
):
    finished = candidate_in(class_12a2, "Lê Văn Cường")
    MentorAssignment.objects.create(candidate=finished, member=mentor, assigned_on=date(2025, 9, 1))
    finished.closed_on = date(2026, 1, 10)
    finished.save(update_fields=["closed_on"])
    html = login(party_member).get(reverse("candidates:mentees")).content.decode()
    current_part, finished_part = html.split('data-testid="mentees-finished"')
    assert "Nguyễn Văn An" in current_part and "Lê Văn Cường" not in current_part
    assert "Lê Văn Cường" in finished_part and review_url(finished) not in finished_part
