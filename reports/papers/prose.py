"""The prose every paper shares (FORMS.md's blocks): a member's and a student's names, a
meeting's opening, attendance, roles and the assessment's headings, and minutes as signed.

An empty optional field drops its clause (no dotted blanks). Called inside
translation.override("vi") by the registry (`reports.papers`)."""

from django.utils.translation import gettext as _

from candidates.text import day

from ..builders import _document
from ..document import Paragraph, Signature, nfc


def in_prose(branch) -> str:
    """The branch inside a sentence, "Chi bộ Trường THPT Quang Trung" (its printed name is in
    capitals)."""
    return _("the party branch of %(school)s") % {"school": nfc(branch.school)}


def name_of(member) -> str:
    return nfc(member.full_name) if member else ""


def details(student, on=None) -> str:
    """ "sinh ngày 02/03/2008, học sinh lớp 12A1" ("nguyên học sinh" once left by `on`)."""
    found = [_("born on %(date)s") % {"date": day(student.date_of_birth)}]
    if student.school_class_id:
        left = on and student.left_school_on and student.left_school_on <= on
        text = _("former student of class %(name)s") if left else _("student of class %(name)s")
        found.append(text % {"name": nfc(student.school_class.name)})
    return ", ".join(found)


def about(student) -> str:
    """ "quần chúng Hồ Thị An (sinh ngày 02/03/2008, học sinh lớp 12A1)"."""
    return _("the non-member %(name)s (%(about)s)") % {
        "name": nfc(student.full_name),
        "about": details(student),
    }


def time_of(value) -> str:
    """ "14 giờ 05"."""
    return _("%(hour)s:%(minute)s") % {"hour": f"{value:%H}", "minute": f"{value:%M}"}


def opening(meeting) -> str:
    """ "Vào lúc 14 giờ 00 ngày 20/03/2026, tại phòng họp…": the time and place when known."""
    when = {"date": day(meeting.held_on)}
    if meeting.starts_at:
        text = _("At %(time)s on %(date)s") % {**when, "time": time_of(meeting.starts_at)}
    else:
        text = _("On %(date)s") % when
    if meeting.place:
        text += ", " + _("at %(place)s") % {"place": nfc(meeting.place)}
    return text


def _counts(official, probationary) -> str:
    """ "11 đồng chí, gồm 9 đảng viên chính thức và 2 đảng viên dự bị"."""
    return _(
        "%(total)s comrades: %(official)s official and %(probationary)s probationary members"
    ) % {"total": official + probationary, "official": official, "probationary": probationary}


def attendance(members, present=None, absences=()) -> list[Paragraph]:
    """The members, those present and those absent (each absence with its reason), each an
    (official, probationary) pair; without `present`, the members only."""
    lines = [_("Members of the branch: %(counts)s.") % {"counts": _counts(*members)}]
    if present is not None:
        absent = (members[0] - present[0], members[1] - present[1])
        lines.append(_("Present: %(counts)s.") % {"counts": _counts(*present)})
        if sum(absent):
            line = _("Absent: %(counts)s") % {"counts": _counts(*absent)}
            named = [_absence(a) for a in absences if a.get("name")]
            lines.append(f"{line}: {'; '.join(named)}." if named else f"{line}.")
        else:
            lines.append(_("Absent: none."))
    return [Paragraph(line) for line in lines]


def meeting_attendance(meeting) -> list[Paragraph]:
    return attendance(
        (meeting.official_members, meeting.probationary_members),
        (meeting.present_official, meeting.present_probationary),
        meeting.absences,
    )


def _absence(absence) -> str:
    status = _("official member") if absence.get("official", True) else _("probationary member")
    text = _("comrade %(name)s (%(status)s)") % {"name": nfc(absence["name"]), "status": status}
    reason = nfc(absence.get("reason", ""))
    return (
        _("%(who)s, with a reason: %(reason)s") % {"who": text, "reason": reason}
        if reason
        else _("%(who)s, without a reason") % {"who": text}
    )


def roles(meeting) -> list[Paragraph]:
    lines = []
    if meeting.chair:
        lines.append(_("Chair: comrade %(name)s.") % {"name": name_of(meeting.chair)})
    if meeting.minutes_taker:
        lines.append(
            _("Minutes taken by: comrade %(name)s.") % {"name": name_of(meeting.minutes_taker)}
        )
    return [Paragraph(line) for line in lines]


def assessment(vote) -> list[Paragraph]:
    """ "Về phẩm chất chính trị: ưu điểm: …; khuyết điểm: …" for each heading written."""
    found = []
    for heading, strengths, weaknesses in vote.written_headings():
        said = []
        if strengths:
            said.append(_("strengths: %(text)s") % {"text": nfc(strengths).rstrip(".")})
        if weaknesses:
            said.append(_("weaknesses: %(text)s") % {"text": nfc(weaknesses).rstrip(".")})
        found.append(
            Paragraph(
                _("On %(heading)s: %(said)s.") % {"heading": heading, "said": "; ".join(said)}
            )
        )
    return found


def minutes(branch, kind, options, summary, body, held):
    """Minutes of `held` (a meeting or a ceremony): dated its day, signed by its minutes taker
    on the left and its chair on the right."""
    document = _document(branch, kind, options, type_name=_("MINUTES"), summary=summary, body=body)
    document.dated = held.held_on
    document.signature = Signature([_("CHAIR")], name_of(held.chair))
    document.left_signature = Signature([_("MINUTES TAKER")], name_of(held.minutes_taker))
    return document


def inline(text) -> str:
    """Lines typed one a line, as one clause: "a; b"."""
    return "; ".join(line.strip("-–;. ") for line in nfc(text).splitlines() if line.strip("-–;. "))
