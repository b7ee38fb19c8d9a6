"""The branch's papers are numbered in the register as its reports are: issued from where the
record is shown, the next number of their type in the term, kept as issued, issued once; the
papers others sign are never issued by the branch."""

from datetime import date

import pytest
from django.urls import reverse

from reports.models import IssuedDocument
from tests.factories import StudentFactory

from .conftest import flat, pdf_text
from .test_papers import an, binh, chair, meet, two_probationary  # noqa: F401 -- fixtures
from .test_papers_awareness import register


@pytest.fixture
def meeting(branch, secretary, an, binh):  # noqa: F811
    return meet(branch, secretary, [(an, {"votes_for": 8}), (binh, {"votes_for": 5})])


def page_of(client, meeting):
    return client.get(reverse("candidates:meeting_detail", args=[meeting.pk])).content.decode()


def test_the_meetings_minutes_and_resolution_are_issued_from_its_page(
    login,
    secretary,
    meeting,
    an,  # noqa: F811
):
    client = login(secretary)
    assert page_of(client, meeting).count('data-testid="issue-paper"') == 2  # minutes, 1 NQ
    url = reverse("reports:meeting_paper_issue", args=[meeting.pk, "admission-minutes"])
    done = client.post(url)
    assert done.status_code == 302
    assert done["Location"] == reverse("candidates:meeting_detail", args=[meeting.pk])
    minutes = IssuedDocument.objects.get()
    assert (minutes.number, minutes.meeting, minutes.kind) == (
        "01-BB/CB",
        meeting,
        "admission-minutes",
    )
    text = flat(pdf_text(bytes(minutes.pdf)))
    assert "Số 01-BB/CB" in text and "DỰ THẢO" not in text and "BIÊN BẢN" in text
    assert bytes(minutes.xlsx) == b"" and bytes(minutes.docx)
    resolution = reverse(
        "reports:meeting_paper_issue", args=[meeting.pk, "admission-resolution", an.pk]
    )
    client.post(resolution)
    issued = IssuedDocument.objects.get(kind="admission-resolution")
    assert (issued.number, issued.candidate) == ("01-NQ/CB", an)
    assert "Số 01-NQ/CB" in flat(pdf_text(bytes(issued.pdf)))
    html = page_of(client, meeting)
    assert "Số 01-BB/CB (PDF)" in html and "Số 01-NQ/CB (PDF)" in html
    assert 'data-testid="issue-paper"' not in html
    register_page = client.get(reverse("reports:register")).content.decode()
    assert "01-BB/CB" in register_page and "01-NQ/CB" in register_page


def test_a_paper_is_issued_once(login, secretary, meeting):
    client = login(secretary)
    url = reverse("reports:meeting_paper_issue", args=[meeting.pk, "admission-minutes"])
    client.post(url)
    again = client.post(url, follow=True)
    assert "Văn bản này đã được ban hành: số 01-BB/CB." in again.content.decode()
    assert IssuedDocument.objects.count() == 1


def test_a_failed_vote_has_no_resolution_to_issue(login, secretary, meeting, binh):  # noqa: F811
    client = login(secretary)
    url = reverse("reports:meeting_paper_issue", args=[meeting.pk, "admission-resolution", binh.pk])
    refused = client.post(url, follow=True)
    assert "hai phần ba" in refused.content.decode()
    assert IssuedDocument.objects.count() == 0


def test_one_letter_for_a_batch_is_issued_once_from_any_of_its_candidates(
    login, secretary, source, course, class_12a1
):
    from tests.candidates.pipeline import accepted

    other = accepted(StudentFactory(school_class=class_12a1, full_name="Lê Thị Cúc"), secretary)
    register(course, secretary, source, other)
    client = login(secretary)
    first = reverse("reports:candidate_paper_issue", args=[source.pk, "awareness-letter"])
    assert client.post(first).status_code == 302
    letter = IssuedDocument.objects.get()
    assert letter.number == "01-CV/CB"
    second = reverse("reports:candidate_paper_issue", args=[other.pk, "awareness-letter"])
    refused = client.post(second, follow=True).content.decode()
    assert "đã được ban hành: số 01-CV/CB" in refused
    assert IssuedDocument.objects.count() == 1
    # Both candidates' pages show the letter as issued.
    for candidate in (source, other):
        html = client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
        assert "Số 01-CV/CB (PDF)" in html


def test_a_paper_others_sign_is_not_issued_by_the_branch(login, secretary, source):
    url = reverse("reports:candidate_paper_issue", args=[source.pk, "introduction"])
    refused = login(secretary).post(url, follow=True).content.decode()
    assert "chi bộ không ban hành văn bản này" in refused
    assert IssuedDocument.objects.count() == 0


def test_papers_and_reports_share_the_numbers_of_a_type(login, secretary, meeting, an):  # noqa: F811
    from reports import services
    from reports.builders import Options
    from reports.periods import period_of

    client = login(secretary)
    client.post(reverse("reports:meeting_paper_issue", args=[meeting.pk, "admission-minutes"]))
    options = Options(period=period_of(2026), on=date(2026, 3, 25))
    services.document_issue(
        branch=meeting.branch, actor=secretary, kind="source-list", options=options
    )
    client.post(
        reverse("reports:meeting_paper_issue", args=[meeting.pk, "admission-resolution", an.pk])
    )
    numbers = sorted(IssuedDocument.objects.values_list("number", flat=True))
    assert numbers == ["01-BB/CB", "01-DS/CB", "01-NQ/CB"]


def test_an_issued_paper_keeps_the_wording_it_was_made_with(login, secretary, meeting, an):  # noqa: F811
    from reports import wording

    wording.wording_save(
        branch=meeting.branch,
        actor=secretary,
        kind="admission-resolution",
        block="basis",
        text="- Căn cứ Điều lệ Đảng;\n- Căn cứ Hướng dẫn của Đảng ủy phường;",
        version=0,
    )
    url = reverse("reports:meeting_paper_issue", args=[meeting.pk, "admission-resolution", an.pk])
    login(secretary).post(url)
    issued = IssuedDocument.objects.get()
    assert issued.wording == {"basis": 1}
    text = wording.text_of(issued.branch, issued.kind, "basis", issued.wording["basis"])
    assert "Hướng dẫn của Đảng ủy phường" in text
    assert "Hướng dẫn của Đảng ủy phường" in flat(pdf_text(bytes(issued.pdf)))


@pytest.mark.parametrize(
    ("typed", "issued_as", "refusal"),
    [
        ("06-NQ/CB", "06-NQ/CB", ""),  # the number recorded with the meeting is kept
        ("", "01-NQ/CB", ""),  # none recorded: the next one
        ("06/NQ-CB", None, "không phải số của sổ này (01-NQ/CB)"),
        ("01-NQ/CB", None, "đã được cấp cho"),  # 01 is taken by the mentors' resolution
    ],
)
def test_a_number_recorded_with_the_meeting_is_the_issued_number(
    login,
    secretary,
    meeting,
    an,  # noqa: F811
    typed,
    issued_as,
    refusal,  # noqa: F811
):
    from reports import services

    if typed == "01-NQ/CB":
        IssuedDocument.objects.create(
            branch=meeting.branch, kind="mentor-assignment", type_code="NQ", term="",
            sequence=1, number="01-NQ/CB", title="NGHỊ QUYẾT phân công", issued_on=date(2026, 3, 1),
            issued_by=secretary, pdf=b"", xlsx=b"",
        )  # fmt: skip
    meeting.resolution_number = typed
    meeting.save()
    url = reverse("reports:meeting_paper_issue", args=[meeting.pk, "admission-resolution", an.pk])
    html = login(secretary).post(url, follow=True).content.decode()
    issued = IssuedDocument.objects.filter(kind="admission-resolution").first()
    if issued_as:
        assert issued.number == issued_as and f"Số {issued_as}" in flat(pdf_text(bytes(issued.pdf)))
        following = services.next_number(meeting.branch, "NQ")[1]
        assert following == ("07-NQ/CB" if typed else "02-NQ/CB")
    else:
        assert issued is None and refusal in html
