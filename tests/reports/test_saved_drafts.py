"""What the secretary writes on a report's draft is kept until it is written again: saved,
found again with the same period, never overwritten by someone else's later save unseen."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from reports.models import IssuedDocument, SavedDraft

H1 = {"year": 2026, "which": "h1"}
BACKEND = "django.contrib.auth.backends.ModelBackend"


def save(client, data, kind="progress"):
    return client.post(reverse("reports:save", args=[kind]), data)


def draft_page(client, period=H1, kind="progress"):
    return client.get(reverse("reports:draft", args=[kind]), period).content.decode()


def version_in(html) -> str:
    return re.search(r'name="saved_version"(?: value="(\d*)")?', html).group(1) or ""


def test_a_saved_draft_opens_again_with_its_period(login, secretary, branch):
    client = login(secretary)
    assert "Kết quả viết dở" not in draft_page(client)
    done = save(client, H1 | {"results": "Kết quả viết dở.", "tasks": "- Việc một."})
    assert done.status_code == 302
    assert done["Location"] == reverse("reports:draft", args=["progress"]) + "?year=2026&which=h1"
    html = client.get(done["Location"]).content.decode()
    assert "Đã lưu bản nháp" in html and 'data-testid="saved-draft"' in html
    assert "Kết quả viết dở." in html and "- Việc một." in html
    assert secretary.get_full_name() in html
    # Another period of the same report starts from the figures again.
    other = draft_page(client, {"year": 2026, "which": "h2"})
    assert "Kết quả viết dở." not in other and 'data-testid="saved-draft"' not in other
    assert IssuedDocument.objects.count() == 0  # saving issues nothing


def test_a_draft_saved_twice_is_kept_once(login, secretary, branch):
    client = login(secretary)
    data = H1 | {"results": "Một lần.", "saved_version": ""}
    assert save(client, data).status_code == 302
    assert save(client, data).status_code == 302  # the same form sent again
    saved = SavedDraft.objects.get()
    assert (saved.version, saved.content["results"]) == (1, "Một lần.")


def test_someone_elses_save_is_not_overwritten_unseen(secretary, committee_member, branch):
    mine, theirs = Client(), Client()
    mine.force_login(secretary, backend=BACKEND)
    theirs.force_login(committee_member, backend=BACKEND)
    opened = version_in(draft_page(mine))  # both open the page before anyone saved
    assert opened == "" and version_in(draft_page(theirs)) == ""
    assert save(theirs, H1 | {"results": "Bản của phó bí thư."}).status_code == 302
    refused = save(mine, H1 | {"results": "Bản của bí thư.", "saved_version": opened})
    html = refused.content.decode()
    assert refused.status_code == 409 and "Đã có người khác lưu" in html
    assert "Bản của bí thư." in html  # what I typed is still in the form
    theirs = html.split('data-testid="theirs"')[1].split("</details>")[0]
    assert "Bản của phó bí thư." in theirs  # and what they saved, beside it
    assert SavedDraft.objects.get().content["results"] == "Bản của phó bí thư."
    again = save(mine, H1 | {"results": "Bản của bí thư.", "saved_version": version_in(html)})
    assert again.status_code == 302
    saved = SavedDraft.objects.get()
    assert (saved.content["results"], saved.saved_by, saved.version) == (
        "Bản của bí thư.",
        secretary,
        2,
    )


@pytest.mark.parametrize("data", [{"year": 2026, "which": "custom"}, {"which": "h1"}])
def test_an_invalid_period_saves_nothing(login, secretary, branch, data):
    response = save(login(secretary), data | {"results": "Giữ lại."})
    assert response.status_code == 400 and "Giữ lại." in response.content.decode()
    assert SavedDraft.objects.count() == 0


def test_a_candidates_dossier_has_no_saved_draft(login, secretary, branch):
    assert save(login(secretary), {"candidate": ""}, kind="dossier").status_code == 404
