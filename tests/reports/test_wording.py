"""The papers' wording as versions the secretary adjusts (issue 13): the edited lines are printed
in order in the PDF and the Word file, the built-in default otherwise; one branch's wording does
not reach another's papers; every version stays readable; a save made on a stale page is
refused with what was typed kept."""

import unicodedata
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.models import Introduction
from reports import papers, wording
from reports.docx import render_docx
from reports.models import PaperWording
from reports.papers.wording import (
    ADMISSION_BASIS,
    BLOCKS,
    MENTOR_BASIS,
    MENTOR_DUTIES,
    RECOGNITION_BASIS,
    current,
)
from reports.pdf import render_pdf
from tests.candidates.conftest import after_probation, probation  # noqa: F401
from tests.factories import CandidateFactory, PartyMemberFactory, StudentFactory

from .conftest import docx_lines, read_back
from .test_papers_mentors import assign
from .test_papers_recognition import meet as recognition_meeting

DEFAULT_BASIS = "Căn cứ Điều lệ Đảng Cộng sản Việt Nam và hướng dẫn thi hành Điều lệ Đảng;"
BASIS = (
    "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;\n"
    "- Căn cứ Hướng dẫn số 38-HD/BTCTW ngày 02/06/2025 của Ban Tổ chức Trung ương;\n"
    "\n"
    "Căn cứ Nghị quyết của Đảng ủy phường An Hải về công tác phát triển đảng viên;"
)
BASIS_LINES = [line for line in BASIS.splitlines() if line]


def save(branch, user, kind, block, text, version=None):
    if version is None:
        version = wording.last_version(branch, kind, block)
    return wording.wording_save(
        branch=branch, actor=user, kind=kind, block=block, text=text, version=version
    )


def mentor_resolution(candidate):
    document = papers.build_for_candidate("mentor-assignment", candidate)
    pdf, _lines = read_back(document, render_pdf, render_docx)
    return document, pdf, docx_lines(render_docx(document), cells=False)


def test_every_block_has_its_default_from_the_code():
    assert MENTOR_BASIS.default() == DEFAULT_BASIS
    assert ADMISSION_BASIS.default().startswith("Căn cứ Điều 4")
    duties = MENTOR_DUTIES.default().splitlines()
    assert len(duties) == len(MENTOR_DUTIES.default_lines) >= 3
    assert all(line.startswith("- ") for line in duties)
    for blocks in BLOCKS.values():
        assert len({b.key for b in blocks}) == len(blocks)
        assert all(b.default() for b in blocks)


def test_the_papers_print_the_default_until_the_branch_saves_its_own(
    branch, secretary, mentor, source
):
    candidate = assign(source, secretary, mentor)
    document, pdf, lines = mentor_resolution(candidate)
    assert document.wording == {"basis": 0, "duties": 0}
    assert DEFAULT_BASIS in pdf
    duties = [line for line in lines if line.startswith("- ")]
    assert len(duties) == len(MENTOR_DUTIES.default_lines)
    assert duties[0].startswith("- Giúp đỡ quần chúng học tập Điều lệ Đảng")


def test_the_edited_lines_are_printed_in_order_with_their_dashes(branch, secretary, mentor, source):
    save(branch, secretary, "mentor-assignment", "basis", BASIS)
    save(branch, secretary, "mentor-assignment", "duties", "- Giúp đỡ học tập.\n- Báo cáo Chi bộ.")
    document, pdf, lines = mentor_resolution(assign(source, secretary, mentor))
    assert document.wording == {"basis": 1, "duties": 1}
    assert DEFAULT_BASIS not in pdf and "Giúp đỡ quần chúng học tập" not in pdf
    # In the Word file, one paragraph a line, in the order typed, before the meeting.
    at = lines.index(BASIS_LINES[0])
    assert lines[at : at + 3] == BASIS_LINES
    assert lines[at + 3].startswith("Ngày 20/11/2025, Chi bộ")
    # In the PDF too, in that order.
    found = [pdf.index(line) for line in BASIS_LINES]
    assert found == sorted(found)
    duties = lines.index("- Giúp đỡ học tập.")
    assert lines[duties - 1] == "2. Đảng viên được phân công giúp đỡ có nhiệm vụ:"
    assert lines[duties + 1] == "- Báo cáo Chi bộ."
    assert pdf.index("- Giúp đỡ học tập.") < pdf.index("- Báo cáo Chi bộ.")


def test_the_introduction_prints_the_branch_responsibility_sentence(branch, secretary, class_12a1):
    student = StudentFactory(school_class=class_12a1, full_name="Hồ Thị An")
    candidate = CandidateFactory(student=student)
    member = PartyMemberFactory(branch=branch, full_name="Lê Văn Bảo")
    Introduction.objects.create(candidate=candidate, member=member, introduced_on=date(2026, 2, 5))
    sentence = "Tôi xin chịu trách nhiệm trước Chi bộ và Đảng ủy về lời giới thiệu này."
    save(branch, secretary, "introduction", "responsibility", sentence)
    document = papers.build_for_candidate("introduction", candidate)
    pdf, lines = read_back(document, render_pdf, render_docx)
    assert sentence in lines and sentence in pdf
    assert "sự giới thiệu của mình" not in pdf
    assert document.wording == {"responsibility": 1}


def test_another_branch_wording_does_not_reach_this_branch(
    branch, other_branch, outsider, secretary, mentor, source
):
    save(other_branch, outsider, "mentor-assignment", "basis", "Căn cứ Điều lệ của Lê Lợi;")
    document, pdf, _lines = mentor_resolution(assign(source, secretary, mentor))
    assert "Lê Lợi" not in pdf and DEFAULT_BASIS in pdf
    assert document.wording["basis"] == 0


def test_the_wording_is_read_in_one_query_whatever_its_history(branch, secretary):
    for number in range(1, 4):
        save(branch, secretary, "mentor-assignment", "basis", f"Căn cứ số {number};")
    save(branch, secretary, "mentor-assignment", "duties", "- Một.")
    with CaptureQueriesContext(connection) as queries:
        found = current(branch, "mentor-assignment")
        texts = [found.text(MENTOR_BASIS), found.text(MENTOR_DUTIES)]
    assert len(queries) == 1
    assert texts == ["Căn cứ số 3;", "- Một."]
    assert found.versions == {"basis": 3, "duties": 1}


def test_every_version_is_kept_and_readable(branch, secretary, committee_member):
    first = save(branch, secretary, "admission-resolution", "basis", "Căn cứ A;")
    second = save(branch, secretary, "admission-resolution", "basis", "Căn cứ B;")
    restored = wording.wording_restore(
        branch=branch, actor=secretary, kind="admission-resolution", block="basis", version=2
    )
    assert [first.version, second.version, restored.version] == [1, 2, 3]
    assert restored.is_default and restored.text == ADMISSION_BASIS.default()
    assert wording.text_of(branch, "admission-resolution", "basis", 1) == "Căn cứ A;"
    assert wording.text_of(branch, "admission-resolution", "basis", 0) == ADMISSION_BASIS.default()
    with pytest.raises(ValueError):
        first.text = "Căn cứ C;"
        first.save()
    # The same text again is no new version.
    again = save(branch, secretary, "admission-resolution", "basis", ADMISSION_BASIS.default())
    assert again.version == 3


def test_the_page_shows_each_version_and_the_history(login, branch, secretary, committee_member):
    save(branch, secretary, "admission-resolution", "basis", "Căn cứ A;")
    save(branch, secretary, "admission-resolution", "basis", "Căn cứ B;")
    response = login(committee_member).get(reverse("reports:wording"))
    html = response.content.decode()
    assert response.status_code == 200
    today = timezone.localtime(PaperWording.objects.last().saved_at)
    assert f"Phiên bản 2, lưu ngày {today:%d/%m/%Y}, người lưu: Cao Thị Hoài Hương." in html
    assert "Căn cứ A;" in html and "Căn cứ B;" in html
    assert "Nhiệm vụ của đảng viên giúp đỡ" in html
    # The committee reads; only the secretary has the forms.
    assert 'data-testid="save-form"' not in html
    assert 'data-testid="save-form"' in login(secretary).get(reverse("reports:wording")).text


def test_the_secretary_saves_and_restores_from_the_page(login, branch, secretary):
    client = login(secretary)
    url = reverse("reports:wording_save", args=["recognition-resolution", "basis"])
    response = client.post(url, {"text": "Căn cứ Điều 5;\nCăn cứ Quy định 24;", "version": 0})
    assert response.status_code == 302
    assert current(branch, "recognition-resolution").versions == {"basis": 1}
    response = client.post(
        reverse("reports:wording_default", args=["recognition-resolution", "basis"]),
        {"version": 1},
    )
    assert response.status_code == 302
    row = PaperWording.objects.get(version=2)
    assert row.is_default and row.text.startswith("Căn cứ Điều 5, Điều lệ Đảng")


def test_a_stale_page_is_refused_and_what_was_typed_is_kept(login, branch, secretary):
    # Both opened the page at version 0; someone else saved first.
    save(branch, secretary, "admission-resolution", "basis", "Căn cứ của người khác;", version=0)
    typed = "Căn cứ tôi đã gõ;"
    response = login(secretary).post(
        reverse("reports:wording_save", args=["admission-resolution", "basis"]),
        {"text": typed, "version": 0},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert typed in html and "Căn cứ của người khác;" in html
    assert 'data-testid="refusal"' in html
    assert PaperWording.objects.count() == 1
    # The form now carries the current version: sending it again saves.
    assert 'name="version" value="1"' in html


def test_text_typed_in_nfd_is_kept_in_nfc(branch, secretary):
    typed = unicodedata.normalize("NFD", "Căn cứ Quy định số 24;  \n\n  - Căn cứ Điều lệ Đảng;")
    saved = save(branch, secretary, "admission-resolution", "basis", typed)
    assert saved.text == "Căn cứ Quy định số 24;\n- Căn cứ Điều lệ Đảng;"
    assert unicodedata.is_normalized("NFC", saved.text)


def test_an_empty_text_is_refused_and_kept_on_the_page(login, branch, secretary):
    response = login(secretary).post(
        reverse("reports:wording_save", args=["mentor-assignment", "duties"]),
        {"text": " \n - \n", "version": 0},
    )
    assert response.status_code == 400
    assert "Hãy viết ít nhất một dòng" in response.content.decode()
    assert not PaperWording.objects.exists()


def test_the_recognition_resolution_prints_the_branch_basis_in_order(
    after_probation,  # noqa: F811
    branch,
    secretary,
    probation,  # noqa: F811
):
    lines = ["Căn cứ Điều 5, Điều lệ Đảng;", "Căn cứ Quy định số 24-QĐ/TW;"]
    save(branch, secretary, "recognition-resolution", "basis", "\n".join(lines))
    meeting = recognition_meeting(branch, secretary, probation, 9)
    document = papers.build("recognition-resolution", meeting, probation)
    pdf, paragraphs = read_back(document, render_pdf, render_docx)
    assert paragraphs[paragraphs.index(lines[0]) + 1] == lines[1]
    assert pdf.index(lines[0]) < pdf.index(lines[1]) < pdf.index("Ngày 20/05/2027")
    assert RECOGNITION_BASIS.default() not in pdf and "hướng dẫn thi hành" not in pdf
    assert document.wording == {"basis": 1}
    # A later version changes the papers made from then on, not this one's versions.
    save(branch, secretary, "recognition-resolution", "basis", "Căn cứ mới;")
    assert document.wording == {"basis": 1}
    assert papers.build("recognition-resolution", meeting, probation).wording == {"basis": 2}
