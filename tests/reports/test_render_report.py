"""`render_report KIND --year YEAR [--from DATE --to DATE] --out FILE`: a draft, never issued."""

import pytest
from django.core.management import CommandError, call_command

from reports.models import IssuedDocument

from .conftest import flat, pdf_text, xlsx_rows


def test_the_plan_as_pdf_and_xlsx(branch, sample_plan, tmp_path):
    call_command("render_report", "plan", "--year", "2025", "--out", str(tmp_path / "kh.pdf"))
    text = flat(pdf_text((tmp_path / "kh.pdf").read_bytes()))
    assert "DỰ THẢO" in text and "KẾ HOẠCH phát triển đảng viên trong học sinh năm 2025" in text
    call_command("render_report", "plan", "--year", "2025", "--out", str(tmp_path / "kh.xlsx"))
    assert xlsx_rows((tmp_path / "kh.xlsx").read_bytes())[0] == ["DỰ THẢO"]
    assert IssuedDocument.objects.count() == 0


def test_a_period_from_one_day_to_another(branch, tmp_path):
    out = tmp_path / "bc.pdf"
    call_command(
        "render_report", "progress", "--from", "01/01/2026", "--to", "31/03/2026", "--out", str(out)
    )
    assert "từ ngày 01/01/2026 đến ngày 31/03/2026" in flat(pdf_text(out.read_bytes()))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "--year", "2024", "--out", "x.pdf"], "Chi bộ chưa có kế hoạch năm 2024"),
        (["plan", "--out", "x.odt"], "Hãy ghi ra tệp .pdf, .xlsx hoặc .docx"),
        (["progress", "--from", "01/04/2026", "--out", "x.pdf"], "Hãy ghi cả --from và --to"),
        (["progress", "--from", "02/04/2026", "--to", "01/04/2026", "--out", "x.pdf"],
         "Ngày đầu ở sau ngày cuối"),
        (["progress", "--from", "32/01/2026", "--to", "01/04/2026", "--out", "x.pdf"],
         "không phải là ngày"),
        (["dossier", "--candidate", "999", "--out", "x.pdf"], "Hãy chọn quần chúng"),
    ],
)  # fmt: skip
def test_bad_input_is_refused_in_vietnamese(branch, args, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=message):
        call_command("render_report", *args)
    assert list(tmp_path.iterdir()) == []


def test_the_dossier_of_a_candidate(branch, secretary, class_12a1, tmp_path):
    from tests.candidates.pipeline import accepted
    from tests.factories import StudentFactory

    candidate = accepted(StudentFactory(school_class=class_12a1, full_name="Hồ Thị An"), secretary)
    out = tmp_path / "hs.pdf"
    call_command("render_report", "dossier", "--candidate", str(candidate.pk), "--out", str(out))
    assert "quần chúng Hồ Thị An" in flat(pdf_text(out.read_bytes()))
