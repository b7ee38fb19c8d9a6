"""A student's personal data exported on request: one .xlsx with every recorded fact, for the
secretary; the download is in the access log."""

from datetime import datetime
from io import BytesIO

import openpyxl
from django.urls import reverse

from accounts.models import AccessLog

from ..factories import ConsentFactory


def sheets(response):
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    return {
        sheet.title: [
            [c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in workbook.worksheets
    }


def test_the_secretary_exports_everything_recorded_about_a_student(login, secretary, decided):
    student = decided.student
    ConsentFactory(student=student)
    url = reverse("candidates:student_export", args=[student.pk])
    response = login(secretary).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'du-lieu-ca-nhan-hoc-sinh-{student.pk}.xlsx"')
    data = sheets(response)
    assert list(data) == [
        "Học sinh",
        "Quá trình xem xét",
        "Giới thiệu, đề xuất",
        "Lớp nhận thức",
        "Hồ sơ",
        "Sự đồng ý",
        "Lịch sử thay đổi",
    ]
    facts = dict(row for row in data["Học sinh"] if len(row) == 2)
    assert facts["Họ và tên"] == "Nguyễn Văn An" and facts["Dân tộc"] == "Cơ Tu"
    nominations = data["Giới thiệu, đề xuất"][1:]
    assert [row[:2] for row in nominations] == [[datetime(2025, 9, 15), "Chi ủy"]]
    assert ["9-KNĐ", "Đã nhận", datetime(2026, 4, 10)] in [row[:3] for row in data["Hồ sơ"]]
    summaries = [row[2] for row in data["Lịch sử thay đổi"][1:]]
    assert any("512-QĐ/ĐU" in summary for summary in summaries)
    assert [row[:2] for row in data["Sự đồng ý"][1:]] == [[datetime(2025, 9, 10), "Đã đồng ý"]]
    assert AccessLog.objects.filter(kind="download", subject__startswith="du-lieu").count() == 1


def test_only_the_secretary_exports(login, committee_member, teacher_12a1, decided):
    url = reverse("candidates:student_export", args=[decided.student.pk])
    assert login(committee_member).get(url).status_code == 403
    assert login(teacher_12a1).get(url).status_code == 403
