"""The branch's annual plan as the demo holds it: the sample plan of 2025, for any year.

The text is that of the 2025 plan of Chi bộ trường THPT Quang Trung (the project's sample, kept
here: nothing is read from outside the project). For 2025 it comes out word for word; for another
year the year, the dates, the number and the superior committee follow: since 1 July 2025 there
is no district level (RULES.md R20), so a plan issued after that date cites the ward committee.
"""

from datetime import date, timedelta

from .dates import workday_on_or_before

SAMPLE_YEAR = 2025
SAMPLE_ISSUED_ON = date(2025, 2, 10)
NO_DISTRICT_FROM = date(2025, 7, 1)

# Days before the plan's date of the three papers its basis cites (22/01, 03/01 and 08/01/2025).
SUPERIOR_PLAN_BEFORE, DEPARTMENT_LETTER_BEFORE, PROGRAMME_BEFORE = 19, 38, 33

TEXT = {
    "title": "Kế hoạch phát triển đảng viên trong học sinh năm {year}",
    "basis": (
        "Căn cứ Kế hoạch số {superior_plan}, ngày {superior_plan_on} của Ban Thường vụ {superior} "
        "về thực hiện chỉ tiêu công tác xây dựng Đảng năm {year};\n"
        "Thực hiện Công văn số 18/SGDĐT-VP, ngày {department_letter_on} về triển khai các giải "
        "pháp thực hiện công tác phát triển đảng viên đối với học sinh, học viên ngành Giáo dục "
        "năm {year};\n"
        "Căn cứ Chương trình số 01-CTr/CB, ngày {programme_on} về Chương trình công tác năm {year} "
        "của Chi bộ trường THPT Quang Trung;\n"
        "Chi bộ trường THPT Quang Trung xây dựng kế hoạch phát triển đảng viên trong học sinh năm "
        "{year} cụ thể như sau:"
    ),
    "purpose": (
        "- Xác định công tác phát triển đảng viên trong học sinh là việc làm thường xuyên, quan "
        "trọng trong công tác xây dựng Đảng.\n"
        "- Công tác phát triển đảng viên trong học sinh phải chú trọng chất lượng; thực hiện đúng "
        "quy trình xét và kết nạp đảng viên mới theo quy định.\n"
        "- Việc kết nạp đảng viên phải gắn liền với việc giáo dục, rèn luyện, quản lý, phân công "
        "nhiệm vụ đảng viên, xây dựng tổ chức Đảng trong sạch, vững mạnh."
    ),
    "objectives": (
        "- Về số lượng: kết nạp 07 đảng viên mới là học sinh.\n"
        "- Về chất lượng: nâng cao chất lượng đội ngũ đảng viên cả về phẩm chất chính trị, năng "
        "lực, giữ vững tính tiên phong gương mẫu của người đảng viên.\n"
        "- Về đối tượng: xem xét kết nạp quần chúng ưu tú trong tổ chức Đoàn TNCS Hồ Chí Minh."
    ),
    "tasks": (
        "- Khảo sát, đánh giá số lượng, chất lượng nguồn kết nạp Đảng để xây dựng kế hoạch phù "
        "hợp với chỉ tiêu được giao.\n"
        "- Gắn trách nhiệm của Đoàn trường và giáo viên chủ nhiệm trong việc giới thiệu đoàn viên "
        "ưu tú đủ tiêu chuẩn, điều kiện để Chi bộ xem xét, kết nạp.\n"
        "- Đăng ký danh sách đề nghị học lớp bồi dưỡng nhận thức về Đảng cho đoàn viên ưu tú; phân "
        "công đảng viên chính thức giúp đỡ quần chúng đã học lớp nhận thức về Đảng."
    ),
    "organisation": (
        "- Chi ủy, Chi bộ chỉ đạo xây dựng kế hoạch, giám sát việc thực hiện đạt chỉ tiêu đề ra; "
        "báo cáo cấp ủy cấp trên và Sở GDĐT kết quả đạt được hằng năm.\n"
        "- Đoàn thanh niên xây dựng kế hoạch tạo nguồn, bồi dưỡng quần chúng, giới thiệu cho Đảng "
        "xem xét kết nạp."
    ),
    "closing": (
        "Trên đây là kế hoạch phát triển đảng viên trong học sinh năm {year} của Chi bộ trường "
        "THPT Quang Trung; trong quá trình thực hiện có vướng mắc, đề nghị các đồng chí báo cáo "
        "Chi ủy để được hướng dẫn./."
    ),
    "recipients": "- Chi bộ (c/đ);\n- Các đoàn thể (t/h);\n- Lưu Chi bộ.",
}


def plan_number(year: int) -> str:
    """The plan's number. Numbers run from 01 within a committee term (R21), not per year: the
    2025 plan was the 5th paper of its term; from 2026 on, say the 3rd of the term's first year
    and seven more each year (terms of five years, the next from 2031)."""
    if year == SAMPLE_YEAR:
        return "05-KH/CB"
    return f"{3 + 7 * ((year - 2026) % 5):02d}-KH/CB"


def plan_fields(year: int, issued_on: date) -> dict:
    """The fields of `AnnualPlan` for `year`, issued on `issued_on` (target: 07 admissions)."""

    def before(days):
        return workday_on_or_before(issued_on - timedelta(days=days)).strftime("%d/%m/%Y")

    if issued_on < NO_DISTRICT_FROM:
        superior, superior_plan = "Huyện ủy", "238-KH/HU"
    else:
        superior, superior_plan = "Đảng ủy phường An Hải", "12-KH/ĐU"
    values = {
        "year": year,
        "superior": superior,
        "superior_plan": superior_plan,
        "superior_plan_on": before(SUPERIOR_PLAN_BEFORE),
        "department_letter_on": before(DEPARTMENT_LETTER_BEFORE),
        "programme_on": before(PROGRAMME_BEFORE),
    }
    return {
        **{name: text.format(**values) for name, text in TEXT.items()},
        "number": plan_number(year),
        "issued_on": issued_on,
        "signer_title": "T/M CHI BỘ\nBÍ THƯ",
        "signer_name": "Cao Thị Hoài Hương",
        "target_admissions": 7,
    }


def issue_date(year: int, today: date) -> date:
    """When the plan of `year` was issued: on 10 February as in the sample, or, early in the
    year, on the last working day up to today (a plan issued at the turn of the year)."""
    usual = SAMPLE_ISSUED_ON.replace(year=year)
    return workday_on_or_before(min(usual, today))
