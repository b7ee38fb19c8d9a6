"""The demo branch, Chi bộ trường THPT Quang Trung, as it stands on the day it is loaded.

Its users, Party members and plans are found by a natural key before they are created; its
school (the classes of the school year running that day, their students, the candidates) is
loaded once, with the branch. Running it again, the same day or later, changes nothing that
exists. Nothing is read from outside the project.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Branch, Committee, Membership, User
from candidates import consent, services
from candidates.models import Consent, PartyMember, SchoolClass, Student
from plans.models import AnnualPlan

from .dates import national_id, school_year, school_year_start, usual_birth_year
from .pipeline import seed_candidates
from .plan import issue_date, plan_fields

Role = Membership.Role
DEMO_PASSWORD = "ptdv-demo-2025"

# username, full name, roles, Party member (joined, official) or None, homeroom class
DEMO_USERS = [
    ("bithu", "Cao Thị Hoài Hương", [Role.SECRETARY, Role.PARTY_MEMBER], (2005, 2006), None),
    ("chiuy", "Trần Văn Phúc", [Role.COMMITTEE, Role.PARTY_MEMBER], (2008, 2009), None),
    ("doantruong", "Lê Thị Thu Trang", [Role.YOUTH_UNION], None, None),
    ("gvcn12a1", "Nguyễn Thị Minh Tâm", [Role.HOMEROOM, Role.PARTY_MEMBER], (2012, 2013), "12A1"),
    ("gvcn12a2", "Phạm Quốc Bảo", [Role.HOMEROOM], None, "12A2"),
    ("dangvien", "Võ Đình Khoa", [Role.PARTY_MEMBER], (2015, 2016), None),
]

CLASSES = ["10A1", "10A2", "11A1", "11A2", "11A3", "12A1", "12A2", "12A3"]
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

# full name, born, joined, official; joined None: joined five months ago, on probation.
OTHER_MEMBERS = [
    ("Huỳnh Thị Lan", 1978, 2003, 2004),
    ("Đỗ Văn Hùng", 1975, 2001, 2002),
    ("Ngô Thị Bích Thủy", 1982, 2007, 2008),
    ("Bùi Xuân Trường", 1985, 2010, 2011),
    ("Dương Thị Kim Oanh", 1988, 2013, 2014),
    ("Lý Minh Nhật", 1990, 2016, 2017),
    ("Phan Thị Mỹ Dung", 1992, 2018, 2019),
    ("Hồ Sĩ Tùng", 1994, 2020, 2021),
    ("Trịnh Ngọc Ánh", 1996, None, None),
]


def _student_name(rng, female):
    middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
    given = rng.choice(GIVEN_F if female else GIVEN_M)
    return f"{rng.choice(FAMILY)} {middle} {given}"


@transaction.atomic
def seed_demo():
    """Create the demo branch and what it lacks; return a dict of counts of what was created."""
    today = timezone.localdate()
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
    users = _seed_people(branch, today, created)
    # This year's plan, and last year's as history: the plans of the two calendar years the
    # overview and the reports compare (on 1 December 2026: 2026, and 2025, the sample itself).
    for year in (today.year - 1, today.year):
        fields = plan_fields(year, issue_date(year, today))
        _, new = AnnualPlan.objects.get_or_create(branch=branch, year=year, defaults=fields)
        created["plans"] += new
    created["candidates"] = created["consents"] = 0
    if not SchoolClass.objects.filter(branch=branch).exists():
        _seed_school(branch, users, today, created)
        school_end = services.grade12_end(
            Student(school_class=SchoolClass.objects.get(branch=branch, name="12A1")),
            services.rule_settings(branch),
        )
        created["candidates"] = seed_candidates(branch, users, today, school_end)
        created["consents"] = _seed_consents(branch, users["bithu"], today)
    return created


def _seed_consents(branch, secretary, today):
    """The consent of every student with sensitive data (and of a parent while under 18),
    recorded by the secretary early in the school year, so that the demo shows that data."""
    on = min(today, date(school_year_start(today), 9, 10))
    version = consent.current_text().version
    filled = Q()
    for name in Student.SENSITIVE_FIELDS:
        filled |= ~Q(**{name: ""})
    records = [
        Consent(
            branch=branch,
            student=student,
            action=Consent.Action.GIVEN,
            on=on,
            text_version=version,
            student_agreed=True,
            # A parent of the same family name, as on the signed paper.
            guardian_name=f"{student.full_name.split()[0]} Văn Hòa"
            if consent.parent_needed(student, on)
            else "",
            recorded_by=secretary,
        )
        for student in Student.objects.filter(filled, branch=branch)
    ]
    Consent.objects.bulk_create(records)
    return len(records)


def _seed_people(branch, today, created):
    """The demo users with their roles, and the branch's Party members; return the users."""
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
        joined_on = date(joined, 11, 20) if joined else today - timedelta(days=150)
        _, new = PartyMember.objects.get_or_create(
            branch=branch,
            full_name=full_name,
            defaults={
                "date_of_birth": date(born, 3, 3),
                "joined_on": joined_on,
                "official_on": date(official, 11, 20) if official else None,
                "started_at_school_on": date(max(joined or 2020, 2010), 9, 5),
                "position": "Giáo viên",
            },
        )
        created["party_members"] += new
    return users


def _seed_school(branch, users, today, created):
    """The classes of the school year running today, each with its students."""
    homeroom = {h: users[u] for u, _n, _r, _p, h in DEMO_USERS if h}
    rng = random.Random(2025)
    for index, class_name in enumerate(CLASSES):
        grade = int(class_name[:2])
        school_class = SchoolClass.objects.create(
            branch=branch,
            school_year=school_year(today),
            name=class_name,
            grade=grade,
            homeroom_teacher=homeroom.get(class_name),
        )
        created["classes"] += 1
        birth_year = usual_birth_year(today, grade)
        for number in range(1, STUDENTS_PER_CLASS + 1):
            female = rng.random() < 0.55
            born = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
            member = rng.random() < 0.9
            Student.objects.create(
                branch=branch,
                student_code=f"0480{grade:02d}{index:02d}{number:04d}",
                full_name=_student_name(rng, female),
                date_of_birth=born,
                gender=Student.Gender.FEMALE if female else Student.Gender.MALE,
                school_class=school_class,
                place_of_birth="Đà Nẵng",
                hometown="Đà Nẵng",
                residence=rng.choice(PLACES),
                youth_union_joined_on=date(born.year + 15, 3, 26) if member else None,
                study_result=rng.choice(STUDY),
                conduct_result=rng.choice(CONDUCT),
                ethnicity=rng.choice(ETHNICITIES),
                religion=rng.choice(RELIGIONS),
                national_id=national_id(born, female, rng.randint(0, 999999)),
            )
            created["students"] += 1
