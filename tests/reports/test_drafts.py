"""The drafts others finish and sign (3-KNĐ, 4-KNĐ, 5-KNĐ, 11-KNĐ), built from constructed
records and read back from the PDF and the Word file: the header of each layout, names, dates,
counts and percentages, and nothing dangling when an optional field is empty."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from candidates.models import (
    Consultation,
    Introduction,
    MentorAssignment,
    MentorReview,
    YouthUnionResolution,
)
from reports import papers
from reports.docx import render_docx
from reports.pdf import render_pdf
from tests.factories import CandidateFactory, PartyMemberFactory, StudentFactory

from .conftest import docx_lines, flat, pdf_fonts, pdf_text

DOTS = ("…", "....", " ,", " .", "()", ": .", "; .")


@pytest.fixture
def candidate(branch, class_12a1):
    student = StudentFactory(
        school_class=class_12a1, full_name="Hồ Thị An", date_of_birth=date(2008, 3, 2)
    )
    return CandidateFactory(student=student)


@pytest.fixture
def introducer(branch):
    return PartyMemberFactory(
        branch=branch,
        full_name="Lê Văn Bảo",
        date_of_birth=date(1980, 7, 9),
        hometown="xã Điện Bàn, Quảng Nam",
        position="Phó Bí thư Chi bộ, giáo viên Toán",
        joined_on=date(2008, 1, 15),
        official_on=date(2009, 1, 15),
    )


def read(kind, candidate, **options):
    """The paper as the PDF's text (flat) and the Word file's paragraphs and cells; every body
    paragraph of the Word file is in the PDF, and every word of its header and signature."""
    document = papers.build_for_candidate(kind, candidate, **options)
    content = render_pdf(document)
    pdf = flat(pdf_text(content))
    word = render_docx(document)
    for line in docx_lines(word, cells=False):
        assert flat(line) in pdf, line
    lines = docx_lines(word)
    for word_ in " ".join(lines).split():
        assert word_ in pdf, word_
    return pdf, lines, content


def nothing_dangles(pdf):
    for mark in DOTS:
        assert mark not in pdf.replace("(Ký, ghi rõ họ tên)", ""), mark


# --- 3-KNĐ ------------------------------------------------------------------------------------


def test_introduction_in_full(candidate, introducer, tmp_path):
    Introduction.objects.create(
        candidate=candidate,
        member=introducer,
        introduced_on=date(2026, 2, 5),
        political="Lập trường tư tưởng vững vàng.",
        ethics_weaknesses="Đôi khi còn rụt rè.",
        points_to_note="Cần tiếp tục rèn luyện\nTham gia nhiều hơn",
    )
    pdf, lines, content = read("introduction", candidate)
    assert pdf.startswith("DỰ THẢO ĐẢNG CỘNG SẢN VIỆT NAM GIẤY GIỚI THIỆU người vào Đảng")
    assert "Kính gửi: Chi bộ Trường THPT Quang Trung" in pdf
    assert "Số" not in pdf.split("Kính gửi")[0]  # a personal paper has no number
    assert "Tôi là đồng chí Lê Văn Bảo, sinh ngày 09/07/1980; quê quán: xã Điện Bàn" in pdf
    assert "Vào Đảng ngày 15/01/2008, chính thức ngày 15/01/2009." in pdf
    assert "Chức vụ trong Đảng, chính quyền, đoàn thể: Phó Bí thư Chi bộ, giáo viên Toán." in pdf
    assert (
        "Tôi giới thiệu quần chúng Hồ Thị An (sinh ngày 02/03/2008, học sinh lớp 12A1) vào "
        "Đảng Cộng sản Việt Nam." in pdf
    )
    assert "Về phẩm chất chính trị: ưu điểm: Lập trường tư tưởng vững vàng." in pdf
    assert "Về đạo đức, lối sống: khuyết điểm: Đôi khi còn rụt rè." in pdf
    assert "Những điểm cần lưu ý: Cần tiếp tục rèn luyện; Tham gia nhiều hơn." in pdf
    assert "Tôi xin chịu trách nhiệm trước Chi bộ về sự giới thiệu của mình." in pdf
    assert pdf.endswith(
        "An Hải, ngày 05 tháng 02 năm 2026 NGƯỜI GIỚI THIỆU (Ký, ghi rõ họ tên) Lê Văn Bảo"
    )
    assert "Nơi nhận" not in pdf and "Nơi nhận:" not in lines
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in lines and "Kính gửi: Chi bộ Trường THPT Quang Trung" in lines
    assert "NGƯỜI GIỚI THIỆU" in lines and "(Ký, ghi rõ họ tên)" in lines
    fonts = pdf_fonts(content, tmp_path)
    assert fonts and all(embedded for _name, embedded in fonts)
    nothing_dangles(pdf)


def test_an_introduction_with_only_what_is_required(candidate, branch):
    bare = PartyMemberFactory(branch=branch, full_name="Phan Thị Cúc", official_on=None)
    Introduction.objects.create(candidate=candidate, member=bare, introduced_on=date(2026, 2, 6))
    pdf, _lines, _content = read("introduction", candidate)
    assert "Tôi là đồng chí Phan Thị Cúc." in pdf
    assert "Vào Đảng ngày 19/05/2010." in pdf
    for absent in ("quê quán", "chính thức ngày", "Chức vụ", "lưu ý", "Về ", "ưu điểm"):
        assert absent not in pdf, absent
    nothing_dangles(pdf)


def test_one_paper_per_introducer(candidate, introducer, branch):
    second = PartyMemberFactory(branch=branch, full_name="Trương Văn Dũng")
    Introduction.objects.create(
        candidate=candidate, member=introducer, introduced_on=date(2026, 2, 5)
    )
    other = Introduction.objects.create(
        candidate=candidate, member=second, introduced_on=date(2026, 2, 7), is_replacement=True
    )
    first_pdf, *_ = read("introduction", candidate)
    assert first_pdf.endswith("Lê Văn Bảo")
    pdf, *_ = read("introduction", candidate, record=other.pk)
    assert pdf.endswith("NGƯỜI GIỚI THIỆU (Ký, ghi rõ họ tên) Trương Văn Dũng")
    assert "Được Chi bộ phân công, tôi giới thiệu quần chúng Hồ Thị An" in pdf


# --- 4-KNĐ ------------------------------------------------------------------------------------


def youth(candidate, **fields):
    values = {
        "number": "03-NQ/ĐTN",
        "adopted_on": date(2026, 1, 12),
        "committee_members": 3,
        "present": 3,
        "votes_for": 2,
    } | fields
    return YouthUnionResolution.objects.create(candidate=candidate, **values)


def test_youth_resolution_in_the_youth_union_layout(candidate, branch, tmp_path):
    branch.youth_union_superior = "Đoàn phường An Hải"
    branch.save()
    youth(candidate, ability="Học tập tốt, nhiệt tình.", present=2)
    pdf, lines, content = read("youth-resolution", candidate)
    head = pdf.split("NGHỊ QUYẾT")[0]
    assert "ĐOÀN PHƯỜNG AN HẢI" in head and "ĐOÀN TNCS HỒ CHÍ MINH" in head
    assert "BCH ĐOÀN TRƯỜNG THPT QUANG" in head and "***" in head
    assert "Số: 03-NQ/ĐTN" in head
    assert "ĐẢNG CỘNG SẢN" not in pdf
    assert "An Hải, ngày 12 tháng 01 năm 2026" in head
    assert "giới thiệu đoàn viên ưu tú để xem xét kết nạp vào Đảng" in pdf
    assert (
        "Ngày 12/01/2026, Ban Chấp hành Đoàn Trường THPT Quang Trung đã họp xét giới thiệu "
        "đoàn viên Hồ Thị An (sinh ngày 02/03/2008, học sinh lớp 12A1)" in pdf
    )
    assert "Tổng số ủy viên Ban Chấp hành: 3 đồng chí; có mặt: 2 đồng chí; vắng mặt: 1" in pdf
    assert "Về năng lực học tập, công tác: ưu điểm: Học tập tốt, nhiệt tình." in pdf
    # Of all three committee members, not of the two present.
    assert "tán thành 2 đồng chí (đạt 66,7% so với tổng số ủy viên Ban Chấp hành)" in pdf
    assert (
        "Ban Chấp hành Đoàn Trường THPT Quang Trung giới thiệu đoàn viên ưu tú Hồ Thị An để "
        "Chi bộ Trường THPT Quang Trung xem xét kết nạp vào Đảng." in pdf
    )
    assert "TM. BAN CHẤP HÀNH BÍ THƯ" in pdf
    for line in ("ĐOÀN TNCS HỒ CHÍ MINH", "Số: 03-NQ/ĐTN", "TM. BAN CHẤP HÀNH", "***"):
        assert line in lines, line
    assert all(embedded for _name, embedded in pdf_fonts(content, tmp_path))
    nothing_dangles(pdf)


@pytest.mark.parametrize(("votes", "members", "share"), [(5, 8, "62,5"), (6, 9, "66,7")])
def test_youth_vote_of_all_members(candidate, votes, members, share):
    youth(candidate, committee_members=members, present=members, votes_for=votes)
    pdf, *_ = read("youth-resolution", candidate)
    assert f"tán thành {votes} đồng chí (đạt {share}% so với tổng số ủy viên Ban Chấp hành)" in pdf
    assert "vắng mặt: 0 đồng chí" in pdf


def test_youth_resolution_without_a_superior_body_or_assessment(candidate):
    youth(candidate)
    pdf, lines, _content = read("youth-resolution", candidate)
    assert pdf.startswith("DỰ THẢO BCH ĐOÀN TRƯỜNG THPT QUANG")
    assert "BCH ĐOÀN TRƯỜNG THPT QUANG TRUNG" in lines and "PHƯỜNG" not in pdf
    assert "nhận xét" not in pdf and "Về " not in pdf
    nothing_dangles(pdf)


# --- 5-KNĐ ------------------------------------------------------------------------------------


def consult(candidate, kind, body, asked, agreed, **fields):
    return Consultation.objects.create(
        candidate=candidate,
        kind=kind,
        body=body,
        consulted_on=fields.pop("on", date(2026, 2, 20)),
        asked=asked,
        agreed=agreed,
        **fields,
    )


def test_comments_summary_of_two_bodies(candidate, branch, tmp_path):
    consult(
        candidate,
        Consultation.Kind.ORGANISATION,
        "Ban Chấp hành Đoàn trường",
        8,
        5,
        strengths="Gương mẫu, nhiệt tình",
        weaknesses="Còn ít phát biểu",
    )
    consult(
        candidate,
        Consultation.Kind.RESIDENCE,
        "Chi bộ khu phố 3",
        9,
        6,
        on=date(2026, 2, 24),
    )
    pdf, lines, content = read("comments-summary", candidate)
    head = pdf.split("TỔNG HỢP Ý KIẾN NHẬN XÉT")[0]
    assert "CHI BỘ TRƯỜNG THPT QUANG TRUNG" in head and "ĐẢNG CỘNG SẢN VIỆT NAM" in head
    assert "-BC/CB" in head and "Số:" not in head
    assert "An Hải, ngày 24 tháng 02 năm 2026" in head
    assert "đối với quần chúng Hồ Thị An xin vào Đảng" in pdf
    assert "1. Ban Chấp hành Đoàn trường (tổ chức đoàn thể nơi học tập)" in pdf
    assert (
        "Ý kiến ngày 20/02/2026: 5 tán thành trong tổng số 8 đồng chí được hỏi ý kiến "
        "(đạt 62,5%)." in pdf
    )
    assert "Ưu điểm: Gương mẫu, nhiệt tình." in pdf
    assert "Khuyết điểm: Còn ít phát biểu." in pdf
    assert "2. Chi bộ khu phố 3 (chi ủy nơi cư trú)" in pdf
    assert "6 tán thành trong tổng số 9 đồng chí được hỏi ý kiến (đạt 66,7%)." in pdf
    assert "Tổng hợp chung: 11 tán thành trong tổng số 17 đồng chí" in pdf
    assert "T/M CHI BỘ" in pdf and "Nơi nhận:" in pdf
    assert all(embedded for _name, embedded in pdf_fonts(content, tmp_path))
    nothing_dangles(pdf)


def test_comments_summary_of_one_body_without_comments(candidate):
    consult(candidate, Consultation.Kind.ORGANISATION, "Đoàn trường", 3, 2)
    pdf, *_ = read("comments-summary", candidate)
    assert "2 tán thành trong tổng số 3 đồng chí được hỏi ý kiến (đạt 66,7%)." in pdf
    for absent in ("Ưu điểm", "Khuyết điểm", "Tổng hợp chung"):
        assert absent not in pdf, absent
    nothing_dangles(pdf)


# --- 11-KNĐ -----------------------------------------------------------------------------------


@pytest.fixture
def assignment(candidate, mentor):
    return MentorAssignment.objects.create(
        candidate=candidate,
        member=mentor,
        period=MentorAssignment.Period.PROBATION,
        assigned_on=date(2026, 5, 19),
    )


def review(assignment, **fields):
    values = {"written_on": date(2027, 5, 10), "summary": "Đồng chí tiến bộ rõ rệt."} | fields
    return MentorReview.objects.create(assignment=assignment, **values)


def test_mentor_review_recommending_recognition(candidate, assignment, tmp_path):
    review(assignment, written_on=date(2026, 11, 19), summary="Sáu tháng đầu.")
    review(
        assignment,
        duties="Thực hiện tốt nhiệm vụ đảng viên.",
        political_weaknesses="Cần nghiên cứu thêm Nghị quyết.",
        recommendation=MentorReview.Recommendation.FOR,
        recommendation_reason="Đủ tư cách đảng viên",
    )
    pdf, lines, content = read("mentor-review", candidate)
    mentor = assignment.member.full_name
    assert pdf.startswith("DỰ THẢO ĐẢNG CỘNG SẢN VIỆT NAM BẢN NHẬN XÉT")
    assert "Kính gửi: Chi bộ Trường THPT Quang Trung" in pdf
    assert f"Tôi là đồng chí {mentor}" in pdf
    assert (
        "Được Chi bộ phân công giúp đỡ đảng viên dự bị Hồ Thị An (sinh ngày 02/03/2008, học "
        "sinh lớp 12A1) từ ngày 19/05/2026" in pdf
    )
    assert "Đồng chí tiến bộ rõ rệt." in pdf and "Sáu tháng đầu" not in pdf  # the latest
    assert "Về phẩm chất chính trị: khuyết điểm: Cần nghiên cứu thêm Nghị quyết." in pdf
    assert "Về thực hiện nhiệm vụ đảng viên: ưu điểm: Thực hiện tốt nhiệm vụ đảng viên." in pdf
    assert (
        "Đề nghị Chi bộ xem xét, công nhận đồng chí Hồ Thị An là đảng viên chính thức, vì: Đủ "
        "tư cách đảng viên." in pdf
    )
    assert pdf.endswith(
        f"An Hải, ngày 10 tháng 05 năm 2027 NGƯỜI NHẬN XÉT (Ký, ghi rõ họ tên) {mentor}"
    )
    assert "NGƯỜI NHẬN XÉT" in lines
    assert all(embedded for _name, embedded in pdf_fonts(content, tmp_path))
    nothing_dangles(pdf)


def test_mentor_review_against_or_without_a_recommendation(candidate, assignment):
    against = review(assignment, recommendation=MentorReview.Recommendation.AGAINST)
    pdf, *_ = read("mentor-review", candidate)
    assert "Tôi chưa đề nghị công nhận đồng chí Hồ Thị An là đảng viên chính thức." in pdf
    against.delete()
    review(assignment)
    pdf, *_ = read("mentor-review", candidate)
    assert "đề nghị" not in pdf and "Về " not in pdf
    nothing_dangles(pdf)


# --- the candidate's page, access and the command ---------------------------------------------


def test_the_drafts_from_the_candidate_page(login, secretary, candidate, introducer, assignment):
    records = {
        "introduction": Introduction.objects.create(
            candidate=candidate, member=introducer, introduced_on=date(2026, 2, 5)
        ).pk,
        "youth-resolution": youth(candidate).pk,
        "comments-summary": None,
        "mentor-review": review(assignment).pk,
    }
    consult(candidate, Consultation.Kind.ORGANISATION, "Đoàn trường", 3, 2)
    client = login(secretary)
    page = client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    for kind, record in records.items():
        for fmt in ("pdf", "docx"):
            url = reverse("reports:candidate_paper", args=[candidate.pk, kind, fmt])
            url += f"?record={record}" if record else ""
            assert url in page, url
            response = client.get(url)
            assert response.status_code == 200, url


def test_the_mentor_downloads_the_draft_of_their_own_review(
    login, party_member, youth_officer, candidate, assignment, branch
):
    own = review(assignment)
    url = reverse("reports:candidate_paper", args=[candidate.pk, "mentor-review", "pdf"])
    client = login(party_member)
    page = client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    assert f"{url}?record={own.pk}" in page
    assert client.get(url).status_code == 200
    other = PartyMemberFactory(branch=branch, full_name="Người Khác")
    review(MentorAssignment.objects.create(
        candidate=candidate, member=other, period="probation", assigned_on=date(2026, 5, 19)
    ))  # fmt: skip
    pdf = flat(pdf_text(client.get(url).content))
    assert pdf.endswith(assignment.member.full_name)  # their own, not the latest of another
    # Another kind of paper of the same candidate is not theirs.
    other_url = reverse("reports:candidate_paper", args=[candidate.pk, "introduction", "pdf"])
    assert client.get(other_url).status_code == 403


def test_the_youth_union_officer_downloads_the_resolution(login, youth_officer, candidate):
    record = youth(candidate)
    client = login(youth_officer)
    page = client.get(reverse("candidates:detail", args=[candidate.pk])).content.decode()
    url = reverse("reports:candidate_paper", args=[candidate.pk, "youth-resolution", "docx"])
    assert f"{url}?record={record.pk}" in page
    assert client.get(url).status_code == 200


def test_the_command_writes_both_formats(candidate, introducer, assignment, tmp_path):
    Introduction.objects.create(
        candidate=candidate, member=introducer, introduced_on=date(2026, 2, 5)
    )
    youth(candidate)
    consult(candidate, Consultation.Kind.RESIDENCE, "Chi bộ khu phố 3", 9, 6)
    review(assignment)
    for kind in ("introduction", "youth-resolution", "comments-summary", "mentor-review"):
        for suffix in ("pdf", "docx"):
            out = tmp_path / f"{kind}.{suffix}"
            call_command("render_paper", kind, "--candidate", str(candidate.pk), "--out", str(out))
            content = out.read_bytes()
            assert content.startswith(b"%PDF" if suffix == "pdf" else b"PK"), kind
            text = flat(pdf_text(content)) if suffix == "pdf" else " ".join(docx_lines(content))
            assert "Hồ Thị An" in text, kind


def test_a_record_of_another_candidate_is_not_drafted(login, secretary, candidate, introducer):
    elsewhere = CandidateFactory(
        student=StudentFactory(school_class=candidate.student.school_class)
    )
    theirs = Introduction.objects.create(
        candidate=elsewhere, member=introducer, introduced_on=date(2026, 2, 5)
    )
    url = reverse("reports:candidate_paper", args=[candidate.pk, "introduction", "pdf"])
    response = login(secretary).get(f"{url}?record={theirs.pk}")
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:detail", args=[candidate.pk])
