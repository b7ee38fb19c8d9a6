"""The roster import pages: who may use them, upload → preview → confirm, and refusals."""

import io
import os
import stat
import time

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from candidates.models import Event, SchoolClass, Student
from candidates.views import roster as imports

from ..factories import ConsentFactory, MembershipFactory, StudentFactory
from .test_roster_builders import CSDL_SAMPLE, VNEDU_SAMPLE, student
from .test_roster_builders import roster as make_roster

pytestmark = pytest.mark.django_db

UPLOAD = reverse("candidates:roster_import")
PREVIEW = reverse("candidates:roster_preview")
CONFIRM = reverse("candidates:roster_confirm")
PROBLEMS = reverse("candidates:roster_problems")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client, data, name="roster.xlsx", school_year=""):
    file = SimpleUploadedFile(name, data, content_type=imports.XLSX_TYPE)
    # The samples hold sensitive cells of students without consent: left out, as chosen.
    data = {"file": file, "school_year": school_year, "leave_out_sensitive": "on"}
    return client.post(UPLOAD, data)


def counts():
    return (Student.objects.count(), SchoolClass.objects.count(), Event.objects.count())


# --- who may use the pages ------------------------------------------------------------------

PAGES = [("get", UPLOAD), ("get", PREVIEW), ("post", CONFIRM), ("get", PROBLEMS)]


@pytest.mark.parametrize(("method", "url"), PAGES)
@pytest.mark.parametrize("who", ["youth_officer", "teacher_12a1", "party_member"])
def test_only_the_secretary_and_committee_may_import(login, cast, who, method, url):
    response = getattr(login(cast[who]), method)(url)
    assert response.status_code == 403


@pytest.mark.parametrize(("method", "url"), PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", ["secretary", "committee_member"])
def test_the_secretary_and_committee_members_open_the_upload_page(login, request, who):
    response = login(request.getfixturevalue(who)).get(UPLOAD)
    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert "Mã học sinh".encode() in response.content  # the columns understood are listed


def test_the_preview_without_an_upload_goes_back_to_the_upload_page(login, secretary):
    assert login(secretary).get(PREVIEW)["Location"] == UPLOAD


# --- the whole journey ----------------------------------------------------------------------


@pytest.mark.parametrize(("sample", "count"), [(CSDL_SAMPLE, 38), (VNEDU_SAMPLE, 36)])
def test_a_sample_imports_through_the_page(login, secretary, branch, sample, count):
    client = login(secretary)
    response = upload(client, sample.read_bytes(), name=sample.name)
    assert response.status_code == 302 and response["Location"] == PREVIEW
    page = client.get(PREVIEW)
    preview = page.context["preview"]
    assert (len(preview.classes_to_create), len(preview.new), len(preview.changed)) == (1, count, 0)
    assert sample.name in page.content.decode()
    assert preview.fingerprint in page.content.decode()
    assert Student.objects.count() == 0  # nothing is written before the confirmation
    response = client.post(CONFIRM, {"fingerprint": preview.fingerprint}, follow=True)
    assert response.redirect_chain[-1][0] == UPLOAD
    assert Student.objects.filter(branch=branch).count() == count
    assert Event.objects.filter(kind="roster_import", actor=secretary).count() == count
    assert any(str(count) in str(m) for m in response.context["messages"])


def test_importing_the_same_file_again_through_the_page_reports_no_changes(login, secretary):
    client = login(secretary)
    upload(client, CSDL_SAMPLE.read_bytes())
    client.post(CONFIRM, {"fingerprint": client.get(PREVIEW).context["preview"].fingerprint})
    before = counts()
    upload(client, CSDL_SAMPLE.read_bytes())
    page = client.get(PREVIEW)
    preview = page.context["preview"]
    assert preview.change_count == 0 and len(preview.unchanged) == 38
    assert b'data-testid="roster-no-changes"' in page.content
    assert reverse("candidates:roster_confirm").encode() not in page.content
    assert counts() == before


def test_the_stored_upload_is_deleted_after_the_import(login, secretary, private_media):
    client = login(secretary)
    upload(client, CSDL_SAMPLE.read_bytes())
    assert len(list((private_media / "imports").iterdir())) == 1
    client.post(CONFIRM, {"fingerprint": client.get(PREVIEW).context["preview"].fingerprint})
    assert list((private_media / "imports").iterdir()) == []
    assert imports.SESSION_KEY not in client.session


def test_the_preview_shows_each_change_of_a_known_student(login, secretary, class_12a1):
    known = StudentFactory(school_class=class_12a1, student_code="0000000001", ethnicity="Kinh")
    ConsentFactory(student=known)
    client = login(secretary)
    upload(client, make_roster([student(1, ethnicity="Tày"), student(2)]))
    page = client.get(PREVIEW).content.decode()
    assert "Kinh" in page and "Tày" in page
    assert "Nguyễn Văn Học 2" in page


# --- refusals -------------------------------------------------------------------------------


def test_a_faulty_roster_shows_every_problem_and_writes_nothing(login, secretary):
    client = login(secretary)
    data = make_roster([student(1, born="31/02/2008"), student(2, name=""), student(3, code="")])
    upload(client, data)
    before = counts()
    page = client.get(PREVIEW)
    problems = page.context["preview"].problems
    assert [(p.row, p.code) for p in problems] == [
        (7, "impossible_date"),
        (8, "empty_name"),
        (9, "empty_code"),
    ]
    html = page.content.decode()
    assert "31/02/2008" in html and PROBLEMS in html
    assert CONFIRM not in html
    response = client.post(CONFIRM, {"fingerprint": page.context["preview"].fingerprint})
    assert response["Location"] == PREVIEW
    assert counts() == before


def test_the_problems_download_as_an_xlsx(login, secretary):
    client = login(secretary)
    upload(client, make_roster([student(1), student(2, born="31/02/2008")]))
    response = client.get(PROBLEMS)
    assert response["Content-Type"] == imports.XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.worksheets[0]["A2"].value == "12A1"
    assert book.worksheets[0]["B2"].value == 8
    assert "31/02/2008" in book["12A1"]["G8"].value


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<html><table><tr><td>STT</td></tr></table></html>", "html_xls"),
        (bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 1024, "old_xls"),
        (b"not a spreadsheet", "not_xlsx"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused_on_the_upload_page(login, secretary, data, code):
    client = login(secretary)
    response = upload(client, data, name="danhsach.xls")
    assert response.status_code == 200
    assert [p.code for p in response.context["problems"]] == [code]
    assert response.context["problems"][0].message in response.content.decode()
    assert imports.SESSION_KEY not in client.session


def test_an_oversized_upload_is_refused_before_its_body_is_read(login, secretary):
    client = login(secretary)
    response = client.generic(
        "POST",
        UPLOAD,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert [p.code for p in response.context["problems"]] == ["too_large"]


def test_a_file_just_over_5_mb_is_refused(login, secretary):
    response = upload(login(secretary), b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024))
    assert [p.code for p in response.context["problems"]] == ["too_large"]


def test_the_upload_needs_a_csrf_token(secretary):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary, backend="django.contrib.auth.backends.ModelBackend")
    response = upload(client, CSDL_SAMPLE.read_bytes())
    assert response.status_code == 403
    assert imports.SESSION_KEY not in client.session


def test_a_wrongly_written_school_year_is_a_form_error(login, secretary):
    response = upload(login(secretary), CSDL_SAMPLE.read_bytes(), school_year="2025")
    assert response.status_code == 200
    assert response.context["form"].errors["school_year"]


def test_the_confirm_is_refused_if_students_changed_after_the_preview(login, secretary, class_12a1):
    existing = StudentFactory(school_class=class_12a1, student_code="0000000001", ethnicity="Kinh")
    ConsentFactory(student=existing)
    client = login(secretary)
    upload(client, make_roster([student(1, ethnicity="Tày"), student(2)]))
    fingerprint = client.get(PREVIEW).context["preview"].fingerprint
    Student.objects.filter(pk=existing.pk).update(ethnicity="Mường")
    before = counts()
    response = client.post(CONFIRM, {"fingerprint": fingerprint}, follow=True)
    assert response.redirect_chain[-1][0] == PREVIEW
    assert counts() == before
    existing.refresh_from_db()
    assert existing.ethnicity == "Mường"
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_the_confirm_needs_the_fingerprint_of_the_preview(login, secretary):
    client = login(secretary)
    upload(client, CSDL_SAMPLE.read_bytes())
    client.post(CONFIRM, {"fingerprint": "0" * 64})
    assert Student.objects.count() == 0


def test_the_confirm_refuses_a_stored_file_that_was_altered(login, secretary, private_media):
    client = login(secretary)
    upload(client, CSDL_SAMPLE.read_bytes())
    fingerprint = client.get(PREVIEW).context["preview"].fingerprint
    stored = next((private_media / "imports").iterdir())
    stored.write_bytes(VNEDU_SAMPLE.read_bytes())
    client.post(CONFIRM, {"fingerprint": fingerprint})
    assert Student.objects.count() == 0


def test_an_upload_kept_for_one_branch_is_not_used_in_another(login, secretary, other_branch):
    MembershipFactory(user=secretary, branch=other_branch, role=Membership.Role.SECRETARY)
    client = login(secretary)
    upload(client, CSDL_SAMPLE.read_bytes())
    fingerprint = client.get(PREVIEW).context["preview"].fingerprint
    client.post(reverse("switch_branch"), {"branch": other_branch.pk})
    client.post(CONFIRM, {"fingerprint": fingerprint})
    assert Student.objects.count() == 0


# --- the stored upload: private, and gone after a day if nobody confirms it ------------------


def test_the_stored_upload_is_readable_by_the_server_only(login, secretary, private_media):
    upload(login(secretary), make_roster([student(1)]))
    [stored] = (private_media / "imports").iterdir()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize(("hours", "removed"), [(23, False), (25, True)])
def test_an_abandoned_upload_is_removed_after_a_day(
    login, secretary, private_media, hours, removed
):
    upload(login(secretary), make_roster([student(1)]))  # never confirmed
    [abandoned] = (private_media / "imports").iterdir()
    then = time.time() - hours * 3600
    os.utime(abandoned, (then, then))
    other = Client()  # someone else's next upload purges
    other.force_login(secretary, backend="django.contrib.auth.backends.ModelBackend")
    upload(other, make_roster([student(2)]))
    assert abandoned.exists() != removed
