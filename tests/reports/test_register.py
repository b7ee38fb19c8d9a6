"""The register: numbers run from 01 per type within the committee's term (R21), concurrent
issues never share a number, an issued file is kept byte for byte; the pages, for the
secretary and the committee only."""

import threading
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from reports import services
from reports.builders import Options
from reports.models import IssuedDocument
from reports.periods import period_of
from tests.factories import AnnualPlanFactory

from .conftest import flat, pdf_text, xlsx_rows

ON = date(2026, 3, 2)


def issue(branch, user, kind="source-list", on=ON):
    options = Options(period=period_of(2026), on=on, sensitive=True)
    return services.document_issue(branch=branch, actor=user, kind=kind, options=options, on=on)


def test_issuing_twice_gives_consecutive_numbers_per_type(branch, secretary):
    branch.department = "Sở Giáo dục và Đào tạo thành phố Đà Nẵng"
    branch.save()
    first, second = issue(branch, secretary), issue(branch, secretary)
    assert (first.number, second.number) == ("01-DS/CB", "02-DS/CB")
    assert issue(branch, secretary, "progress").number == "01-BC/CB"  # its own count
    assert issue(branch, secretary, "department").number == "02-BC/CB"  # the same type
    assert second.issued_by == secretary and second.issued_on == ON


def test_a_new_term_starts_the_numbers_again_not_a_new_year(branch, secretary):
    branch.term_starts_on = date(2020, 10, 1)
    branch.save()
    issue(branch, secretary, on=date(2025, 12, 31))
    assert issue(branch, secretary, on=date(2026, 1, 2)).number == "02-DS/CB"  # a new year
    branch.term_starts_on = date(2026, 1, 5)
    branch.save()
    assert issue(branch, secretary, on=date(2026, 1, 6)).number == "01-DS/CB"  # a new term


def test_an_issued_document_is_numbered_dated_and_no_longer_a_draft(branch, secretary):
    document = issue(branch, secretary)
    text = flat(pdf_text(document.pdf))
    assert "Số 01-DS/CB" in text and "An Hải, ngày 02 tháng 03 năm 2026" in text
    assert "DỰ THẢO" not in text
    rows = xlsx_rows(document.xlsx)
    assert rows[0] == [branch.committee.name] and ["Số 01-DS/CB"] in rows


def test_a_download_is_byte_identical_after_the_data_changed(branch, secretary, login, class_12a1):
    plan = AnnualPlanFactory(branch=branch, year=2026, basis="Căn cứ Kế hoạch số 01.")
    document = issue(branch, secretary, "plan")
    issued_pdf, issued_xlsx = bytes(document.pdf), bytes(document.xlsx)
    plan.basis = "Căn cứ một văn bản khác."
    plan.save()
    branch.name = "CHI BỘ TRƯỜNG THPT ĐỔI TÊN"
    branch.save()
    client = login(secretary)
    pdf = client.get(reverse("reports:issued_file", args=[document.pk, "pdf"]))
    xlsx = client.get(reverse("reports:issued_file", args=[document.pk, "xlsx"]))
    assert pdf.content == issued_pdf and xlsx.content == issued_xlsx
    assert pdf["Content-Type"] == "application/pdf"
    assert "Căn cứ Kế hoạch số 01." in pdf_text(pdf.content)


def test_an_issued_document_cannot_be_changed(branch, secretary):
    document = issue(branch, secretary)
    document.title = "khác"
    with pytest.raises(ValueError):
        document.save()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_different_numbers(branch, secretary):
    if connection.vendor != "postgresql":
        pytest.skip("threads share no in-memory SQLite database; run on PostgreSQL")
    numbers, errors = [], []

    def worker():
        try:
            numbers.append(issue(branch, secretary).number)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == ["01-DS/CB", "02-DS/CB", "03-DS/CB"]


def test_the_unique_constraint_is_the_last_guard(branch, secretary):
    from django.db import IntegrityError, transaction

    document = issue(branch, secretary)
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedDocument.objects.create(
            branch=branch, kind="source-list", type_code="DS", term=document.term,
            sequence=1, number="01-DS/CB", title="x", issued_on=ON, issued_by=secretary,
            pdf=b"", xlsx=b"",
        )  # fmt: skip


# --- the pages -------------------------------------------------------------------------------


def test_the_secretary_sees_the_draft_and_issues_it(login, secretary, branch, class_12a1):
    AnnualPlanFactory(branch=branch, year=2026, target_admissions=3)
    client = login(secretary)
    page = client.get(reverse("reports:draft", args=["progress"]), {"year": 2026, "which": "h1"})
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="draft-form"' in html
    assert "6 tháng đầu năm 2026, Chi bộ đã kết nạp 00 đảng viên mới là học sinh." in html
    data = {"year": 2026, "which": "h1", "results": "Kết quả tốt.", "tasks": "- Tiếp tục."}
    data |= {"recipients": "ĐẢNG ỦY PHƯỜNG AN HẢI (b/c);\nLưu Chi bộ.", "signer": secretary.pk}
    draft = client.post(reverse("reports:draft_file", args=["progress", "pdf"]), data)
    assert draft["Content-Type"] == "application/pdf"
    text = flat(pdf_text(draft.content))
    assert "DỰ THẢO" in text and "Kết quả tốt." in text and "- ĐẢNG ỦY PHƯỜNG AN HẢI (b/c);" in text
    xlsx = client.post(reverse("reports:draft_file", args=["progress", "xlsx"]), data)
    assert xlsx["Content-Disposition"].startswith("attachment")
    assert IssuedDocument.objects.count() == 0  # a draft is never kept
    done = client.post(reverse("reports:issue", args=["progress"]), data)
    assert done.status_code == 302 and done["Location"] == reverse("reports:register")
    issued = IssuedDocument.objects.get()
    assert issued.number == "01-BC/CB" and issued.issued_by == secretary
    assert (issued.period_start, issued.period_end) == (date(2026, 1, 1), date(2026, 6, 30))
    register = client.get(
        reverse("reports:register"), {"kind": "progress", "year": issued.issued_on.year}
    )
    assert "01-BC/CB" in register.content.decode()
    assert (
        "01-BC/CB" not in client.get(reverse("reports:register"), {"kind": "plan"}).content.decode()
    )


def test_a_committee_member_issues_and_signs_for_the_secretary(
    login, committee_member, secretary, branch
):
    client = login(committee_member)
    data = {"signer": committee_member.pk}
    done = client.post(reverse("reports:issue", args=["source-list"]), data)
    assert done.status_code == 302
    text = flat(pdf_text(IssuedDocument.objects.get().pdf))
    assert "K/T BÍ THƯ PHÓ BÍ THƯ" in text and committee_member.full_name in text


def test_a_refusal_keeps_what_was_written(login, secretary, branch):
    client = login(secretary)
    data = {"year": 2026, "results": "Đoạn tôi đã viết."}
    response = client.post(reverse("reports:issue", args=["plan"]), data)
    html = response.content.decode()
    assert response.status_code == 400 and "Chi bộ chưa có kế hoạch năm 2026" in html
    assert IssuedDocument.objects.count() == 0
    custom = {"year": 2026, "which": "custom", "starts_on": "30/06/2026", "ends_on": "01/01/2026"}
    response = client.post(reverse("reports:issue", args=["progress"]), custom)
    assert response.status_code == 400
    assert "Hãy ghi ngày đầu và ngày cuối" in response.content.decode()


def test_others_cannot_issue(login, youth_officer, party_member, branch):
    for user in (youth_officer, party_member):
        assert (
            login(user).post(reverse("reports:issue", args=["source-list"]), {}).status_code == 403
        )
    assert IssuedDocument.objects.count() == 0


def test_the_progress_report_is_two_clicks_from_the_dashboard(login, secretary, branch):
    home = login(secretary).get(reverse("home")).content.decode()
    assert reverse("reports:draft", args=["progress"]) in home
