"""Benchmark: the source list of 300 candidates as a Party document (PDF), against a floor of
WeasyPrint laying out the same text as plain paragraphs, measured in the same run.

The floor is the same words in the same font, each cell's text a plain paragraph (as many text
boxes as the table has cells); the document adds the header, the table's grid, the repeated
header row, the signature and the page rules. Prints the times and the ratio (goal: ≤ 1.5×),
and for reference the cheaper floor of one paragraph per row.

    DEBUG=1 .venv/bin/python bench/bench_reports.py [--rounds 3] [--candidates 300]
"""

import argparse
import html
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = tempfile.mkdtemp(prefix="ptdv-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK}/bench.sqlite3"
os.environ.setdefault("DEBUG", "1")
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from weasyprint import HTML  # noqa: E402

from reports import builders, pdf  # noqa: E402
from reports.periods import period_of  # noqa: E402


def populate(count):
    """The demo branch with `count` candidates in the source list."""
    from accounts.models import Membership
    from candidates.models import Candidate, SchoolClass, Student
    from demo.seed import seed_demo

    seed_demo()
    membership = Membership.objects.filter(user__username="bithu").first()
    branch = membership.branch
    school_class = SchoolClass.objects.filter(branch=branch, grade=12).first()
    today = timezone.localdate()
    have = Candidate.objects.filter(branch=branch, stage__in=builders.SOURCE_STAGES).count()
    for n in range(count - have):
        student = Student.objects.create(
            branch=branch,
            student_code=f"BENCH{n:05d}",
            full_name=f"Nguyễn Thị Bích Ngọc {n}",
            date_of_birth=today.replace(year=today.year - 17),
            gender=Student.Gender.FEMALE,
            school_class=school_class,
            youth_union_joined_on=today.replace(year=today.year - 2),
            study_result="Tốt",
            conduct_result="Tốt",
        )
        Candidate.objects.create(
            branch=branch, student=student, stage=Candidate.Stage.SOURCE, opened_on=today,
            source_since=today,
        )  # fmt: skip
    return branch


def floor_html(document, per_row=False) -> str:
    """The same words as plain paragraphs in the same font: no header, table or page rules."""
    words = [document.committee, document.branch, document.type_name, document.summary]
    for table in document.tables():
        if per_row:
            words += [" ".join(pdf.cell(v) for v in row) for row in table.rows]
        else:
            words += [pdf.cell(v) for row in table.rows for v in row]
    paragraphs = "".join(f"<p>{html.escape(w)}</p>" for w in words)
    style = "html { font-family: 'Liberation Serif'; font-size: 11pt } p { margin: 0 }"
    return f"<html><head><style>{style}</style></head><body>{paragraphs}</body></html>"


def timed(function, rounds):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--candidates", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    branch = populate(args.candidates)
    options = builders.Options(period=period_of(timezone.localdate().year), on=timezone.localdate())
    document = builders.build("source-list", branch, options)
    rows = len(document.tables()[0].rows)
    floor, per_row = floor_html(document), floor_html(document, per_row=True)
    HTML(string=floor).write_pdf()  # warm up: fonts, caches
    floor_s = timed(lambda: HTML(string=floor).write_pdf(), args.rounds)
    per_row_s = timed(lambda: HTML(string=per_row).write_pdf(), args.rounds)
    report_s = timed(
        lambda: pdf.render_pdf(builders.build("source-list", branch, options)), args.rounds
    )
    print(f"source list, {rows} candidates")
    print(f"  floor  (same text, a paragraph per cell): {floor_s:.2f} s")
    print(f"  (for reference: a paragraph per row: {per_row_s:.2f} s)")
    print(f"  report (build + Party document PDF):     {report_s:.2f} s")
    print(f"  ratio: {report_s / floor_s:.2f}× (goal ≤ 1.5×)")


if __name__ == "__main__":
    main()
