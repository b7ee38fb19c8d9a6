"""Who may open what: every URL of PTĐV × every member of the cast → the expected status.

Objects belong to branch Quang Trung and class 12A1: `teacher_12a1` is in scope, `teacher_12a2`
is in another class, `outsider` is the secretary of another branch. A URL that is not in the
table fails `test_every_url_is_in_the_table`.
"""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from candidates.models import (
    DayOff,
    DossierForm,
    DossierFormList,
    DossierItem,
    MentorAssignment,
    PartyMember,
)
from tests.factories import (
    AnnualPlanFactory,
    CandidateFactory,
    NominationFactory,
    PartyMemberFactory,
    StudentFactory,
)

WHO = ["secretary", "youth_officer", "teacher_12a1", "teacher_12a2", "party_member", "outsider"]
WHO_ANON = [*WHO, "anonymous", "committee_member"]


def row(sec, youth, t1, t2, member, outsider, anon=302, *, committee=None):
    """Expected statuses; a committee member's are the secretary's unless said."""
    statuses = [sec, youth, t1, t2, member, outsider, anon, sec if committee is None else committee]
    return dict(zip(WHO_ANON, statuses, strict=True))


EVERYONE = row(200, 200, 200, 200, 200, 200)
MANAGERS_ONLY = row(200, 403, 403, 403, 403, 200)
ISSUE_PAPER = row(302, 403, 403, 403, 403, 404)
SECRETARY_ONLY = row(200, 403, 403, 403, 403, 200, committee=403)
STEP = row(400, 403, 403, 403, 403, 404)  # a pipeline step, posted incomplete
STEP_FORM = row(302, 403, 403, 403, 403, 404)  # its form, opened outside the page
# The secretary's alone, for an object of the branch (another branch's secretary gets 404).
SECRETARY_ONLY_IN_BRANCH = row(200, 403, 403, 403, 403, 404, committee=403)
# The secretary's alone (a committee member gets 403), posted incomplete.
SECRETARY_STEP = row(400, 403, 403, 403, 403, 404, committee=403)
# A mentee's 11-KNĐ: the mentor's too (no review yet: back to the page, 302); their other papers
# are not (403).
MENTEE_REVIEW = row(302, 403, 403, 404, 302, 404)
MENTEE_OTHER = row(302, 403, 403, 403, 403, 404)
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
    # Another branch's year shows the outsider their own branch's plan (or the offer to write it).
    ("plans:detail", "get", ["plan_year"], None, row(200, 403, 403, 403, 403, 200)),
    ("plans:edit", "get", ["plan_year"], None, MANAGERS_ONLY),
    ("plans:edit", "post", ["plan_year"], {}, row(400, 403, 403, 403, 403, 400)),
    ("plans:next", "post", ["plan_year"], {}, row(302, 403, 403, 403, 403, 404)),
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
    (
        "candidates:student_export",
        "get",
        ["student"],
        None,
        row(200, 403, 403, 403, 403, 404, committee=403),
    ),
    ("candidates:student_consent", "get", ["student"], None, SECRETARY_ONLY_IN_BRANCH),
    ("candidates:student_consent", "post", ["student"], {}, SECRETARY_STEP),
    ("candidates:student_consent_withdraw", "post", ["student"], {}, SECRETARY_STEP),
    ("candidates:member_list", "get", [], None, MANAGERS_ONLY),
    ("candidates:member_create", "get", [], None, MANAGERS_ONLY),
    ("candidates:member_edit", "get", ["member"], None, row(200, 403, 403, 403, 403, 404)),
    ("candidates:roster_import", "get", [], None, MANAGERS_ONLY),
    ("candidates:rule_settings", "get", [], None, MANAGERS_ONLY),
    (
        "candidates:day_off_add",
        "post",
        [],
        {"day": "2026-12-31"},
        row(302, 403, 403, 403, 403, 302),
    ),
    ("candidates:day_off_remove", "post", ["day_off"], {}, row(302, 403, 403, 403, 403, 404)),
    ("candidates:school_year_close", "get", [], None, MANAGERS_ONLY),
    # Data retention: the committee reads who is due, the secretary anonymises (posted without
    # the tick that it cannot be undone: 400).
    ("candidates:retention", "get", [], None, MANAGERS_ONLY),
    ("candidates:retention", "post", [], {}, row(400, 403, 403, 403, 403, 400, committee=403)),
    (
        "candidates:school_year_close",
        "post",
        [],
        {},
        row(400, 403, 403, 403, 403, 400, committee=403),
    ),
    # The versions of the dossier's forms: the secretary's (a committee member cannot).
    ("candidates:form_lists", "get", [], None, SECRETARY_ONLY),
    (
        "candidates:form_list_detail",
        "get",
        ["form_list"],
        None,
        row(200, 403, 403, 403, 403, 404, committee=403),
    ),
    (
        "candidates:form_list_remove_form",
        "post",
        ["form_list", "dossier_form"],
        {},
        row(302, 403, 403, 403, 403, 404, committee=403),
    ),
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
    # The pipeline's steps on the candidate page (the candidate is only nominated: an allowed
    # user gets the page again with the refusal, 400). The Youth Union records its resolution.
    ("candidates:step_mentor", "post", ["candidate"], {"version": 1}, STEP),
    ("candidates:step_introduction", "post", ["candidate"], {"version": 1}, STEP),
    (
        "candidates:step_youth_resolution",
        "post",
        ["candidate"],
        {"version": 1},
        row(400, 400, 403, 403, 403, 404),
    ),
    ("candidates:step_comments", "post", ["candidate"], {"version": 1}, STEP),
    ("candidates:step_dossier", "post", ["candidate"], {"version": 1}, STEP),
    # A row's or a card's form outside the page (not fetched by htmx): back to the page.
    ("candidates:step_dossier", "get", ["candidate"], None, STEP_FORM),
    *[
        (f"candidates:step_{name}", "get", ["candidate"], None, STEP_FORM)
        for name in (
            "mentor",
            "introduction",
            "comments",
            "intermediate",
            "extension",
            "decision",
            "ceremony",
            "recognition",
            "exit",
        )
    ],
    (
        "candidates:step_youth_resolution",
        "get",
        ["candidate"],
        None,
        row(302, 302, 403, 403, 403, 404),
    ),
    ("candidates:step_intermediate", "post", ["candidate"], {"version": 1}, STEP),
    ("candidates:step_extension", "post", ["candidate"], {"version": 1}, STEP),
    ("candidates:step_decision", "post", ["candidate"], {"version": 1}, STEP),
    ("candidates:step_ceremony", "post", ["candidate"], {"version": 1}, STEP),
    ("candidates:step_recognition", "post", ["candidate"], {"version": 1}, STEP),
    (
        "candidates:step_exit",
        "post",
        ["candidate"],
        {"version": 1, "kind": "withdrawn", "on": "2026-01-05", "reason": "Xin rút"},
        row(302, 403, 403, 403, 403, 404),
    ),
    # Corrections of recorded steps and an exit undone: the secretary only.
    (
        "candidates:step_correct",
        "post",
        ["candidate", "nomination_kind", "nomination"],
        {"version": 1},
        SECRETARY_STEP,
    ),
    ("candidates:exit_undo", "post", ["candidate"], {"version": 1}, SECRETARY_STEP),
    # Scans are private papers: the committee only.
    (
        "candidates:dossier_scan",
        "get",
        ["candidate", "scan"],
        None,
        row(200, 403, 403, 403, 403, 404),
    ),
    # The mentors' side: `party_member` helps `mentee` (of class 12A1).
    ("candidates:mentees", "get", [], None, row(200, 403, 403, 403, 200, 403, committee=403)),
    ("candidates:detail", "get", ["mentee"], None, row(200, 200, 200, 404, 200, 404)),
    (
        "candidates:step_mentor_end",
        "post",
        ["mentee", "assignment"],
        {"version": 1, "on": "2026-01-05"},
        row(302, 403, 403, 403, 403, 404),
    ),
    ("candidates:review_write", "get", ["mentee"], None, row(403, 403, 403, 404, 200, 404)),
    # The batch pages (views_batch): the committee's; another branch's course or meeting: 404.
    ("candidates:course_list", "get", [], None, MANAGERS_ONLY),
    ("candidates:course_create", "get", [], None, MANAGERS_ONLY),
    ("candidates:course_detail", "get", ["course"], None, row(200, 403, 403, 403, 403, 404)),
    ("candidates:course_register", "get", ["course"], None, row(200, 403, 403, 403, 403, 404)),
    ("candidates:course_certify", "get", ["course"], None, row(200, 403, 403, 403, 403, 404)),
    ("candidates:meeting_list", "get", [], None, MANAGERS_ONLY),
    ("candidates:meeting_create", "get", [], None, MANAGERS_ONLY),
    ("candidates:meeting_detail", "get", ["meeting"], None, row(200, 403, 403, 403, 403, 404)),
    # Users, roles and the branch's settings: the secretary changes them, the committee reads
    # them (tests/accounts); `person` is the Party member of Quang Trung.
    ("user_list", "get", [], None, MANAGERS_ONLY),
    ("access_log", "get", [], None, SECRETARY_ONLY),
    ("user_create", "get", [], None, SECRETARY_ONLY),
    ("user_create", "post", [], {}, row(400, 403, 403, 403, 403, 400, committee=403)),
    ("user_detail", "get", ["person"], None, row(200, 403, 403, 403, 403, 404)),
    ("user_detail", "post", ["person"], {}, row(400, 403, 403, 403, 403, 404, committee=403)),
    (
        "user_password",
        "post",
        ["person"],
        {"link": "1"},
        row(302, 403, 403, 403, 403, 404, committee=403),
    ),
    ("user_password", "post", ["person"], {}, row(400, 403, 403, 403, 403, 404, committee=403)),
    (
        "user_active",
        "post",
        ["person"],
        {"active": "0"},
        row(302, 403, 403, 403, 403, 404, committee=403),
    ),
    ("branch_settings", "get", [], None, MANAGERS_ONLY),
    ("branch_settings", "post", [], {}, row(400, 403, 403, 403, 403, 400, committee=403)),
    # Reports: the committee's. A draft is shown (Excel: the quicker file); an issue posted
    # without its period is refused (400); an issued file of another branch is 404.
    ("reports:index", "get", [], None, MANAGERS_ONLY),
    ("reports:draft", "get", ["report_kind"], None, MANAGERS_ONLY),
    ("reports:draft_file", "get", ["report_kind", "xlsx"], None, MANAGERS_ONLY),
    ("reports:draft_file", "get", ["report_kind", "docx"], None, MANAGERS_ONLY),
    ("reports:save", "post", ["report_kind"], {}, row(400, 403, 403, 403, 403, 400)),
    ("reports:issue", "post", ["report_kind"], {}, row(400, 403, 403, 403, 403, 400)),
    ("reports:register", "get", [], None, MANAGERS_ONLY),
    ("reports:issued_file", "get", ["issued", "xlsx"], None, row(200, 403, 403, 403, 403, 404)),
    ("reports:issued_file", "get", ["issued", "docx"], None, row(200, 403, 403, 403, 403, 404)),
    # The papers' wording: the committee reads it, the secretary saves a version or restores the
    # default (posted without its version: the page again, 400); a paper without editable
    # wording is 404.
    ("reports:wording", "get", [], None, MANAGERS_ONLY),
    (
        "reports:wording_save",
        "post",
        ["wording_kind", "wording_block"],
        {},
        row(400, 403, 403, 403, 403, 400, committee=403),
    ),
    (
        "reports:wording_default",
        "post",
        ["wording_kind", "wording_block"],
        {},
        row(400, 403, 403, 403, 403, 400, committee=403),
    ),
    (
        "reports:wording_save",
        "post",
        ["minutes", "wording_block"],
        {},
        row(404, 403, 403, 403, 403, 404, committee=403),
    ),
    # A candidate's papers (the ceremony's minutes); one without a ceremony sends the secretary
    # back to the candidate's page with the refusal.
    (
        "reports:candidate_paper",
        "get",
        ["candidate", "ceremony", "pdf"],
        None,
        row(302, 403, 403, 403, 403, 404),
    ),
    (
        "reports:candidate_paper",
        "get",
        ["candidate", "ceremony", "docx"],
        None,
        row(302, 403, 403, 403, 403, 404),
    ),
    # The drafts others sign (3-, 4-, 5-, 11-KNĐ): the committee's; the Youth Union's officers
    # also their resolution, a mentor the review of their own mentee. Without the record, the
    # candidate's page with the refusal (302).
    *[
        ("reports:candidate_paper", "get", ["candidate", kind, fmt], None, expected)
        for kind, expected in (
            ("introduction", row(302, 403, 403, 403, 403, 404)),
            ("youth_resolution", row(302, 302, 403, 403, 403, 404)),
            ("comments_summary", row(302, 403, 403, 403, 403, 404)),
            ("mentor_review", row(302, 403, 403, 404, 404, 404)),
        )
        for fmt in ("pdf", "docx")
    ],
    ("reports:candidate_paper", "get", ["mentee", "mentor_review", "pdf"], None, MENTEE_REVIEW),
    ("reports:candidate_paper", "get", ["mentee", "mentor_review", "docx"], None, MENTEE_REVIEW),
    ("reports:candidate_paper", "get", ["mentee", "introduction", "pdf"], None, MENTEE_OTHER),
    # The branch's papers of a mentee: the resolution assigning the mentor, the letter to the
    # awareness class's organiser; a candidate not registered for a class is sent back.
    (
        "reports:candidate_paper",
        "get",
        ["mentee", "mentor_paper", "pdf"],
        None,
        row(200, 403, 403, 403, 403, 404),
    ),
    (
        "reports:candidate_paper",
        "get",
        ["mentee", "mentor_paper", "docx"],
        None,
        row(200, 403, 403, 403, 403, 404),
    ),
    (
        "reports:candidate_paper",
        "get",
        ["mentee", "letter", "pdf"],
        None,
        row(200, 403, 403, 403, 403, 404),
    ),
    (
        "reports:candidate_paper",
        "get",
        ["candidate", "letter", "docx"],
        None,
        row(302, 403, 403, 403, 403, 404),
    ),
    # A meeting's papers, like the meeting's page; a resolution for a candidate the meeting did
    # not vote on, or a paper of another purpose's meeting, sends the secretary back to the
    # meeting's page with the refusal.
    (
        "reports:meeting_paper",
        "get",
        ["recognition_meeting", "recognition_minutes", "pdf"],
        None,
        row(200, 403, 403, 403, 403, 404),
    ),
    (
        "reports:meeting_paper",
        "get",
        ["recognition_meeting", "recognition_resolution", "mentee", "docx"],
        None,
        row(200, 403, 403, 403, 403, 404),
    ),
    (
        "reports:meeting_paper",
        "get",
        ["meeting", "recognition_minutes", "docx"],
        None,
        row(302, 403, 403, 403, 403, 404),
    ),
    (
        "reports:meeting_paper",
        "get",
        ["meeting", "minutes", "pdf"],
        None,
        row(200, 403, 403, 403, 403, 404),
    ),
    (
        "reports:meeting_paper",
        "get",
        ["meeting", "minutes", "docx"],
        None,
        row(200, 403, 403, 403, 403, 404),
    ),
    (
        "reports:meeting_paper",
        "get",
        ["meeting", "resolution", "candidate", "pdf"],
        None,
        row(302, 403, 403, 403, 403, 404),
    ),
    # Issuing a paper: the managers', as issuing a report (302 back to the page, with the
    # outcome as a message); another branch's meeting or candidate is not found.
    ("reports:meeting_paper_issue", "post", ["meeting", "minutes"], {}, ISSUE_PAPER),
    (
        "reports:meeting_paper_issue",
        "post",
        ["meeting", "resolution", "candidate"],
        {},
        ISSUE_PAPER,
    ),
    ("reports:candidate_paper_issue", "post", ["mentee", "mentor_paper"], {}, ISSUE_PAPER),
    # A one-time link that is not valid: a page that says so, to anyone.
    ("password_set", "get", ["bad_uid", "bad_token"], None, row(200, 200, 200, 200, 200, 200, 200)),
    # The set-up page exists only while the database has no branch at all.
    ("setup", "get", [], None, row(404, 404, 404, 404, 404, 404, 404)),
    ("setup", "post", [], {}, row(404, 404, 404, 404, 404, 404, 404)),
    (
        "candidates:meeting_correct",
        "get",
        ["meeting"],
        None,
        row(200, 403, 403, 403, 403, 404, committee=403),
    ),
]
# Pages of Django's own admin are guarded by Django (staff only) and not listed here.
NOT_OURS = ("admin:",)


@pytest.fixture
def objects(branch, class_12a1, party_member, settings, tmp_path):
    student = StudentFactory(school_class=class_12a1, full_name="Nguyễn Văn An")
    candidate = CandidateFactory(student=StudentFactory(school_class=class_12a1))
    pipeline = _pipeline_objects(candidate, class_12a1, party_member, settings, tmp_path)
    return {
        **pipeline,
        **_batch_objects(branch, pipeline["mentee"]),
        "candidate": candidate.pk,
        "nomination_kind": "nomination",
        "nomination": NominationFactory(candidate=candidate).pk,
        "student": student.pk,
        "plan_year": AnnualPlanFactory(branch=branch, year=2026).year,
        "class": class_12a1.pk,
        "member": PartyMemberFactory(branch=branch).pk,
        "day_off": DayOff.objects.create(branch=branch, day=date(2026, 2, 23)).pk,
        "person": party_member.pk,
        "report_kind": "source-list",
        "xlsx": "xlsx",
        "docx": "docx",
        "pdf": "pdf",
        "minutes": "admission-minutes",
        "resolution": "admission-resolution",
        "ceremony": "ceremony-minutes",
        "introduction": "introduction",
        "youth_resolution": "youth-resolution",
        "comments_summary": "comments-summary",
        "mentor_review": "mentor-review",
        "mentor_paper": "mentor-assignment",
        "letter": "awareness-letter",
        "recognition_minutes": "recognition-minutes",
        "recognition_resolution": "recognition-resolution",
        "wording_kind": "admission-resolution",
        "wording_block": "basis",
        "issued": _issued(branch, party_member),
        "bad_uid": "MTA",
        "bad_token": "not-a-token",
        **_form_list_objects(branch),
    }


def _form_list_objects(branch):
    """A version of the dossier's forms of the branch, with one form."""
    form_list = DossierFormList.objects.create(
        branch=branch, version="HD38-BTCTW-2025", applies_from=date(2026, 9, 1)
    )
    form = DossierForm.objects.create(
        form_list=form_list, code="1-KNĐ", title="Đơn xin vào Đảng", needed="before_vote"
    )
    return {"form_list": form_list.pk, "dossier_form": form.pk}


def _pipeline_objects(candidate, school_class, mentor_user, settings, tmp_path):
    """A scanned paper of `candidate` (in a private media folder of this test) and a mentee."""
    settings.MEDIA_ROOT = tmp_path
    item = DossierItem.objects.create(candidate=candidate, code="1-KNĐ", form_version="test")
    item.scan.save("don.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    mentee = CandidateFactory(student=StudentFactory(school_class=school_class))
    assignment = MentorAssignment.objects.create(
        candidate=mentee,
        member=PartyMember.objects.get(user=mentor_user),
        assigned_on=date(2025, 11, 20),
    )
    return {"scan": item.pk, "mentee": mentee.pk, "assignment": assignment.pk}


def _batch_objects(branch, mentee):
    """An awareness course that `mentee` is registered for, a branch meeting of the branch
    for the batch pages, and a recognition meeting that voted on `mentee`."""
    from candidates.models import AwarenessCourse, BranchMeeting, CourseAttendance, MeetingVote

    course = AwarenessCourse.objects.create(
        branch=branch, name="Lớp NTVĐ khóa 1", organiser="TTCT phường", starts_on=date(2025, 11, 3)
    )
    CourseAttendance.objects.create(
        course=course, candidate_id=mentee, registered_on=date(2025, 10, 20)
    )
    recognition = BranchMeeting.objects.create(
        branch=branch,
        purpose=BranchMeeting.Purpose.RECOGNITION,
        held_on=date(2027, 5, 20),
        method=BranchMeeting.Method.SECRET,
        official_members=9,
        probationary_members=1,
        present_official=9,
        present_probationary=1,
    )
    MeetingVote.objects.create(meeting=recognition, candidate_id=mentee, votes_for=9, passed=True)
    meeting = BranchMeeting.objects.create(
        branch=branch,
        purpose=BranchMeeting.Purpose.ADMISSION,
        held_on=date(2026, 3, 20),
        method=BranchMeeting.Method.SECRET,
        official_members=9,
        probationary_members=1,
        present_official=9,
        present_probationary=1,
    )
    return {"course": course.pk, "meeting": meeting.pk, "recognition_meeting": recognition.pk}


def _issued(branch, user):
    """A document in the branch's register (its files need not be real for the table)."""
    from reports.models import IssuedDocument

    return IssuedDocument.objects.create(
        branch=branch, kind="source-list", type_code="DS", sequence=1, number="01-DS/CB",
        title="DANH SÁCH", issued_on=date(2026, 3, 2), issued_by=user, pdf=b"%PDF", xlsx=b"PK",
        docx=b"PK",
    ).pk  # fmt: skip


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
