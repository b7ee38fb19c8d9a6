"""Issue 12 §3: every field the branch's papers need (FORMS.md) has a place, is taken by the
forms and services, and shows on the candidate page among the recorded steps."""

from datetime import date, time

import pytest
from django.urls import reverse

from candidates import services
from candidates.forms import MentorReviewForm
from candidates.models import Consultation, MentorAssignment, MentorReview, Student
from candidates.roster import columns
from tests.factories import PartyMemberFactory

from .pipeline import detail, post_step, refresh, refusal, vote, with_cards

# --- the assessment: strengths and weaknesses of each heading ------------------------------

HEADINGS = {
    "political": "Lập trường vững vàng",
    "political_weaknesses": "Còn rụt rè khi phát biểu",
    "ethics": "Trung thực",
    "ethics_weaknesses": "Đôi khi chậm giờ",
    "ability": "Học lực giỏi",
    "ability_weaknesses": "Môn Văn chưa đều",
    "relations": "Hòa đồng",
    "relations_weaknesses": "Ít tham gia hoạt động khu phố",
}


def test_an_introduction_takes_strengths_and_weaknesses_of_the_four_headings(
    login, secretary, source, mentor
):
    client = login(secretary)
    data = {"member": mentor.pk, "introduced_on": "2026-02-02", **HEADINGS}
    assert post_step(client, "step_introduction", source, **data).status_code == 302
    introduction = refresh(source).introductions.get()
    assert {name: getattr(introduction, name) for name in HEADINGS} == HEADINGS
    html = client.get(detail(source)).content.decode()
    for text in HEADINGS.values():
        assert text in html
    assert "Khuyết điểm" in html and "Ưu điểm" in html


def test_the_youth_union_resolution_and_the_branch_vote_take_them_too(
    login, branch, secretary, youth_officer, ready
):
    data = {
        "number": "04-NQ/ĐTN",
        "adopted_on": "2026-02-04",
        "committee_members": 9,
        "present": 9,
        "votes_for": 9,
        **HEADINGS,
    }
    # A second resolution, recorded by the Youth Union's officer.
    assert (
        post_step(login(youth_officer), "step_youth_resolution", ready, **data).status_code == 302
    )
    resolution = refresh(ready).youth_resolutions.get(number="04-NQ/ĐTN")
    assert resolution.relations_weaknesses == HEADINGS["relations_weaknesses"]
    services.meeting_record(
        branch=branch,
        actor=secretary,
        purpose="admission",
        held_on=date(2026, 3, 20),
        method="secret",
        present_official=6,
        present_probationary=0,
        votes=[{"candidate": refresh(ready), "votes_for": 6, **HEADINGS}],
    )
    vote_row = refresh(ready).votes.get()
    assert vote_row.ethics_weaknesses == HEADINGS["ethics_weaknesses"]
    meeting = reverse("candidates:meeting_detail", args=[vote_row.meeting_id])
    assert HEADINGS["ability_weaknesses"] in login(secretary).get(meeting).content.decode()
    page = login(secretary).get(detail(ready)).content.decode()
    assert 'data-testid="vote-assessment"' in page and "cuộc họp chi bộ ngày 20/03/2026" in page


def test_the_meeting_form_has_both_columns_of_each_heading(login, secretary, ready):
    url = reverse("candidates:meeting_create") + "?purpose=admission"
    row = login(secretary).get(url).context["rows"][0].form
    assert [field.name for field in row.assessment()] == list(HEADINGS)


# --- 5-KNĐ: each body consulted, how many were asked, how many agreed ------------------------

COMMENTS = {
    "kind": "organisation",
    "body": "Chi đoàn lớp 12A1",
    "consulted_on": "2026-02-08",
    "asked": 36,
    "agreed": 35,
    "strengths": "Gương mẫu trong học tập",
    "weaknesses": "Chưa mạnh dạn góp ý",
}


def test_the_comments_of_each_body_are_recorded_and_file_the_paper(login, secretary, source):
    client = login(secretary)
    assert post_step(client, "step_comments", source, **COMMENTS).status_code == 302
    later = {**COMMENTS, "body": "BCH Đoàn trường", "consulted_on": "2026-02-12", "asked": 9}
    later["agreed"] = 9
    assert post_step(client, "step_comments", source, **later).status_code == 302
    residence = {**COMMENTS, "kind": "residence", "body": "Chi bộ khu dân cư số 3"}
    residence |= {"consulted_on": "2026-02-10", "asked": 12, "agreed": 12}
    assert post_step(client, "step_comments", source, **residence).status_code == 302
    candidate = refresh(source)
    assert candidate.consultations.count() == 3
    # Each paper is complete on the day its last body answered.
    assert candidate.dossier.get(code="5C-KNĐ").dated_on == date(2026, 2, 12)
    assert candidate.dossier.get(code="5B-KNĐ").dated_on == date(2026, 2, 10)
    html = client.get(detail(source)).content.decode()
    assert "35 tán thành trong tổng số 36 đồng chí được hỏi ý kiến (đạt 97,2%)" in html
    assert "Chưa mạnh dạn góp ý" in html and "Chi bộ khu dân cư số 3" in html


@pytest.mark.parametrize(("asked", "agreed"), [(0, 0), (10, 11)])
def test_comments_whose_numbers_do_not_add_up_are_refused_and_kept(
    login, secretary, source, asked, agreed
):
    data = {**COMMENTS, "asked": asked, "agreed": agreed}
    response = post_step(login(secretary), "step_comments", source, **data)
    assert response.status_code == 400 and "số được hỏi" in refusal(response)
    assert 'value="Chi đoàn lớp 12A1"' in response.content.decode()
    assert not Consultation.objects.exists()


# --- the mentor's recommendation for recognition (11-KNĐ) -----------------------------------


@pytest.fixture
def probation_mentor(secretary, probation, party_member):
    candidate = refresh(probation)
    services.candidate_assign_mentor(
        candidate=candidate,
        actor=secretary,
        version=candidate.version,
        member=party_member.party_memberships.get(),
        assigned_on=date(2026, 5, 20),
    )
    return refresh(probation).mentors.get(period=MentorAssignment.Period.PROBATION)


def test_the_mentor_recommends_recognition_with_the_duties_and_why(
    login, party_member, probation_mentor, after_probation
):
    client = login(party_member)
    url = reverse("candidates:review_write", args=[probation_mentor.candidate_id])
    form = client.get(url).context["form"]
    assert {"duties", "duties_weaknesses", "recommendation"} <= set(form.fields)
    data = {
        "written_on": "2027-05-10",
        "summary": "Hoàn thành tốt nhiệm vụ trong 12 tháng dự bị.",
        "duties": "Gương mẫu chấp hành Điều lệ",
        "duties_weaknesses": "Còn ngại phát biểu trong sinh hoạt chi bộ",
        "recommendation": "for",
        "recommendation_reason": "Đủ tư cách đảng viên chính thức",
    }
    assert client.post(url, data).status_code == 302
    review = MentorReview.objects.get()
    assert (review.recommendation, review.duties_weaknesses) == ("for", data["duties_weaknesses"])
    html = client.get(detail(probation_mentor.candidate)).content.decode()
    assert "Đề nghị công nhận đảng viên chính thức" in html
    assert "Đủ tư cách đảng viên chính thức" in html
    assert "Còn ngại phát biểu trong sinh hoạt chi bộ" in html


def test_a_recommendation_needs_its_reason_and_a_probation_review(
    party_member, probation_mentor, after_probation
):
    data = {"author": party_member, "written_on": date(2027, 5, 10), "summary": "Tốt"}
    with pytest.raises(services.DomainError, match="lý do"):
        services.mentor_review_write(assignment=probation_mentor, recommendation="against", **data)
    candidate = probation_mentor.candidate
    before_vote = candidate.mentors.get(period=MentorAssignment.Period.ADMISSION)
    with pytest.raises(services.DomainError, match="dự bị"):
        services.mentor_review_write(
            assignment=before_vote, recommendation="for", recommendation_reason="Tốt", **data
        )
    assert "recommendation" not in MentorReviewForm(probation=False).fields


# --- the ceremony's minutes -------------------------------------------------------------------


def test_the_ceremony_records_its_minutes(login, secretary, decided, roster):
    chair = roster.get(user=secretary)
    taker = roster.get(full_name="Đảng Viên Số 0")
    data = {
        "held_on": "2026-05-19",
        "starts_at": "14:00",
        "place": "Hội trường",
        "chair": chair.pk,
        "minutes_taker": taker.pk,
        "guests": "Đồng chí Nguyễn Văn Bình, Phó Bí thư Đảng ủy phường",
        "present_official": 8,
        "present_probationary": 2,  # the new member counts from this day
        "decision_read": "on",
        "oath_taken": "on",
    }
    client = login(secretary)
    assert post_step(client, "step_ceremony", decided, **data).status_code == 302
    ceremony = refresh(decided).ceremony
    assert (ceremony.chair, ceremony.minutes_taker) == (chair, taker)
    assert (ceremony.present_official, ceremony.present_probationary) == (8, 2)
    assert (ceremony.decision_read, ceremony.oath_taken, ceremony.starts_at) == (
        True,
        True,
        time(14, 0),
    )
    minutes = client.get(detail(decided)).content.decode()
    assert "Phó Bí thư Đảng ủy phường" in minutes
    assert "Có mặt: 8 đảng viên chính thức và 2 đảng viên dự bị" in minutes


def test_the_ceremony_form_starts_with_the_decision_read_and_the_oath(login, secretary, decided):
    form = with_cards(login(secretary).get(detail(decided)).context)["ceremony_form"]
    assert form["decision_read"].value() and form["oath_taken"].value()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"minutes_taker": "chair"}, "hai đồng chí"),
        ({"present_official": 10}, "danh sách"),
    ],
)
def test_minutes_that_do_not_hold_are_refused_and_kept(
    login, branch, secretary, decided, roster, change, message
):
    chair = roster.get(user=secretary)
    data = {"held_on": "2026-05-19", "chair": chair.pk, "guests": "Khách mời đã gõ"}
    data |= {k: chair.pk if v == "chair" else v for k, v in change.items()}
    response = post_step(login(secretary), "step_ceremony", decided, **data)
    assert response.status_code == 400 and message in refusal(response)
    assert "Khách mời đã gõ" in response.content.decode()
    assert not hasattr(refresh(decided), "ceremony")


def test_a_chair_who_left_the_branch_before_the_ceremony_is_refused(branch, secretary, decided):
    gone = PartyMemberFactory(branch=branch, full_name="Đã Chuyển", left_on=date(2026, 5, 1))
    with pytest.raises(services.DomainError, match="Đã Chuyển"):
        services.ceremony_record(
            candidate=decided,
            actor=secretary,
            version=decided.version,
            held_on=date(2026, 5, 19),
            chair=gone,
        )


# --- the mentor-assignment decision's meeting and vote ---------------------------------------


def test_the_mentor_assignment_keeps_the_meeting_and_its_vote(login, secretary, source, mentor):
    client = login(secretary)
    data = {
        "member": mentor.pk,
        "assigned_on": "2025-11-20",
        "reference": "Nghị quyết 07-NQ/CB",
        "meeting_on": "2025-11-18",
        "present": 9,
        "votes_for": 8,
    }
    assert post_step(client, "step_mentor", source, **data).status_code == 302
    assignment = refresh(source).mentors.get()
    assert (assignment.meeting_on, assignment.official_members) == (date(2025, 11, 18), 9)
    html = client.get(detail(source)).content.decode()
    assert "Chi bộ quyết định tại cuộc họp ngày 18/11/2025" in html
    assert "tán thành 8 đồng chí (đạt 88,9% so với tổng số đảng viên chính thức)" in html


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"meeting_on": "2025-11-21"}, "trước cuộc họp"),
        ({"votes_for": 10, "present": 10}, "danh sách|nhiều hơn"),
        ({"votes_for": 8, "present": 7}, "nhiều hơn"),
        ({"meeting_on": "", "votes_for": 8}, "Nhập ngày"),
    ],
)
def test_a_mentor_meeting_that_does_not_hold_is_refused(
    login, secretary, source, mentor, change, message
):
    import re

    data = {"member": mentor.pk, "assigned_on": "2025-11-20", "meeting_on": "2025-11-18"}
    response = post_step(login(secretary), "step_mentor", source, **(data | change))
    assert response.status_code == 400 and re.search(message, refusal(response))
    assert not refresh(source).mentors.exists()


# --- residence: permanent and temporary -------------------------------------------------------


def test_residence_is_split_into_permanent_and_temporary(login, secretary, class_12a1):
    assert {"residence", "temporary_residence"} <= set(Student.EDITABLE_FIELDS)
    assert "thường trú" in Student._meta.get_field("residence").verbose_name
    titles = {key: column.field for key, (column, _rank) in columns.HEADER_KEYS.items()}
    assert titles[columns.header_key("Nơi tạm trú")] == "temporary_residence"
    assert titles[columns.header_key("Hộ khẩu thường trú")] == "residence"
    assert titles[columns.header_key("Ngày vào trường")] == "entered_school_on"
    assert titles[columns.header_key("Ngày nhập học")] == "entered_school_on"


def test_a_recognition_files_its_papers_in_the_probation_checklist(
    login, branch, secretary, probation, after_probation
):
    vote(branch, secretary, probation, date(2027, 5, 20), 7, "recognition")
    candidate = refresh(probation)
    assert candidate.dossier.get(code="13-KNĐ").dated_on == date(2027, 5, 20)
    post_step(
        login(secretary),
        "step_recognition",
        candidate,
        decision_number="88-QĐ/ĐU",
        decision_on="2027-06-10",
    )
    assert refresh(candidate).dossier.get(code="16-KNĐ").dated_on == date(2027, 6, 10)
