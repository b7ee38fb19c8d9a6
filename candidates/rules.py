"""The Party's rules for admitting new members, as pure functions (RULES.md §1).

Every check takes plain facts (dates, numbers, booleans) and returns a list of `Finding`s, empty
when there is nothing to say. Nothing here touches the database or Django settings, so services,
views, commands and tests can all call it.

Rules implemented here:

- R1  đủ 18 tuổi (216 full months) on the day the branch votes — `check_r1_age` (block)
- R2  turns 18 after the planned meeting or after the school year ends — `check_r2_age_in_time`
- R3  Youth Union member with a join date — `check_r3_youth_union` (block)
- R4  awareness-class certificate held before the vote — `check_r4_r5_certificate` (block)
- R5  certificate younger than 60 months on the vote — `check_r4_r5_certificate` (block)
- R6  mentors and introducers are official members — `check_r6_official_member` (block)
- R7  introducer with the candidate ≥ 12 months — `check_r7_introducer_time` (block)
- R8  Đoàn resolution + 1 official member, or 2 official members — `check_r8_introductions`
- R9  personal history verified — `check_r9_history_verified` (block)
- R10 comments from the organisation and the residence — `check_r10_comments` (block)
- R11 papers younger than 12 months on the vote — `check_r11_freshness` (warn)
- R12 ≥ ⅔ of the branch's official members — `two_thirds`, `check_r12_votes` (block)
- R13 ≥ ⅔ of an intermediate committee, before the decision — `check_r13_intermediate`,
      `check_r13_awaited` (block)
- R14 decision within 60 working days — `check_r14_decision` (warn)
- R15 ceremony within 30 working days — `check_r15_ceremony` (warn / block)
- R16 recognition after probation, within 30 working days — `check_r16_recognition`
- R17 official date = ceremony + 12 months — `official_date`
- R18 three failed votes go to the superior — `check_r18_failed_votes` (warn)
- R19 transfer within 60 working days of leaving — `check_r19_transfer` (warn)
- R22 study and conduct thresholds, both scales — `check_r22_results` (warn)
- R23 working days — `is_working_day`, `add_working_days`, `working_days_between`

R20 and R21 are design rules (data, document numbering) and live elsewhere.

Conventions:

- A period of months ends on the same day of the month, or on the month's last day when that
  day does not exist (Bộ luật Dân sự): born 31/01 has one full month on 28/02.
- A paper valid for N months is valid until the end of the day N months after it (the same day
  of the month, or the month's last day; Bộ luật Dân sự): a certificate issued 14/03/2021 with
  60 months' validity is valid on 14/03/2026 and no longer on 15/03/2026 (`valid_until`).
- Working days are not Saturday or Sunday, not a Vietnamese public holiday (the `holidays`
  package, Tết included) and not an extra day off of the branch. The day of the event is not
  counted. Saturdays that the government makes working days in exchange for a bridge holiday
  are still treated as days off, as RULES.md R23 says; this only moves a deadline later.
"""

from __future__ import annotations

import calendar
import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

from .text import day

BLOCK = "block"
WARN = "warn"

ADULT_MONTHS = 216

# Short source of each rule, printed at the end of its messages.
SOURCES = {
    "R1": "Quy định 232 §1.1.1",
    "R2": "Quy định 232 §1.1.1",
    "R3": "Điều lệ Đảng, Điều 4",
    "R4": "Hướng dẫn 12-HD/BTCTW",
    "R5": "Hướng dẫn 12-HD/BTCTW",
    "R6": "Điều lệ Đảng, Điều 4",
    "R7": "Điều lệ Đảng, Điều 4",
    "R8": "Điều lệ Đảng, Điều 4",
    "R9": "Hướng dẫn 12-HD/BTCTW, mẫu 2-KNĐ",
    "R10": "Hướng dẫn 12-HD/BTCTW, mẫu 5-KNĐ",
    "R11": "Hướng dẫn 12-HD/BTCTW",
    "R12": "Điều lệ Đảng, Điều 4",
    "R13": "Điều lệ Đảng, Điều 4",
    "R14": "Quy định 232",
    "R15": "Quy định 232",
    "R16": "Điều lệ Đảng, Điều 5",
    "R17": "Điều lệ Đảng, Điều 5",
    "R18": "Quy định 232",
    "R19": "Quy định 232",
    "R22": "tiêu chí của chi bộ",
}


# ---------------------------------------------------------------------------------------------
# Results and settings


@dataclass(frozen=True)
class Finding:
    """What a rule has to say about a candidate: code, block or warn, message, what lifts it."""

    code: str
    severity: str
    message: str
    hint: str = ""
    deadline: date | None = None

    @property
    def blocks(self) -> bool:
        return self.severity == BLOCK


# Ranks shared by both scales so that a threshold may be written in either of them.
# Old scale: học lực Giỏi/Khá/Trung bình/Yếu/Kém, hạnh kiểm Tốt/Khá/Trung bình/Yếu.
# Thông tư 22/2021: kết quả học tập / rèn luyện Tốt/Khá/Đạt/Chưa đạt.
STUDY_RANKS = {
    "giỏi": 4,
    "tốt": 4,
    "khá": 3,
    "trung bình": 2,
    "tb": 2,
    "đạt": 2,
    "yếu": 1,
    "chưa đạt": 1,
    "kém": 0,
}
CONDUCT_RANKS = {
    "tốt": 4,
    "khá": 3,
    "trung bình": 2,
    "tb": 2,
    "đạt": 2,
    "yếu": 1,
    "chưa đạt": 1,
}


def _result_key(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split()).casefold()


@dataclass(frozen=True)
class RuleSettings:
    """The points RULES.md leaves open (marked "choice"), with their defaults."""

    certificate_validity_months: int = 60
    paper_freshness_months: int = 12
    decision_deadline_working_days: int = 60
    decision_extension_working_days: int = 30
    ceremony_deadline_working_days: int = 30
    recognition_deadline_working_days: int = 30
    transfer_deadline_working_days: int = 60
    probation_months: int = 12
    introducer_min_months: int = 12
    school_year_end: date | None = None
    extra_days_off: tuple[date, ...] = field(default=())
    min_study_result: str = "Khá"
    min_conduct_result: str = "Tốt"
    # The forecast's durations for steps not yet dated (docs/forecast.md): calendar days until
    # an awareness-class certificate, working days to complete a dossier, and from the
    # branch's vote to the superior's decision.
    forecast_course_days: int = 45
    forecast_dossier_working_days: int = 30
    forecast_decision_working_days: int = 20

    def __post_init__(self):
        if _result_key(self.min_study_result) not in STUDY_RANKS:
            raise ValueError(f"Ngưỡng kết quả học tập không hợp lệ: {self.min_study_result!r}")
        if _result_key(self.min_conduct_result) not in CONDUCT_RANKS:
            raise ValueError(f"Ngưỡng rèn luyện không hợp lệ: {self.min_conduct_result!r}")


DEFAULT_SETTINGS = RuleSettings()


def _finding(code, severity, message, hint="", deadline=None) -> Finding:
    return Finding(code, severity, f"{message} — {SOURCES[code]}", hint, deadline)


def fmt(d: date) -> str:
    """A date as printed in Vietnamese papers: dd/mm/yyyy."""
    return day(d)


# ---------------------------------------------------------------------------------------------
# Months (Bộ luật Dân sự) and ages


def add_months(d: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when the day does not exist."""
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def valid_until(issued: date, months: int) -> date:
    """The last day a paper dated `issued` is valid for `months` months: the period ends at the
    end of the same day `months` later (Bộ luật Dân sự), as age and probation are counted."""
    return add_months(issued, months)


def full_months(born: date, on: date) -> int:
    """Full months elapsed from `born` to `on` (0 when `on` is not after `born`)."""
    if on <= born:
        return 0
    months = (on.year - born.year) * 12 + (on.month - born.month)
    if add_months(born, months) > on:
        months -= 1
    return months


def eighteenth_birthday(born: date) -> date:
    """The day 216 full months are reached: from this day the person is đủ 18 tuổi."""
    return add_months(born, ADULT_MONTHS)


def official_date(ceremony_date: date, settings: RuleSettings = DEFAULT_SETTINGS) -> date:
    """R17: the day a probationary member becomes official, 12 months after the ceremony."""
    return add_months(ceremony_date, settings.probation_months)


# ---------------------------------------------------------------------------------------------
# Votes


def two_thirds(votes_for: int, official_members: int) -> bool:
    """R12/R13: whether `votes_for` is at least two thirds of `official_members`, in integers."""
    if votes_for < 0 or official_members < 0:
        raise ValueError("Số phiếu và số đảng viên không được âm")
    if official_members == 0:
        return False
    if votes_for > official_members:
        raise ValueError(
            f"Số phiếu tán thành ({votes_for}) lớn hơn số thành viên ({official_members})"
        )
    return 3 * votes_for >= 2 * official_members


def share_percent(votes_for: int, official_members: int) -> str:
    """The vote as a percentage of all official members as the papers print it (docs/rules.md,
    "Percentages"): one decimal, halves rounded up, a decimal comma, no ",0" (8/9 → "88,9",
    5/8 → "62,5", 9/9 → "100")."""
    if official_members <= 0:
        return "0"
    tenths = (2000 * votes_for + official_members) // (2 * official_members)
    whole, tenth = divmod(tenths, 10)
    return f"{whole},{tenth}" if tenth else str(whole)


def vote_for_text(votes_for: int, official_members: int) -> str:
    """The wording of the branch's papers (FORMS.md), word for word on the page too, and in
    Vietnamese whatever the language of the interface, like the rules' own messages."""
    share = share_percent(votes_for, official_members)
    return f"tán thành {votes_for} đồng chí (đạt {share}% so với tổng số đảng viên chính thức)"


def vote_against_text(votes_against: int, official_members: int) -> str:
    share = share_percent(votes_against, official_members)
    return (
        f"không tán thành {votes_against} đồng chí ({share}% so với tổng số đảng viên chính thức)"
    )


def consulted_text(agreed: int, asked: int) -> str:
    """The wording of the summary of comments (5-KNĐ, FORMS.md) for one body consulted."""
    share = share_percent(agreed, asked)
    return f"{agreed} tán thành trong tổng số {asked} đồng chí được hỏi ý kiến (đạt {share}%)"


def votes_needed(members: int) -> int:
    """The fewest votes that make two thirds of `members`."""
    return (2 * members + 2) // 3


# ---------------------------------------------------------------------------------------------
# Working days (R23)


@functools.lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("VN", years=year))


def is_working_day(d: date, days_off: Iterable[date] = ()) -> bool:
    """Not Saturday or Sunday, not a Vietnamese public holiday, not an extra day off."""
    if d.weekday() >= 5 or d in _public_holidays(d.year):
        return False
    return d not in _as_set(days_off)


def _as_set(days_off: Iterable[date]) -> frozenset[date] | set[date]:
    return days_off if isinstance(days_off, set | frozenset) else frozenset(days_off)


def add_working_days(start: date, n: int, days_off: Iterable[date] = ()) -> date:
    """The n-th working day after `start` (`start` itself is not counted; n = 0 gives `start`)."""
    if n < 0:
        raise ValueError("n phải không âm")
    return _add_working_days(start, n, frozenset(days_off))


# Pure and asked again and again with the same dates (every candidate of a page counts from
# today), so remembered: the days off are part of the key.
@functools.lru_cache(maxsize=4096)
def _add_working_days(start: date, n: int, days_off: frozenset) -> date:
    d = start
    while n > 0:
        d += timedelta(days=1)
        if is_working_day(d, days_off):
            n -= 1
    return d


def working_days_between(start: date, end: date, days_off: Iterable[date] = ()) -> int:
    """Working days after `start` up to and including `end` (0 when `end` <= `start`)."""
    return _working_days_between(start, end, frozenset(days_off))


@functools.lru_cache(maxsize=4096)
def _working_days_between(start: date, end: date, days_off: frozenset) -> int:
    count = 0
    d = start + timedelta(days=1)
    while d <= end:
        if is_working_day(d, days_off):
            count += 1
        d += timedelta(days=1)
    return count


def deadline_text(deadline: date, today: date, days_off: Iterable[date] = ()) -> str:
    """A deadline with what is left: "05/06/2026 — còn 12 ngày làm việc" or "đã quá 3 …"."""
    if today == deadline:
        return f"{fmt(deadline)} — hạn cuối là hôm nay"
    if today < deadline:
        left = working_days_between(today, deadline, days_off)
        return f"{fmt(deadline)} — còn {left} ngày làm việc"
    late = working_days_between(deadline, today, days_off)
    if late == 0:
        return f"{fmt(deadline)} — đã quá hạn"
    return f"{fmt(deadline)} — đã quá {late} ngày làm việc"


def deadlines(
    *,
    resolution_date: date | None = None,
    decision_received: date | None = None,
    ceremony_date: date | None = None,
    left_school_on: date | None = None,
    extended: bool = False,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> dict[str, date]:
    """The deadlines that follow from the dates known so far, by name.

    Keys: "decision" (R14), "ceremony" (R15), "probation_end" (R16/R17, the official date),
    "recognition" (R16), "transfer" (R19); only those whose starting date is given.
    """
    off = settings.extra_days_off
    result = {}
    if resolution_date:
        result["decision"] = _decision_deadline(resolution_date, extended, settings)
    if decision_received:
        result["ceremony"] = add_working_days(
            decision_received, settings.ceremony_deadline_working_days, off
        )
    if ceremony_date:
        end = official_date(ceremony_date, settings)
        result["probation_end"] = end
        result["recognition"] = add_working_days(
            end, settings.recognition_deadline_working_days, off
        )
    if left_school_on:
        result["transfer"] = add_working_days(
            left_school_on, settings.transfer_deadline_working_days, off
        )
    return result


# ---------------------------------------------------------------------------------------------
# R1–R3: the candidate


def check_r1_age(born: date | None, vote_date: date) -> list[Finding]:
    """R1: đủ 18 tuổi (216 full months) on the day the branch considers admission."""
    if born is None:
        return [_finding("R1", BLOCK, "Chưa có ngày sinh để tính tuổi", "Nhập ngày sinh")]
    if full_months(born, vote_date) >= ADULT_MONTHS:
        return []
    adult = eighteenth_birthday(born)
    return [
        _finding(
            "R1",
            BLOCK,
            f"Chưa đủ 18 tuổi (tính theo tháng) vào ngày chi bộ xét {fmt(vote_date)}",
            f"Đủ 18 tuổi từ {fmt(adult)} — sớm nhất có thể họp chi bộ xét từ ngày này",
        )
    ]


def check_r2_age_in_time(
    born: date | None, planned_vote_date: date | None, school_year_end: date | None
) -> list[Finding]:
    """R2: warn when the candidate turns 18 after the school year or the planned meeting."""
    if born is None:
        return []  # R1 already asks for the date of birth
    adult = eighteenth_birthday(born)
    if school_year_end and adult > school_year_end:
        return [
            _finding(
                "R2",
                WARN,
                f"Đủ 18 tuổi ngày {fmt(adult)}, sau khi kết thúc năm học ({fmt(school_year_end)})",
                f"Sớm nhất có thể họp chi bộ xét từ {fmt(adult)}, khi đã hết năm học",
            )
        ]
    if planned_vote_date and adult > planned_vote_date:
        return [
            _finding(
                "R2",
                WARN,
                f"Đủ 18 tuổi ngày {fmt(adult)}, sau ngày dự kiến họp chi bộ xét "
                f"({fmt(planned_vote_date)})",
                f"Dời ngày họp chi bộ xét sang từ {fmt(adult)}",
            )
        ]
    return []


def check_r3_youth_union(is_member: bool, joined_on: date | None) -> list[Finding]:
    """R3: a candidate of youth age is a Youth Union member, with the date of joining."""
    if not is_member:
        return [
            _finding(
                "R3",
                BLOCK,
                "Người vào Đảng trong độ tuổi thanh niên phải là đoàn viên",
                "Ghi nhận việc vào Đoàn (ngày vào Đoàn) trước khi tiếp tục",
            )
        ]
    if joined_on is None:
        return [_finding("R3", BLOCK, "Chưa có ngày vào Đoàn", "Nhập ngày vào Đoàn")]
    return []


def certificate_last_valid_day(issued_on: date, settings: RuleSettings = DEFAULT_SETTINGS) -> date:
    """R5: the last day an awareness-class certificate is still valid for a vote."""
    return valid_until(issued_on, settings.certificate_validity_months)


def check_r4_r5_certificate(
    issued_on: date | None, vote_date: date, settings: RuleSettings = DEFAULT_SETTINGS
) -> list[Finding]:
    """R4/R5: the awareness-class certificate exists before the vote and is still valid on it."""
    name = "giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng"
    if issued_on is None:
        return [
            _finding(
                "R4",
                BLOCK,
                f"Chưa có {name}",
                "Đăng ký học lớp bồi dưỡng nhận thức về Đảng và nhập giấy chứng nhận",
            )
        ]
    if issued_on > vote_date:
        return [
            _finding(
                "R4",
                BLOCK,
                f"Giấy chứng nhận cấp ngày {fmt(issued_on)}, sau ngày chi bộ xét {fmt(vote_date)}",
                f"Họp chi bộ xét từ ngày {fmt(issued_on)}",
            )
        ]
    months = settings.certificate_validity_months
    last_valid = certificate_last_valid_day(issued_on, settings)
    if vote_date <= last_valid:
        return []
    return [
        _finding(
            "R5",
            BLOCK,
            f"{name.capitalize()} cấp ngày {fmt(issued_on)} đã quá {months} tháng vào ngày "
            f"chi bộ xét {fmt(vote_date)} (chỉ còn giá trị đến hết ngày {fmt(last_valid)})",
            "Học lại lớp bồi dưỡng nhận thức về Đảng để được cấp giấy chứng nhận mới",
            last_valid,
        )
    ]


# ---------------------------------------------------------------------------------------------
# R6–R11: mentors, introducers, the dossier


def check_r6_official_member(
    name: str, official_since: date | None, on: date, left_on: date | None = None
) -> list[Finding]:
    """R6: a mentor or introducer is an official member on the day of assignment/introduction,
    and still in the branch: from the day a member leaves (transferred, died, removed) they
    are neither."""
    if left_on is not None and left_on <= on:
        return [
            _finding(
                "R6",
                BLOCK,
                f"{name} đã rời chi bộ từ ngày {fmt(left_on)}, không còn sinh hoạt tại chi bộ "
                f"vào ngày {fmt(on)}",
                "Chọn một đảng viên chính thức đang sinh hoạt tại chi bộ vào ngày đó",
            )
        ]
    if official_since is None:
        return [
            _finding(
                "R6",
                BLOCK,
                f"{name} chưa là đảng viên chính thức vào ngày {fmt(on)}",
                "Chọn một đảng viên chính thức khác",
            )
        ]
    if official_since > on:
        return [
            _finding(
                "R6",
                BLOCK,
                f"{name} là đảng viên chính thức từ {fmt(official_since)}, sau ngày {fmt(on)}",
                f"Phân công hoặc giới thiệu từ ngày {fmt(official_since)}, "
                "hoặc chọn đảng viên chính thức khác",
            )
        ]
    return []


def check_r7_introducer_time(
    introducer_started: date | None,
    candidate_started: date | None,
    introduced_on: date,
    is_replacement: bool = False,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """R7: the introducer has been at the school with the candidate for 12 months or more.

    The time runs from the later of the two start dates. A replacement introducer assigned by
    the branch is exempt.
    """
    if is_replacement:
        return []
    months = settings.introducer_min_months
    if introducer_started is None or candidate_started is None:
        return [
            _finding(
                "R7",
                BLOCK,
                "Chưa rõ ngày người giới thiệu và người vào Đảng bắt đầu cùng công tác, học tập "
                "tại trường",
                "Nhập ngày bắt đầu công tác (người giới thiệu) và ngày vào trường (học sinh)",
            )
        ]
    together = max(introducer_started, candidate_started)
    if full_months(together, introduced_on) >= months:
        return []
    enough = add_months(together, months)
    return [
        _finding(
            "R7",
            BLOCK,
            f"Người giới thiệu chưa cùng công tác, học tập với người vào Đảng đủ {months} tháng "
            f"(từ {fmt(together)} đến ngày giới thiệu {fmt(introduced_on)})",
            f"Đủ {months} tháng từ {fmt(enough)}; hoặc chi bộ phân công người giới thiệu thay",
        )
    ]


def check_r8_introductions(
    is_youth_union_member: bool, youth_union_resolution: bool, official_introducers: int
) -> list[Finding]:
    """R8: Đoàn resolution plus one official member, or two official members for a non-member."""
    if is_youth_union_member:
        missing = []
        if not youth_union_resolution:
            missing.append("nghị quyết giới thiệu của BCH Đoàn cơ sở (mẫu 4-KNĐ)")
        if official_introducers < 1:
            missing.append("giấy giới thiệu của một đảng viên chính thức (mẫu 3-KNĐ)")
    else:
        missing = []
        if official_introducers < 2:
            missing.append(
                f"giấy giới thiệu của hai đảng viên chính thức (mẫu 3A-KNĐ; "
                f"mới có {official_introducers})"
            )
    if not missing:
        return []
    return [
        _finding(
            "R8",
            BLOCK,
            "Thiếu " + "; ".join(missing),
            "Bổ sung giới thiệu vào hồ sơ trước khi chi bộ xét",
        )
    ]


def check_r9_history_verified(verified_on: date | None) -> list[Finding]:
    """R9: the personal history (2-KNĐ) is verified and certified by the grassroots committee."""
    if verified_on is not None:
        return []
    return [
        _finding(
            "R9",
            BLOCK,
            "Lý lịch người xin vào Đảng chưa được thẩm tra, chứng nhận",
            "Gửi phiếu đề nghị thẩm tra lý lịch (mẫu 20-KNĐ) và ghi ngày chứng nhận",
        )
    ]


def check_r10_comments(organisation_on: date | None, residence_on: date | None) -> list[Finding]:
    """R10: the summary of comments covers the organisation and the residence Party cell."""
    missing = []
    if organisation_on is None:
        missing.append("đoàn thể, tổ chức nơi học tập (mẫu 5C-KNĐ)")
    if residence_on is None:
        missing.append("chi ủy nơi cư trú (mẫu 5B-KNĐ)")
    if not missing:
        return []
    return [
        _finding(
            "R10",
            BLOCK,
            "Tổng hợp ý kiến nhận xét còn thiếu ý kiến của " + " và ".join(missing),
            "Lấy ý kiến nhận xét còn thiếu và ghi ngày nhận",
        )
    ]


def check_r11_freshness(
    papers: dict[str, date | None], vote_date: date, settings: RuleSettings = DEFAULT_SETTINGS
) -> list[Finding]:
    """R11: each paper (introduction, Đoàn resolution, comments) is fresh on the day of the vote.

    `papers` maps the paper's name as shown to its date; missing papers are other rules' business.
    """
    months = settings.paper_freshness_months
    found = []
    for name, dated in papers.items():
        if dated is None or dated > vote_date:
            continue
        last_fresh = valid_until(dated, months)
        if vote_date <= last_fresh:
            continue
        found.append(
            _finding(
                "R11",
                WARN,
                f"{name} ngày {fmt(dated)} đã quá {months} tháng vào ngày chi bộ xét "
                f"{fmt(vote_date)}",
                f"Làm lại {name[:1].lower() + name[1:]} trước khi chi bộ xét",
                last_fresh,
            )
        )
    return found


# ---------------------------------------------------------------------------------------------
# R12–R13: votes


def check_r12_votes(
    votes_for: int, official_members_on_roster: int, typed_official_members: int | None = None
) -> list[Finding]:
    """R12: at least ⅔ of all the branch's official members (from the roster) vote for."""
    found = []
    roster = official_members_on_roster
    if typed_official_members is not None and typed_official_members != roster:
        found.append(
            _finding(
                "R12",
                WARN,
                f"Số đảng viên chính thức ghi là {typed_official_members}, danh sách chi bộ "
                f"ngày đó có {roster}",
                "Kiểm tra lại danh sách đảng viên chính thức hoặc số liệu đã nhập",
            )
        )
    if roster <= 0:
        found.append(
            _finding(
                "R12",
                BLOCK,
                "Danh sách chi bộ không có đảng viên chính thức vào ngày biểu quyết",
                "Cập nhật danh sách đảng viên chính thức của chi bộ",
            )
        )
    elif votes_for > roster:
        found.append(
            _finding(
                "R12",
                BLOCK,
                f"Số phiếu tán thành ({votes_for}) lớn hơn số đảng viên chính thức ({roster})",
                "Kiểm tra lại số phiếu; đảng viên dự bị không biểu quyết",
            )
        )
    elif not two_thirds(votes_for, roster):
        found.append(
            _finding(
                "R12",
                BLOCK,
                f"Chỉ có {votes_for}/{roster} đảng viên chính thức tán thành, cần ít nhất "
                f"{votes_needed(roster)} (2/3 tổng số đảng viên chính thức, không tính "
                "đảng viên dự bị, không chỉ số có mặt)",
                "Nghị quyết không đạt; chi bộ có thể xem xét lại ở kỳ họp sau",
            )
        )
    return found


def check_r13_awaited(committee_name: str, resolution_recorded: bool) -> list[Finding]:
    """R13: where a committee sits between the branch and the decider, the decision waits for
    its resolution."""
    if resolution_recorded:
        return []
    return [
        _finding(
            "R13",
            BLOCK,
            f"Chưa có nghị quyết đề nghị kết nạp của {committee_name}",
            f"Ghi nhận nghị quyết của {committee_name} (mẫu 8-KNĐ) trước quyết định kết nạp",
        )
    ]


def check_r13_intermediate(votes_for: int, committee_members: int) -> list[Finding]:
    """R13: an intermediate grassroots committee's resolution has ⅔ of its members."""
    if committee_members <= 0:
        return [
            _finding(
                "R13",
                BLOCK,
                "Chưa có số cấp ủy viên của đảng ủy cơ sở",
                "Nhập số cấp ủy viên",
            )
        ]
    if votes_for > committee_members:
        return [
            _finding(
                "R13",
                BLOCK,
                f"Số phiếu tán thành ({votes_for}) lớn hơn số cấp ủy viên ({committee_members})",
                "Kiểm tra lại số phiếu",
            )
        ]
    if two_thirds(votes_for, committee_members):
        return []
    return [
        _finding(
            "R13",
            BLOCK,
            f"Nghị quyết của đảng ủy cơ sở chỉ có {votes_for}/{committee_members} cấp ủy viên "
            f"tán thành, cần ít nhất {votes_needed(committee_members)} (2/3)",
            "Nghị quyết không đạt",
        )
    ]


# ---------------------------------------------------------------------------------------------
# R14–R19: after the vote


def _decision_days(extended: bool, settings: RuleSettings) -> int:
    days = settings.decision_deadline_working_days
    return days + settings.decision_extension_working_days if extended else days


def _decision_deadline(resolution_date: date, extended: bool, settings: RuleSettings) -> date:
    days = _decision_days(extended, settings)
    return add_working_days(resolution_date, days, settings.extra_days_off)


def check_r14_decision(
    resolution_date: date,
    decision_date: date | None,
    today: date,
    settings: RuleSettings = DEFAULT_SETTINGS,
    *,
    extended: bool = False,
) -> list[Finding]:
    """R14: the admission decision within 60 working days of the branch resolution (+30)."""
    deadline = _decision_deadline(resolution_date, extended, settings)
    days = _decision_days(extended, settings)
    if decision_date is not None:
        if decision_date <= deadline:
            return []
        message = (
            f"Quyết định kết nạp ngày {fmt(decision_date)}, quá hạn {days} ngày làm việc kể từ "
            f"nghị quyết chi bộ ({fmt(resolution_date)}; hạn {fmt(deadline)})"
        )
        return [_finding("R14", WARN, message, "", deadline)]
    if today <= deadline:
        return []
    return [
        _finding(
            "R14",
            WARN,
            f"Đã quá {days} ngày làm việc kể từ nghị quyết chi bộ ({fmt(resolution_date)}) "
            f"mà chưa có quyết định kết nạp (hạn {fmt(deadline)})",
            "Đôn đốc cấp ủy có thẩm quyền ra quyết định kết nạp",
            deadline,
        )
    ]


def check_r15_ceremony(
    decision_received: date,
    ceremony_date: date | None,
    consent_reference: str | None,
    today: date,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """R15: the ceremony within 30 working days of receiving the decision.

    Later needs the superior committee's consent: warn with its reference, block without.
    """
    days = settings.ceremony_deadline_working_days
    deadline = add_working_days(decision_received, days, settings.extra_days_off)
    held = ceremony_date if ceremony_date is not None else today
    if held <= deadline:
        return []
    if ceremony_date is not None:
        message = (
            f"Lễ kết nạp ngày {fmt(ceremony_date)}, quá {days} ngày làm việc kể từ ngày nhận "
            f"quyết định ({fmt(decision_received)}; hạn {fmt(deadline)})"
        )
    else:
        message = (
            f"Đã quá {days} ngày làm việc kể từ ngày nhận quyết định ({fmt(decision_received)}) "
            f"mà chưa tổ chức lễ kết nạp (hạn {fmt(deadline)})"
        )
    if consent_reference and consent_reference.strip():
        return [
            _finding(
                "R15",
                WARN,
                f"{message}; có ý kiến của cấp ủy cấp trên: {consent_reference.strip()}",
                "",
                deadline,
            )
        ]
    return [
        _finding(
            "R15",
            BLOCK,
            message,
            "Cần ý kiến đồng ý của cấp ủy cấp trên; ghi số, ngày văn bản đó",
            deadline,
        )
    ]


def check_r16_recognition(
    ceremony_date: date,
    recognition_date: date | None,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """R16: recognition not before probation ends (block), within 30 working days of it (warn).

    The resolution may be dated on the day probation ends, which is the official date (R17).
    """
    if recognition_date is None:
        return []
    end = official_date(ceremony_date, settings)
    if recognition_date < end:
        return [
            _finding(
                "R16",
                BLOCK,
                f"Nghị quyết công nhận đảng viên chính thức ngày {fmt(recognition_date)}, trước "
                f"khi hết {settings.probation_months} tháng dự bị ({fmt(end)})",
                f"Chi bộ xét công nhận từ ngày {fmt(end)}",
                end,
            )
        ]
    days = settings.recognition_deadline_working_days
    deadline = add_working_days(end, days, settings.extra_days_off)
    if recognition_date <= deadline:
        return []
    return [
        _finding(
            "R16",
            WARN,
            f"Nghị quyết công nhận đảng viên chính thức ngày {fmt(recognition_date)}, quá "
            f"{days} ngày làm việc kể từ khi hết dự bị ({fmt(end)}; hạn {fmt(deadline)}); "
            f"tuổi đảng vẫn tính từ {fmt(end)}",
            "",
            deadline,
        )
    ]


def check_r18_failed_votes(failed_count: int) -> list[Finding]:
    """R18: after three votes below ⅔ the case goes to the superior committee."""
    if failed_count < 3:
        return []
    return [
        _finding(
            "R18",
            WARN,
            f"Chi bộ đã {failed_count} lần biểu quyết không đạt 2/3",
            "Báo cáo cấp ủy cấp trên xem xét, quyết định",
        )
    ]


def check_r19_transfer(
    left_school_on: date,
    transferred_on: date | None,
    today: date,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """R19: a probationary member who leaves the school transfers within 60 working days."""
    days = settings.transfer_deadline_working_days
    deadline = add_working_days(left_school_on, days, settings.extra_days_off)
    if transferred_on is not None:
        if transferred_on <= deadline:
            return []
        message = (
            f"Chuyển sinh hoạt đảng ngày {fmt(transferred_on)}, quá {days} ngày làm việc kể từ "
            f"khi ra trường ({fmt(left_school_on)}; hạn {fmt(deadline)})"
        )
        return [_finding("R19", WARN, message, "", deadline)]
    if today <= deadline:
        return []
    return [
        _finding(
            "R19",
            WARN,
            f"Đã quá {days} ngày làm việc kể từ khi ra trường ({fmt(left_school_on)}) mà chưa "
            f"chuyển sinh hoạt đảng (hạn {fmt(deadline)})",
            "Làm thủ tục chuyển sinh hoạt đảng về nơi học tập, công tác hoặc cư trú mới",
            deadline,
        )
    ]


# ---------------------------------------------------------------------------------------------
# R22: study results and conduct


def check_r22_results(
    study: str | None, conduct: str | None, settings: RuleSettings = DEFAULT_SETTINGS
) -> list[Finding]:
    """R22: study results and conduct at least the branch's thresholds (warn only).

    Either scale is accepted (old: Giỏi/Khá/Trung bình/Yếu/Kém and Tốt/Khá/Trung bình/Yếu;
    Thông tư 22/2021: Tốt/Khá/Đạt/Chưa đạt), compared by rank, so Giỏi and Tốt are equal. A
    value not yet entered (None or "") says nothing; a value on neither scale is a warning,
    since it cannot be checked.
    """
    found = []
    checks = (
        ("Kết quả học tập", study, STUDY_RANKS, settings.min_study_result),
        ("Kết quả rèn luyện (hạnh kiểm)", conduct, CONDUCT_RANKS, settings.min_conduct_result),
    )
    for label, value, ranks, threshold in checks:
        if value is None or not value.strip():
            continue
        rank = ranks.get(_result_key(value))
        if rank is None:
            found.append(
                _finding(
                    "R22",
                    WARN,
                    f"{label} «{value.strip()}» không thuộc thang đánh giá nào đã biết",
                    "Sửa lại theo thang cũ (Giỏi/Khá/Trung bình…) hoặc Thông tư 22 "
                    "(Tốt/Khá/Đạt/Chưa đạt)",
                )
            )
        elif rank < ranks[_result_key(threshold)]:
            found.append(
                _finding(
                    "R22",
                    WARN,
                    f"{label} «{value.strip()}» thấp hơn mức chi bộ đặt ra ({threshold} trở lên)",
                    "",
                )
            )
    return found
