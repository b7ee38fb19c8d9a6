"""Demo data for a school branch, generated here (never read from outside the project).

Every object is found by a natural key before it is created, so running it twice changes nothing.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Branch, Committee, Membership, User
from candidates import services
from candidates.models import Candidate, Nomination, PartyMember, SchoolClass, Student

from . import demo_pipeline
from .models import AnnualPlan

Role = Membership.Role
DEMO_PASSWORD = "ptdv-demo-2025"
SCHOOL_YEAR = "2025-2026"

# username, full name, roles, Party member (joined, official) or None, homeroom class
DEMO_USERS = [
    ("bithu", "Cao Thị Hoài Hương", [Role.SECRETARY, Role.PARTY_MEMBER], (2005, 2006), None),
    ("chiuy", "Trần Văn Phúc", [Role.COMMITTEE, Role.PARTY_MEMBER], (2008, 2009), None),
    ("doantruong", "Lê Thị Thu Trang", [Role.YOUTH_UNION], None, None),
    ("gvcn12a1", "Nguyễn Thị Minh Tâm", [Role.HOMEROOM, Role.PARTY_MEMBER], (2012, 2013), "12A1"),
    ("gvcn12a2", "Phạm Quốc Bảo", [Role.HOMEROOM], None, "12A2"),
    ("dangvien", "Võ Đình Khoa", [Role.PARTY_MEMBER], (2015, 2016), None),
]

CLASSES = [("10A1", 10), ("11A1", 11), ("11A2", 11), ("12A1", 12), ("12A2", 12), ("12A3", 12)]
STUDENTS_PER_CLASS = 32

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Võ", "Đặng", "Bùi", "Đỗ",
          "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Ưng"]  # fmt: skip
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Minh", "Phương", "Thanh", "Bảo", "Khánh", "Mỹ", "Hoài"]
MIDDLE_M = ["Văn", "Minh", "Quốc", "Đức", "Gia", "Thanh", "Hữu", "Công", "Tuấn", "Đình"]
GIVEN_F = ["An", "Anh", "Ánh", "Châu", "Giang", "Hà", "Hương", "Linh", "Ngân", "Nhung", "Oanh",
           "Phương", "Quyên", "Thảo", "Trâm", "Uyên", "Vy", "Yến", "Ân", "Ơn"]  # fmt: skip
GIVEN_M = ["An", "Bảo", "Cường", "Dũng", "Đạt", "Đức", "Hải", "Huy", "Khang", "Long", "Minh",
           "Nam", "Phúc", "Quân", "Sơn", "Tài", "Tuấn", "Vinh", "Ưng", "Ý"]  # fmt: skip
PLACES = ["Phường An Hải", "Phường Sơn Trà", "Phường Hải Châu", "Xã Quang Trung", "Xã Hòa Vang"]
ETHNICITIES = ["Kinh"] * 18 + ["Ê Đê", "Cơ Tu"]
RELIGIONS = ["Không"] * 16 + ["Công giáo", "Phật giáo", "Tin Lành", "Cao Đài"]
STUDY = ["Tốt", "Tốt", "Khá", "Khá", "Đạt"]
CONDUCT = ["Tốt", "Tốt", "Tốt", "Khá"]

OTHER_MEMBERS = [
    ("Huỳnh Thị Lan", 1978, 2003, 2004),
    ("Đỗ Văn Hùng", 1975, 2001, 2002),
    ("Ngô Thị Bích Thủy", 1982, 2007, 2008),
    ("Bùi Xuân Trường", 1985, 2010, 2011),
    ("Dương Thị Kim Oanh", 1988, 2013, 2014),
    ("Lý Minh Nhật", 1990, 2016, 2017),
    ("Phan Thị Mỹ Dung", 1992, 2018, 2019),
    ("Hồ Sĩ Tùng", 1994, 2020, 2021),
    ("Trịnh Ngọc Ánh", 1996, 2025, None),
]

PLAN_2025 = {
    "number": "05-KH/CB",
    "issued_on": date(2025, 2, 10),
    "title": "Kế hoạch phát triển đảng viên trong học sinh năm 2025",
    "basis": (
        "Căn cứ Kế hoạch số 238-KH/HU, ngày 22/01/2025 của Ban Thường vụ Huyện ủy về thực hiện "
        "chỉ tiêu công tác xây dựng Đảng năm 2025;\n"
        "Thực hiện Công văn số 18/SGDĐT-VP, ngày 03/01/2025 về triển khai các giải pháp thực hiện "
        "công tác phát triển đảng viên đối với học sinh, học viên ngành Giáo dục năm 2025;\n"
        "Căn cứ Chương trình số 01-CTr/CB, ngày 08/01/2025 về Chương trình công tác năm 2025 của "
        "Chi bộ trường THPT Quang Trung;\n"
        "Chi bộ trường THPT Quang Trung xây dựng kế hoạch phát triển đảng viên trong học sinh năm "
        "2025 cụ thể như sau:"
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
        "Trên đây là kế hoạch phát triển đảng viên trong học sinh năm 2025 của Chi bộ trường THPT "
        "Quang Trung; trong quá trình thực hiện có vướng mắc, đề nghị các đồng chí báo cáo Chi ủy "
        "để được hướng dẫn./."
    ),
    "recipients": "- Chi bộ (c/đ);\n- Các đoàn thể (t/h);\n- Lưu Chi bộ.",
    "signer_title": "T/M CHI BỘ\nBÍ THƯ",
    "signer_name": "Cao Thị Hoài Hương",
    "target_admissions": 7,
}


def _student_name(rng, female):
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}"


@transaction.atomic
def seed_demo(stdout=None):
    """Create the demo branch and everything in it; return a dict of counts of what was created."""
    created = dict.fromkeys(["users", "classes", "students", "party_members", "plans"], 0)
    committee, _ = Committee.objects.get_or_create(
        name="ĐẢNG BỘ PHƯỜNG AN HẢI", defaults={"decides_admissions": True}
    )
    branch, _ = Branch.objects.get_or_create(
        name="CHI BỘ TRƯỜNG THPT QUANG TRUNG",
        defaults={
            "school": "Trường THPT Quang Trung",
            "committee": committee,
            "place_name": "An Hải",
            "department": "Sở Giáo dục và Đào tạo thành phố Đà Nẵng",
            "document_code": "CB",
        },
    )

    users = {}
    for username, full_name, roles, party, _homeroom in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, full_name=full_name)
            user.set_password(DEMO_PASSWORD)
            user.save()
            created["users"] += 1
        users[username] = user
        for role in roles:
            Membership.objects.get_or_create(user=user, branch=branch, role=role)
        if party:
            _, new = PartyMember.objects.get_or_create(
                branch=branch,
                user=user,
                defaults={
                    "full_name": full_name,
                    "joined_on": date(party[0], 5, 19),
                    "official_on": date(party[1], 5, 19),
                    "started_at_school_on": date(2012, 9, 5),
                    "position": "Bí thư Chi bộ" if Role.SECRETARY in roles else "Giáo viên",
                },
            )
            created["party_members"] += new

    for full_name, born, joined, official in OTHER_MEMBERS:
        _, new = PartyMember.objects.get_or_create(
            branch=branch,
            full_name=full_name,
            defaults={
                "date_of_birth": date(born, 3, 3),
                "joined_on": date(joined, 11, 20),
                "official_on": date(official, 11, 20) if official else None,
                "started_at_school_on": date(max(joined, 2010), 9, 5),
                "position": "Giáo viên",
            },
        )
        created["party_members"] += new

    homeroom = {h: users[u] for u, _n, _r, _p, h in DEMO_USERS if h}
    rng = random.Random(2025)
    for class_name, grade in CLASSES:
        school_class, new = SchoolClass.objects.get_or_create(
            branch=branch,
            school_year=SCHOOL_YEAR,
            name=class_name,
            defaults={"grade": grade, "homeroom_teacher": homeroom.get(class_name)},
        )
        created["classes"] += new
        birth_year = 2020 - grade  # grade 12 in 2025-2026 was born in 2008
        for number in range(1, STUDENTS_PER_CLASS + 1):
            female = rng.random() < 0.55
            born = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
            member = rng.random() < 0.9
            code = f"0480{grade:02d}{CLASSES.index((class_name, grade)):02d}{number:04d}"
            _, new = Student.objects.get_or_create(
                branch=branch,
                student_code=code,
                defaults={
                    "full_name": _student_name(rng, female),
                    "date_of_birth": born,
                    "gender": Student.Gender.FEMALE if female else Student.Gender.MALE,
                    "school_class": school_class,
                    "place_of_birth": "Đà Nẵng",
                    "hometown": "Đà Nẵng",
                    "residence": rng.choice(PLACES),
                    "youth_union_joined_on": date(born.year + 15, 3, 26) if member else None,
                    "study_result": rng.choice(STUDY),
                    "conduct_result": rng.choice(CONDUCT),
                    "ethnicity": rng.choice(ETHNICITIES),
                    "religion": rng.choice(RELIGIONS),
                    "national_id": f"048{born.year % 100:03d}{rng.randint(0, 999999):06d}",
                },
            )
            created["students"] += new

    _, new = AnnualPlan.objects.get_or_create(branch=branch, year=2025, defaults=PLAN_2025)
    created["plans"] += new
    created["candidates"] = _seed_candidates(branch, users)
    return created


def _seed_candidates(branch, users):
    """Nominations of grade-12 students at the first stages: waiting, accepted, declined."""
    if Candidate.objects.filter(branch=branch).exists():
        return 0
    students = list(
        Student.objects.filter(
            branch=branch, school_class__grade=12, youth_union_joined_on__isnull=False
        ).order_by("student_code")
    )
    by_class = {}
    for student in students:
        by_class.setdefault(student.school_class.name, []).append(student)
    youth, teacher, secretary = users["doantruong"], users["gvcn12a1"], users["bithu"]
    picks = [(s, youth, Nomination.Kind.YOUTH_UNION) for s in by_class["12A2"][:4]]
    picks += [(s, youth, Nomination.Kind.YOUTH_UNION) for s in by_class["12A3"][:3]]
    picks += [(s, teacher, Nomination.Kind.HOMEROOM) for s in by_class["12A1"][:5]]
    reason = "Đoàn viên ưu tú, gương mẫu trong học tập và hoạt động phong trào."
    today = timezone.localdate()
    candidates = [
        services.candidate_nominate(
            student=s, author=author, kind=kind, reason=reason, on=today - timedelta(760)
        )
        for s, author, kind in picks
    ]
    # An older student (a year held back) to show a member already recognised as official.
    elder = Student.objects.create(
        branch=branch,
        student_code="048012029999",
        full_name="Trần Minh Khôi",
        date_of_birth=demo_pipeline.older_birthday(today),
        gender=Student.Gender.MALE,
        school_class=by_class["12A3"][0].school_class,
        hometown="Đà Nẵng",
        residence="Phường An Hải",
        youth_union_joined_on=date(2022, 3, 26),
        study_result="Tốt",
        conduct_result="Tốt",
        ethnicity="Kinh",
        religion="Không",
    )
    candidates.append(
        services.candidate_nominate(
            student=elder, author=youth, kind=Nomination.Kind.YOUTH_UNION, reason=reason,
            on=today - timedelta(760),
        )
    )  # fmt: skip
    accepted = candidates[:8] + candidates[-1:]
    for candidate in accepted:
        services.candidate_accept(
            candidate=candidate, actor=secretary, version=candidate.version,
            on=today - timedelta(740),
        )  # fmt: skip
    services.candidate_decline(
        candidate=candidates[8],
        actor=secretary,
        reason="Chưa tham gia đủ các hoạt động của Đoàn trường; đề nghị bồi dưỡng thêm.",
        version=candidates[8].version,
    )
    accepted = [Candidate.objects.get(pk=c.pk) for c in accepted]
    demo_pipeline.seed_pipeline(branch, users, accepted, today)
    return len(candidates)
