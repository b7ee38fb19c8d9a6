"""Consent to the processing of a student's sensitive personal data (Law 91/2025/QH15 on
personal data protection): the consent texts, versioned, and whether consent is in force.

Reads only; `services.consent_give` and `services.consent_withdraw` record. Consent is in force
on a day when the latest record dated on or before it (the later one recorded, on the same
day) gave it. Without consent in force the sensitive fields (`Student.SENSITIVE_FIELDS`) are
neither offered, shown, printed nor exported; the stored values stay, hidden.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Subquery

from . import rules
from .findings import today
from .models import Consent, Student


@dataclass(frozen=True)
class ConsentText:
    """One version of the text the student (and a parent) agree to; never edited once used:
    a changed text is a new version, and the records name the version they agreed to."""

    version: str
    since: date
    title: str
    body: str


# The texts are Vietnamese as signed; a new one is appended, the old ones stay for the records.
TEXTS = (
    ConsentText(
        version="1",
        since=date(2026, 1, 1),
        title="Đồng ý xử lý dữ liệu cá nhân nhạy cảm của học sinh",
        body=(
            "Học sinh (và cha, mẹ hoặc người giám hộ khi học sinh chưa đủ 18 tuổi) đồng ý để "
            "chi bộ nhà trường ghi nhận và xử lý các dữ liệu sau của học sinh: dân tộc, tôn "
            "giáo, số định danh cá nhân, hoàn cảnh gia đình.\n"
            "Mục đích: chỉ để lập lý lịch, danh sách và báo cáo trong công tác phát triển đảng "
            "viên theo quy định của Đảng (danh sách đề nghị học lớp bồi dưỡng nhận thức về "
            "Đảng, hồ sơ người vào Đảng, báo cáo cấp trên).\n"
            "Người được xem: Bí thư và chi ủy chi bộ; mọi lần xem đều được ghi nhật ký.\n"
            "Quyền của học sinh và cha mẹ: được xem, yêu cầu sửa, yêu cầu xuất dữ liệu và rút "
            "lại sự đồng ý bất cứ lúc nào. Khi rút lại, các dữ liệu này không còn được hiển "
            "thị, in hay xuất cho đến khi đồng ý lại.\n"
            "Căn cứ: Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15."
        ),
    ),
)
TEXT_BY_VERSION = {text.version: text for text in TEXTS}


def current_text() -> ConsentText:
    """The version of the consent text recorded from now on."""
    return TEXTS[-1]


def latest(student, day: date | None = None) -> Consent | None:
    """The record that decides consent on `day` (today if none): the latest dated by then."""
    day = day or today()
    return student.consents.filter(on__lte=day).order_by("-on", "-pk").first()


def in_force(student, day: date | None = None) -> bool:
    """Whether the student's consent is in force on `day` (today if none)."""
    record = latest(student, day)
    return record is not None and record.action == Consent.Action.GIVEN


def with_consent(queryset, day: date | None = None, student="pk"):
    """`queryset` annotated with `consent_action`: the action of the record that decides the
    consent of the student (found at `student`: "pk" for students, "student" for candidates)
    on `day` (today if none; None: never recorded) — for lists, exports and documents."""
    deciding = Consent.objects.filter(student=OuterRef(student), on__lte=day or today())
    action = deciding.order_by("-on", "-pk").values("action")[:1]
    return queryset.annotate(consent_action=Subquery(action))


def consenting(students, day: date | None = None):
    """The students of `students` whose consent is in force on `day`."""
    return with_consent(students, day).filter(consent_action=Consent.Action.GIVEN)


def annotated(obj) -> bool:
    """In force, read from the annotation of an object that came from `with_consent`."""
    return obj.consent_action == Consent.Action.GIVEN


def parent_needed(student, day: date) -> bool:
    """A parent's or guardian's consent is needed too while the student is under 18 (from the
    eighteenth birthday the student consents alone)."""
    return day < rules.eighteenth_birthday(student.date_of_birth)


def shown(student, name: str, consented: bool):
    """A field's value as documents and exports print it: a sensitive one only under consent."""
    if name in Student.SENSITIVE_FIELDS and not consented:
        return ""
    return getattr(student, name)
