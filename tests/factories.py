"""factory-boy factories for every model; the fixed cast in conftest.py is built from them."""

from datetime import date

import factory

from accounts.models import Branch, Committee, Membership, User
from candidates.models import (
    Candidate,
    Consent,
    Nomination,
    PartyMember,
    SchoolClass,
    Student,
)
from plans.models import AnnualPlan

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.django.Password(PASSWORD)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = "ĐẢNG BỘ PHƯỜNG AN HẢI"


class BranchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Branch

    name = factory.Sequence(lambda n: f"CHI BỘ TRƯỜNG THPT SỐ {n}")
    school = factory.Sequence(lambda n: f"Trường THPT số {n}")
    committee = factory.SubFactory(CommitteeFactory)
    place_name = "An Hải"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    branch = factory.SubFactory(BranchFactory)
    role = Membership.Role.PARTY_MEMBER


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    branch = factory.SubFactory(BranchFactory)
    name = factory.Sequence(lambda n: f"12A{n}")
    school_year = "2025-2026"
    grade = 12


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    school_class = factory.SubFactory(SchoolClassFactory)
    branch = factory.SelfAttribute("school_class.branch")
    student_code = factory.Sequence(lambda n: f"{n:010d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Học Sinh {n}")
    date_of_birth = date(2008, 3, 14)
    gender = Student.Gender.MALE
    youth_union_joined_on = date(2023, 3, 26)


class ConsentFactory(factory.django.DjangoModelFactory):
    """The student's (and a parent's) consent to sensitive data, given on 10/09/2025."""

    class Meta:
        model = Consent

    student = factory.SubFactory(StudentFactory)
    branch = factory.SelfAttribute("student.branch")
    action = Consent.Action.GIVEN
    on = date(2025, 9, 10)
    text_version = "1"
    student_agreed = True
    guardian_name = "Nguyễn Văn Hòa"


class PartyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyMember

    branch = factory.SubFactory(BranchFactory)
    full_name = factory.Sequence(lambda n: f"Trần Thị Đảng Viên {n}")
    joined_on = date(2010, 5, 19)
    official_on = date(2011, 5, 19)
    started_at_school_on = date(2010, 9, 5)


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    branch = factory.SubFactory(BranchFactory)
    year = 2026
    title = "Kế hoạch phát triển đảng viên trong học sinh năm 2026"
    target_admissions = 7


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    student = factory.SubFactory(StudentFactory)
    branch = factory.SelfAttribute("student.branch")
    opened_on = date(2025, 10, 1)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    candidate = factory.SubFactory(CandidateFactory)
    kind = Nomination.Kind.YOUTH_UNION
    author = factory.SubFactory(UserFactory)
    nominated_on = date(2025, 10, 1)
    reason = "Đoàn viên ưu tú, Bí thư chi đoàn lớp."
