"""The pipeline's steps on the candidate page: each through its view, refused with the rule's
message and the entry kept, forced only by the secretary with a reason shown in the history."""

import os
import stat
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from candidates import services
from candidates.models import (
    Candidate,
    DossierItem,
    Event,
    MentorAssignment,
    PartyMember,
)
from tests.factories import PartyMemberFactory

from .pipeline import (
    detail,
    dossier_rows,
    overrides_shown,
    post_step,
    refusal,
    with_cards,
)
from .pipeline import refresh as fresh

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Scans go to a folder of this test, never to the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "private_media"
    return settings.MEDIA_ROOT


@pytest.fixture
def probationary(roster, branch):
    return PartyMember.objects.get(branch=branch, official_on__isnull=True)


# --- the page: progress, deadlines, findings, the forms that apply ----------------------


def test_page_lists_the_nine_stages_with_what_was_recorded(login, secretary, ready):
    response = login(secretary).get(detail(ready))
    progress = response.context["progress"]
    assert [step["stage"] for step in progress] == services.PIPELINE_ORDER
    states = {step["stage"]: step["state"] for step in progress}
    assert states["nominated"] == states["mentored"] == "done"
    assert (states["dossier"], states["resolved"]) == ("current", "todo")
    html = response.content.decode()
    assert "Lớp NTVĐ khóa 1" in html and "10/11/2025" in html  # course and certificate
    assert "20/11/2025" in html  # mentor assigned
    assert 'data-stage="dossier" data-state="current"' in html


@time_machine.travel(date(2026, 5, 13))
def test_page_shows_the_ceremony_deadline_in_working_days(login, secretary, decided):
    html = login(secretary).get(detail(decided)).content.decode()
    assert "Hạn tổ chức lễ kết nạp: 28/05/2026 — còn 11 ngày làm việc" in html


@time_machine.travel(date(2026, 3, 1))
def test_page_shows_each_finding_with_code_severity_and_what_lifts_it(login, secretary, source):
    services.candidate_plan_vote(
        candidate=source, actor=secretary, planned_vote_on=date(2026, 3, 10), version=source.version
    )
    response = login(secretary).get(detail(source))
    codes = {f.code for f in response.context["findings"]}
    assert {"R1", "R4", "HS"} <= codes
    html = response.content.decode()
    assert "<strong>R1</strong> · chặn" in html
    assert "14/03/2026" in html  # the 18th birthday, from when the branch may vote


def test_the_source_list_is_offered_the_preparation_steps(login, secretary, source):
    context = with_cards(login(secretary).get(detail(source)).context)
    for name in ("mentor_form", "introduction_form", "youth_form", "exit_form"):
        assert name in context
    for name in ("decision_form", "ceremony_form", "intermediate_form", "recognition_form"):
        assert name not in context
    assert context["can_edit_dossier"]


def test_a_decided_candidate_is_offered_only_the_ceremony_and_the_exit(login, secretary, decided):
    context = with_cards(login(secretary).get(detail(decided)).context)
    assert {"ceremony_form", "exit_form"} <= set(context.keys())
    for name in ("mentor_form", "introduction_form", "youth_form", "decision_form"):
        assert name not in context


def test_every_step_form_carries_the_candidates_version(login, secretary, source):
    context = with_cards(login(secretary).get(detail(source)).context)
    for name in ("mentor_form", "introduction_form", "youth_form", "exit_form"):
        assert context[name]["version"].value() == fresh(source).version


def test_only_the_secretary_is_offered_the_force_reason(login, secretary, committee_member, source):
    client = login(secretary)
    page = client.get(detail(source))
    assert "force_reason" in with_cards(page.context)["mentor_form"].fields
    card = client.get(reverse("candidates:step_mentor", args=[source.pk]), {"step": "mentor"})
    assert "Lý do" in client.get(card["Location"]).content.decode()
    other = login(committee_member).get(detail(source)).context
    assert "force_reason" not in with_cards(other)["mentor_form"].fields


def test_a_homeroom_teacher_sees_the_progress_but_no_step_forms(login, teacher_12a1, source):
    response = login(teacher_12a1).get(detail(source))
    assert response.status_code == 200
    assert response.context["progress"]
    for name in ("mentor_form", "youth_form", "exit_form", "checklists"):
        assert name not in with_cards(response.context)
    assert "Cơ Tu" not in response.content.decode()


def test_a_folded_cards_form_is_fetched_when_it_unfolds(login, secretary, source):
    client = login(secretary)
    page = client.get(detail(source))
    html = page.content.decode()
    unfolded = page.context["unfolded"]
    cards = [step for step, _form in page.context["step_cards"]]
    folded = [step for step in cards if step.card_id not in unfolded]
    assert folded  # the next step here is a page of its own (the awareness class)
    for step in cards:
        url = reverse(step.url_name, args=[source.pk])
        assert (f'action="{url}"' in html) == (step not in folded), step.key
        assert (f'hx-get="{url}"' in html) == (step in folded), step.key
    # Fetched: the form of the card, as the page would have written it.
    step = folded[0]
    url = reverse(step.url_name, args=[source.pk])
    body = client.get(url, headers={"HX-Request": "true"})
    fragment = body.content.decode()
    assert body.status_code == 200 and f'action="{url}"' in fragment
    assert f'name="version" value="{fresh(source).version}"' in fragment
    # Without JavaScript: the card's link opens the page with that card unfolded.
    outside = client.get(url)
    target = f"{detail(source)}?step={step.key}#{step.card_id}"
    assert outside.status_code == 302 and outside["Location"] == target
    assert f'href="?step={step.key}#{step.card_id}"' in html
    unfolded_page = client.get(detail(source), {"step": step.key})
    assert f'action="{url}"' in unfolded_page.content.decode()


def test_a_card_fetched_after_its_step_closed_says_so(login, secretary, decided):
    url = reverse("candidates:step_mentor", args=[decided.pk])
    body = login(secretary).get(url, headers={"HX-Request": "true"})
    fragment = body.content.decode()
    assert body.status_code == 200 and "<form" not in fragment
    assert "không còn ghi nhận được" in fragment


# --- mentor assignment -------------------------------------------------------------------


def test_secretary_assigns_an_official_member_as_mentor(login, secretary, source, mentor):
    response = post_step(
        login(secretary), "step_mentor", source, member=mentor.pk, assigned_on="2025-11-20"
    )
    assert response.status_code == 302
    candidate = fresh(source)
    assert candidate.stage == Candidate.Stage.MENTORED
    assert candidate.mentors.get().member == mentor


def test_a_probationary_mentor_is_refused_with_r6_and_the_entry_is_kept(
    login, secretary, source, probationary
):
    response = post_step(
        login(secretary),
        "step_mentor",
        source,
        member=probationary.pk,
        assigned_on="2025-11-21",
        reference="NQ 07-NQ/CB",
    )
    assert response.status_code == 400
    assert "R6" in refusal(response)
    html = response.content.decode()
    assert 'value="2025-11-21"' in html and 'value="NQ 07-NQ/CB"' in html
    assert not fresh(source).mentors.exists()


def test_the_secretary_forces_a_probationary_mentor_with_a_reason_shown_in_history(
    login, secretary, source, probationary
):
    client = login(secretary)
    reason = "Chi bộ chỉ còn đồng chí này phụ trách khối 12"
    response = post_step(
        client,
        "step_mentor",
        source,
        member=probationary.pk,
        assigned_on="2025-11-21",
        force_reason=reason,
    )
    assert response.status_code == 302
    assert fresh(source).mentors.get().member == probationary
    shown, html = overrides_shown(client, source)
    assert shown == 1
    assert reason in html and "R6" in html


def test_a_committee_member_cannot_force_a_blocked_step(
    login, committee_member, source, probationary
):
    response = post_step(
        login(committee_member),
        "step_mentor",
        source,
        member=probationary.pk,
        assigned_on="2025-11-21",
        force_reason="Cần gấp",
    )
    assert response.status_code == 400
    assert "R6" in refusal(response)
    assert not fresh(source).mentors.exists()
    assert not Event.objects.filter(kind="override").exists()


def test_a_stale_version_is_refused_with_409_and_the_entry_kept(login, secretary, source, mentor):
    client = login(secretary)
    seen = fresh(source).version
    post_step(client, "step_mentor", source, member=mentor.pk, assigned_on="2025-11-20")
    url = reverse("candidates:step_exit", args=[source.pk])
    data = {"version": seen, "kind": "withdrawn", "on": "2025-12-01", "reason": "Xin rút"}
    response = client.post(url, data)
    assert response.status_code == 409
    assert "người khác" in refusal(response)
    assert with_cards(response.context)["exit_form"]["version"].value() == fresh(source).version
    assert "Xin rút" in response.content.decode()
    assert fresh(source).is_open


# --- introduction and the Youth Union's resolution ---------------------------------------


def test_secretary_records_an_introduction_with_the_four_headings(login, secretary, source, mentor):
    response = post_step(
        login(secretary),
        "step_introduction",
        source,
        member=mentor.pk,
        introduced_on="2026-02-02",
        political="Lập trường vững vàng",
        ethics="Trung thực, khiêm tốn",
        ability="Học lực giỏi",
        relations="Gần gũi bạn bè",
        points_to_note="Cần mạnh dạn hơn",
    )
    assert response.status_code == 302
    introduction = fresh(source).introductions.get()
    assert (introduction.political, introduction.points_to_note) == (
        "Lập trường vững vàng",
        "Cần mạnh dạn hơn",
    )
    html = login(secretary).get(detail(source)).content.decode()
    assert "Lập trường vững vàng" in html


@pytest.fixture
def newcomer(branch):
    """An official member who came to the school in January 2026 (R7: too recent)."""
    return PartyMemberFactory(
        branch=branch, full_name="Mới Chuyển Đến", started_at_school_on=date(2026, 1, 5)
    )


def test_an_introducer_who_came_too_recently_is_refused_with_r7(login, secretary, source, newcomer):
    response = post_step(
        login(secretary),
        "step_introduction",
        source,
        member=newcomer.pk,
        introduced_on="2026-02-02",
        points_to_note="Ghi chú đã gõ",
    )
    assert response.status_code == 400
    assert "R7" in refusal(response)
    assert "Ghi chú đã gõ" in response.content.decode()
    assert not fresh(source).introductions.exists()


def test_the_secretary_forces_an_introduction_with_a_reason(login, secretary, source, newcomer):
    client = login(secretary)
    response = post_step(
        client,
        "step_introduction",
        source,
        member=newcomer.pk,
        introduced_on="2026-02-02",
        force_reason="Đồng chí là giáo viên chủ nhiệm từ đầu năm",
    )
    assert response.status_code == 302
    shown, html = overrides_shown(client, source)
    assert shown == 1 and "Đồng chí là giáo viên chủ nhiệm từ đầu năm" in html


def test_a_replacement_introducer_needs_no_override(login, secretary, source, newcomer):
    response = post_step(
        login(secretary),
        "step_introduction",
        source,
        member=newcomer.pk,
        introduced_on="2026-02-02",
        is_replacement="on",
    )
    assert response.status_code == 302
    assert fresh(source).introductions.get().is_replacement


YOUTH = {
    "number": "03-NQ/ĐTN",
    "adopted_on": "2026-02-03",
    "committee_members": 9,
    "present": 8,
    "votes_for": 8,
    "political": "Tích cực trong công tác Đoàn",
}


def test_the_youth_officer_records_the_youth_union_resolution(login, youth_officer, source):
    client = login(youth_officer)
    assert "youth_form" in with_cards(client.get(detail(source)).context)
    response = post_step(client, "step_youth_resolution", source, **YOUTH)
    assert response.status_code == 302
    resolution = fresh(source).youth_resolutions.get()
    assert (resolution.number, resolution.present, resolution.recorded_by) == (
        "03-NQ/ĐTN",
        8,
        youth_officer,
    )
    assert fresh(source).dossier.get(code="4-KNĐ").status == DossierItem.Status.RECEIVED


def test_youth_union_numbers_that_do_not_add_up_are_refused_and_kept(login, youth_officer, source):
    response = post_step(
        login(youth_officer), "step_youth_resolution", source, **{**YOUTH, "votes_for": 9}
    )
    assert response.status_code == 400
    assert refusal(response)
    assert 'value="03-NQ/ĐTN"' in response.content.decode()
    assert not fresh(source).youth_resolutions.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("step_mentor", {"member": 1, "assigned_on": "2025-11-20"}),
        ("step_introduction", {"member": 1, "introduced_on": "2026-02-02"}),
        ("step_dossier", {"code": "1-KNĐ", "status": "received", "dated_on": "2026-01-05"}),
        ("step_decision", {"number": "1"}),
        ("step_ceremony", {"held_on": "2026-05-19"}),
        ("step_exit", {"kind": "withdrawn", "on": "2026-01-05", "reason": "x"}),
    ],
)
def test_the_youth_officer_may_record_no_other_step(login, youth_officer, source, name, data):
    assert post_step(login(youth_officer), name, source, **data).status_code == 403
    assert fresh(source).version == source.version


def test_a_homeroom_teacher_may_not_record_the_youth_resolution(login, teacher_12a1, source):
    response = post_step(login(teacher_12a1), "step_youth_resolution", source, **YOUTH)
    assert response.status_code == 403


# --- the dossier and its scans ------------------------------------------------------------


def upload(client, candidate, content, name="don.pdf", **data):
    scan = SimpleUploadedFile(name, content, content_type="application/pdf")
    fields = {"code": "1-KNĐ", "status": "received", "dated_on": "2026-01-05", **data}
    return post_step(client, "step_dossier", candidate, scan=scan, **fields)


def test_page_lists_every_form_of_the_checklist_with_its_status(login, secretary, ready):
    response = login(secretary).get(detail(ready))
    rows = {row["code"]: row for row in dossier_rows(response.context)}
    assert list(rows)[:3] == ["CN-NTVĐ", "1-KNĐ", "2-KNĐ"]
    assert rows["2-KNĐ"]["item"].status == DossierItem.Status.VERIFIED
    assert rows["2-KNĐ"]["item"].recorded_by == secretary
    assert rows["6-KNĐ"]["item"] is None and rows["1-KNĐ"]["required"]
    assert response.content.decode().count('data-testid="dossier-row"') == len(rows)


def test_a_scan_is_uploaded_and_served_to_the_committee_only(login, cast, source, private_media):
    secretary = cast["secretary"]
    client = login(secretary)
    response = upload(client, source, PDF, note="Bản gốc")
    assert response.status_code == 302
    item = fresh(source).dossier.get(code="1-KNĐ")
    assert (item.status, item.note) == (DossierItem.Status.RECEIVED, "Bản gốc")
    assert item.scan.path.startswith(str(private_media))
    url = reverse("candidates:dossier_scan", args=[source.pk, item.pk])
    assert url in client.get(detail(source)).content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    expected = {"youth_officer": 403, "teacher_12a1": 403, "party_member": 403, "outsider": 404}
    for who, status in expected.items():
        assert login(cast[who]).get(url).status_code == status, who


def test_a_scan_is_never_under_the_media_url(login, secretary, source):
    from django.conf import settings

    upload(login(secretary), source, PDF)
    item = fresh(source).dossier.get(code="1-KNĐ")
    media_url = f"/{settings.MEDIA_URL.strip('/')}/{item.scan.name}".replace("//", "/")
    assert login(secretary).get(media_url).status_code == 404


def test_a_fake_pdf_is_refused_and_the_entry_kept(login, secretary, source):
    response = upload(login(secretary), source, b"MZ\x90\x00 not a pdf", note="Đơn viết tay")
    assert response.status_code == 400
    assert "PDF" in refusal(response)
    assert "Đơn viết tay" in response.content.decode()
    assert not fresh(source).dossier.exists()


def test_a_received_paper_needs_its_date(login, secretary, source):
    response = post_step(
        login(secretary), "step_dossier", source, code="5-KNĐ", status="received", note="Có"
    )
    assert response.status_code == 400
    assert "ngày" in refusal(response)
    row = next(r for r in dossier_rows(response.context) if r["code"] == "5-KNĐ")
    assert row["edit"].is_bound and row["edit"]["note"].value() == "Có"


def test_a_rows_form_is_fetched_when_it_unfolds_filled_with_what_is_recorded(
    login, secretary, ready
):
    client = login(secretary)
    html = client.get(detail(ready)).content.decode()
    rows = dossier_rows(client.get(detail(ready)).context)
    # No form on the page until a row unfolds: each row names where its form comes from.
    assert 'data-testid="dossier-form"' not in html
    url = reverse("candidates:step_dossier", args=[ready.pk])
    assert html.count(f'hx-get="{url}?code=') == len([r for r in rows if r["editable"]])
    index = next(r["index"] for r in rows if r["code"] == "2-KNĐ")
    item = ready.dossier.get(code="2-KNĐ")
    form = client.get(url, {"code": "2-KNĐ"}, headers={"HX-Request": "true"})
    fragment = form.content.decode()
    assert form.status_code == 200 and fragment.count('data-testid="dossier-form"') == 1
    assert f'id="id_dossier{index}_status"' in fragment
    assert '<option value="verified" selected>' in fragment
    assert f'value="{item.dated_on:%d/%m/%Y}"' in fragment
    assert f'name="version" value="{fresh(ready).version}"' in fragment


def test_a_rows_form_opened_outside_the_page_goes_to_the_page(login, secretary, ready):
    client = login(secretary)
    url = reverse("candidates:step_dossier", args=[ready.pk])
    response = client.get(url, {"code": "2-KNĐ"})
    assert response.status_code == 302 and response["Location"] == detail(ready) + "#dossier"
    unknown = client.get(url, {"code": "99-KNĐ"}, headers={"HX-Request": "true"})
    assert unknown.status_code == 404


def test_a_refused_rows_form_is_on_the_page_unfolded(login, secretary, source):
    response = post_step(
        login(secretary), "step_dossier", source, code="5-KNĐ", status="received", note="Có"
    )
    html = response.content.decode()
    assert html.count('data-testid="dossier-form"') == 1
    assert 'class="collapse show" id="dossier-edit-' in html


# --- between the vote and the ceremony ----------------------------------------------------


def test_secretary_records_an_intermediate_resolution(login, secretary, resolved, in_between):
    response = post_step(
        login(secretary),
        "step_intermediate",
        resolved,
        number="15-NQ/ĐU",
        adopted_on="2026-03-30",
        members=9,
        votes_for=7,
    )
    assert response.status_code == 302
    resolution = fresh(resolved).intermediate_resolutions.get()
    assert (resolution.votes_for, resolution.committee_name) == (7, in_between.name)
    assert fresh(resolved).dossier.get(code="8-KNĐ").dated_on == date(2026, 3, 30)


def test_an_intermediate_resolution_below_two_thirds_is_refused_then_forced(
    login, secretary, committee_member, resolved, in_between
):
    data = {
        "number": "15-NQ/ĐU",
        "adopted_on": "2026-03-30",
        "members": 9,
        "votes_for": 5,
    }
    refused = post_step(login(secretary), "step_intermediate", resolved, **data)
    assert refused.status_code == 400 and "R13" in refusal(refused)
    assert 'value="15-NQ/ĐU"' in refused.content.decode()
    reason = {"force_reason": "Cấp ủy đã họp bổ sung"}
    by_committee = post_step(
        login(committee_member), "step_intermediate", resolved, **data, **reason
    )
    assert by_committee.status_code == 400
    client = login(secretary)
    assert post_step(client, "step_intermediate", resolved, **data, **reason).status_code == 302
    shown, html = overrides_shown(client, resolved)
    assert shown == 1 and "Cấp ủy đã họp bổ sung" in html


def test_the_decision_form_names_the_branchs_committee(login, secretary, branch, resolved):
    response = login(secretary).get(detail(resolved))
    assert with_cards(response.context)["decision_form"]["issuer"].value() == branch.committee.pk
    assert f'<option value="{branch.committee.pk}" selected>' in response.content.decode()


def test_secretary_records_the_decision(login, secretary, resolved):
    response = post_step(
        login(secretary),
        "step_decision",
        resolved,
        number="512-QĐ/ĐU",
        issued_on="2026-04-10",
        received_on="2026-04-13",
        issuer=resolved.branch.committee_id,
    )
    assert response.status_code == 302
    candidate = fresh(resolved)
    assert candidate.stage == Candidate.Stage.DECIDED
    assert candidate.decision.number == "512-QĐ/ĐU"


def test_a_decision_dated_before_the_vote_is_refused_and_kept(login, secretary, resolved):
    response = post_step(
        login(secretary),
        "step_decision",
        resolved,
        number="512-QĐ/ĐU",
        issued_on="2026-03-01",
        received_on="2026-03-02",
        issuer=resolved.branch.committee_id,
    )
    assert response.status_code == 400
    assert refusal(response)
    assert 'value="512-QĐ/ĐU"' in response.content.decode()
    assert fresh(resolved).stage == Candidate.Stage.RESOLVED


# --- the ceremony, recognition, exit -----------------------------------------------------


def test_secretary_records_the_ceremony(login, secretary, decided):
    response = post_step(
        login(secretary), "step_ceremony", decided, held_on="2026-05-19", place="Hội trường"
    )
    assert response.status_code == 302
    assert fresh(decided).stage == Candidate.Stage.PROBATIONARY


def test_a_late_ceremony_needs_the_consent_or_the_secretarys_override(
    login, secretary, committee_member, decided
):
    late = {"held_on": "2026-05-29", "place": "Hội trường"}
    refused = post_step(login(secretary), "step_ceremony", decided, **late)
    assert refused.status_code == 400 and "R15" in refusal(refused)
    assert 'value="Hội trường"' in refused.content.decode()
    forced = {**late, "force_reason": "Chờ cấp trên dự"}
    assert post_step(login(committee_member), "step_ceremony", decided, **forced).status_code == 400
    client = login(secretary)
    assert post_step(client, "step_ceremony", decided, **forced).status_code == 302
    shown, html = overrides_shown(client, decided)
    assert shown == 1 and "Chờ cấp trên dự" in html


def test_a_late_ceremony_with_the_superiors_consent_is_recorded(login, secretary, decided):
    response = post_step(
        login(secretary),
        "step_ceremony",
        decided,
        held_on="2026-05-29",
        consent_reference="Công văn 45-CV/ĐU ngày 20/05/2026",
    )
    assert response.status_code == 302
    assert fresh(decided).ceremony.consent_reference.startswith("Công văn 45")


def test_probation_offers_a_probation_mentor(login, secretary, probation, roster):
    client = login(secretary)
    assert "mentor_form" in with_cards(client.get(detail(probation)).context)
    other = roster.exclude(user__isnull=False).filter(official_on__isnull=False).first()
    response = post_step(
        client, "step_mentor", probation, member=other.pk, assigned_on="2026-05-20"
    )
    assert response.status_code == 302
    assert fresh(probation).mentors.filter(period=MentorAssignment.Period.PROBATION).exists()


def test_the_recognition_decision_is_recorded_on_the_closed_record(login, secretary, official):
    client = login(secretary)
    page = client.get(detail(official))
    assert "recognition_form" in with_cards(page.context)
    assert "exit_form" not in with_cards(page.context)
    html = page.content.decode()
    assert 'data-testid="closed-record"' in html and "19/05/2027" in html  # R17
    response = post_step(
        client, "step_recognition", official, decision_number="88-QĐ/ĐU", decision_on="2027-06-10"
    )
    assert response.status_code == 302
    assert fresh(official).recognition.decision_number == "88-QĐ/ĐU"
    assert "88-QĐ/ĐU" in client.get(detail(official)).content.decode()


def test_secretary_ends_a_candidacy_and_the_record_stays_readable(login, secretary, ready):
    client = login(secretary)
    response = post_step(
        client, "step_exit", ready, kind="graduated", on="2026-06-01", reason="Tốt nghiệp"
    )
    assert response.status_code == 302
    page = client.get(detail(ready))
    html = page.content.decode()
    assert 'data-testid="closed-record"' in html
    assert "Tốt nghiệp" in html and "01/06/2026" in html
    assert page.context["candidate"].get_exit_stage_display() in html
    assert "exit_form" not in with_cards(page.context) and not page.context["can_edit_dossier"]
    assert len(dossier_rows(page.context)) >= 11  # the dossier is still shown


def test_an_exit_without_a_reason_is_refused(login, secretary, source):
    response = post_step(login(secretary), "step_exit", source, kind="withdrawn", on="2026-01-05")
    assert response.status_code == 400
    assert fresh(source).is_open


# --- constant queries ---------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def grow(candidate, secretary, mentor_user, times):
    """More reviews, papers and events on the same candidate."""
    assignment = candidate.mentors.get()
    for day in range(1, times + 1):
        services.mentor_review_write(
            assignment=assignment,
            author=mentor_user,
            written_on=date(2026, 1, day),
            summary=f"Nhận xét lần {day}",
            political="Tốt",
        )
        candidate = fresh(candidate)
        services.dossier_item_set(
            candidate=candidate,
            actor=secretary,
            version=candidate.version,
            code="20-KNĐ",
            status="received",
            dated_on=date(2026, 1, day),
            note=f"Lần {day}",
        )


@time_machine.travel(date(2026, 3, 1))
def test_candidate_page_queries_do_not_grow_with_dossier_reviews_and_events(
    login, secretary, party_member, ready
):
    grow(ready, secretary, party_member, 2)
    url = detail(ready)
    few = count_queries(login(secretary), url)
    few_as_mentor = count_queries(login(party_member), url)
    grow(ready, secretary, party_member, 20)
    assert count_queries(login(secretary), url) == few
    assert count_queries(login(party_member), url) == few_as_mentor
    page = login(secretary).get(url)
    assert len(page.context["reviews"]) == 22
    assert len(page.context["events"]) > 40


# --- scans: content checks, replacement, private files ------------------------------------

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("don.pdf", PDF + b"<html><body><script>alert(1)</script></body></html>"),
        ("don.pdf", b"%PDF-1.4\n<< /S /JavaScript /JS (app.alert(1)) >>\n%%EOF"),
        ("don.png", PNG + b"<!DOCTYPE html><p>x</p>"),
        ("don.png", PNG + b"<svg onload=alert(1)>"),
        ("don.jpg", b"\xff\xd8\xff\xe0" + b"< script src=//x>"),
    ],
)
def test_a_scan_with_a_web_page_or_script_behind_its_signature_is_refused(
    login, secretary, source, name, content
):
    response = upload(login(secretary), source, content, name=name, note="Đơn")
    assert response.status_code == 400
    assert "trang web hoặc đoạn mã" in refusal(response)
    assert not fresh(source).dossier.exists()


@pytest.mark.parametrize(("name", "content"), [("don.png", PDF), ("don.pdf", PNG)])
def test_a_scan_whose_content_is_not_its_extension_is_refused(
    login, secretary, source, name, content
):
    assert upload(login(secretary), source, content, name=name).status_code == 400


def test_a_png_scan_is_accepted(login, secretary, source):
    assert upload(login(secretary), source, PNG, name="don.png").status_code == 302


def test_a_replaced_scan_is_removed_and_scans_are_private_to_the_server(
    login, secretary, source, private_media, django_capture_on_commit_callbacks
):
    client = login(secretary)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, source, PDF)
    first = fresh(source).dossier.get(code="1-KNĐ").scan.path
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, source, PDF + b"% second\n")
    second = fresh(source).dossier.get(code="1-KNĐ").scan.path
    assert first != second
    assert not os.path.exists(first)
    with open(second, "rb") as stored:
        assert stored.read().endswith(b"% second\n")
    assert stat.S_IMODE(os.stat(second).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(os.path.dirname(second)).st_mode) == 0o700


def test_pages_and_downloads_are_not_kept_by_the_browser(login, secretary, source):
    client = login(secretary)
    for url in (detail(source), reverse("candidates:export"), reverse("login")):
        assert "no-store" in client.get(url)["Cache-Control"], url
    upload(client, source, PDF)
    item = fresh(source).dossier.get(code="1-KNĐ")
    scan = client.get(reverse("candidates:dossier_scan", args=[source.pk, item.pk]))
    assert "no-store" in scan["Cache-Control"]
