"""Roster import benchmark: a 1,500-student school roster in 36 sheets, against a floor.

    DEBUG=1 .venv/bin/python bench/bench_import.py

The floor is openpyxl reading the same file in read-only mode (every cell value of every sheet),
the least any importer must do. The import is the whole path of the page and the command:
read_workbook + build_preview + apply_preview into an empty branch (36 classes, 1,500 students,
1,500 events). Each is measured in its own process (so one's memory does not hide the other's):
time as the best of 3 runs, peak Python memory with tracemalloc in a separate run, and the
process's peak RSS. Goal: import ≤ 4× the floor's time, and under 300 MB.

It uses a throwaway SQLite database in a temporary folder, never db.sqlite3.
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUDENTS = 1500
CLASSES = [f"{grade}A{n}" for grade in (10, 11, 12) for n in range(1, 13)]  # 36 sheets
RUNS = 3
TIME_GOAL = 4.0
MEMORY_GOAL_MB = 300


def words(text: str) -> list[str]:
    return text.split()


FAMILY = words("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Ưng Âu")
MIDDLE = words("Văn Thị Minh Ngọc Thanh Hoài Đức Gia Khánh Phương Quang Xuân Bảo Diệu Hữu")
GIVEN = words(
    "An Ánh Bình Chi Cường Dũng Giang Hà Hải Hạnh Hòa Huy Khoa Lan Linh Minh Ngân Oanh Ơn Phúc "
    "Quân Quỳnh Sơn Tâm Thảo Uyên Việt Vy Yến Ý"
)
HEADER = [
    "STT",
    "Mã định danh Bộ GD&ĐT",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Dân tộc",
    "Tôn giáo",
    "Trạng thái",
    "Nơi sinh",
    "Chỗ ở hiện nay",
    "Lớp học",
    "Khối học",
    "Số định danh cá nhân",
    "Đoàn viên",
    "Ngày vào Đoàn",
]


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_roster(path: Path) -> None:
    """36 sheets as the ministry's database exports them: title lines, header, students."""
    import openpyxl

    rng = random.Random(2025)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    per_class, extra = divmod(STUDENTS, len(CLASSES))
    code = 0
    for index, name in enumerate(CLASSES):
        sheet = workbook.create_sheet(name)
        grade = int(name[:2])
        sheet.append(["SỞ GIÁO DỤC VÀ ĐÀO TẠO THÀNH PHỐ ĐÀ NẴNG"])
        sheet.append(["TRƯỜNG THPT QUANG TRUNG"])
        sheet.append([])
        sheet.append([f"DANH SÁCH HỌC SINH LỚP {name} — NĂM HỌC 2025-2026"])
        sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=len(HEADER))
        sheet.append([])
        sheet.append(HEADER)
        for n in range(1, per_class + (1 if index < extra else 0) + 1):
            code += 1
            born = date(2025 - grade - 5, 1, 1) + timedelta(days=rng.randrange(365))
            joined = born + timedelta(days=15 * 365 + 30)
            full_name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            if n % 7 == 0:
                full_name = unicodedata.normalize("NFD", full_name)  # typed on an NFD keyboard
            # Half the sheets hold dates as text (CSDL), half as Excel dates (vnEdu).
            as_text = index % 2 == 0
            sheet.append(
                [
                    n,
                    f"{rng.randrange(10**10):010d}"[:-4] + f"{code:04d}",
                    full_name,
                    born.strftime("%d/%m/%Y") if as_text else datetime(*born.timetuple()[:3]),
                    rng.choice(["Nam", "Nữ"]),
                    rng.choice(["Kinh", "Kinh", "Kinh", "Hoa", "Tày", "Ê Đê"]),
                    rng.choice(["Không", "Không", "Công giáo", "Phật giáo"]),
                    "Đang học",
                    "Đà Nẵng",
                    rng.choice(["Phường An Hải", "Phường Sơn Trà", "Xã Hòa Vang"]),
                    name,
                    f"Khối {grade}",
                    f"0{rng.randrange(10**11):011d}",
                    "x",
                    joined.strftime("%d/%m/%Y") if as_text else datetime(*joined.timetuple()[:3]),
                ]
            )
            if n % 15 == 0:
                sheet.append([])  # a blank row between students
        sheet.append([])
        sheet.append([None, None, f"Tổng số: {n} học sinh"])
    workbook.save(path)


def prepare(tmp: Path) -> tuple[Path, Path]:
    """A migrated template database with one branch, and the roster file."""
    db = tmp / "template.sqlite3"
    setup_django(f"sqlite:///{db}")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accounts.models import Branch, Committee

    committee = Committee.objects.create(name="ĐẢNG BỘ PHƯỜNG AN HẢI")
    Branch.objects.create(
        name="CHI BỘ TRƯỜNG THPT QUANG TRUNG",
        school="Trường THPT Quang Trung",
        committee=committee,
        place_name="An Hải",
    )
    from django.db import connections

    connections.close_all()
    roster_path = tmp / "roster-school.xlsx"
    make_roster(roster_path)
    return db, roster_path


# --- measured in a child process -------------------------------------------------------


def floor(path: Path) -> int:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            cells += len(row)
    workbook.close()
    return cells


def import_roster(path: Path) -> int:
    from accounts.models import Branch
    from candidates import roster

    branch = Branch.objects.get()
    preview = roster.build_preview(roster.read_workbook(path), branch)
    assert not preview.problems, preview.problems[:3]
    result = roster.apply_preview(preview, branch, None)
    assert result.students_created == STUDENTS, result
    return result.students_created


def reset_database() -> None:
    from candidates.models import Event, SchoolClass, Student

    Event.objects.all().delete()
    Student.objects.all().delete()
    SchoolClass.objects.all().delete()


def measure(mode: str, path: Path, db: Path) -> dict:
    setup_django(f"sqlite:///{db}")
    from candidates import roster  # noqa: F401  (imports are not part of the measure)

    work = floor if mode == "floor" else import_roster
    times = []
    for _ in range(RUNS):
        if mode == "import":
            reset_database()
        started = time.perf_counter()
        work(path)
        times.append(time.perf_counter() - started)
    if mode == "import":
        reset_database()
    tracemalloc.start()
    work(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    return {"seconds": min(times), "peak_mb": peak / 2**20, "rss_mb": rss_kb / 1024}


def child(mode: str, path: Path, template: Path, tmp: Path) -> dict:
    db = tmp / f"{mode}.sqlite3"
    shutil.copy(template, db)
    command = [sys.executable, __file__, "--measure", mode, "--file", str(path), "--db", str(db)]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", choices=["floor", "import"])
    parser.add_argument("--file", type=Path)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.file, args.db)))
        return 0
    with tempfile.TemporaryDirectory(prefix="ptdv-bench-") as folder:
        tmp = Path(folder)
        template, path = prepare(tmp)
        size = path.stat().st_size / 1024
        print(f"roster: {STUDENTS} students in {len(CLASSES)} sheets, {size:.0f} KB")
        floor_result = child("floor", path, template, tmp)
        import_result = child("import", path, template, tmp)
    ratio = import_result["seconds"] / floor_result["seconds"]
    for name, r in (("floor (openpyxl read-only)", floor_result), ("import", import_result)):
        print(
            f"{name:28} {r['seconds']:6.3f} s   peak traced {r['peak_mb']:6.1f} MB"
            f"   process RSS {r['rss_mb']:6.1f} MB"
        )
    print(f"time ratio import / floor: {ratio:.2f}× (goal ≤ {TIME_GOAL:g}×)")
    memory_ok = import_result["rss_mb"] < MEMORY_GOAL_MB
    print(f"import process RSS {import_result['rss_mb']:.0f} MB (goal < {MEMORY_GOAL_MB} MB)")
    return 0 if ratio <= TIME_GOAL and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())
