"""The rules of candidates/rules.py, each at its edges: the day before, of and after a limit."""

from datetime import date, timedelta
from fractions import Fraction

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from candidates import rules, text
from candidates.rules import (
    BLOCK,
    WARN,
    Finding,
    RuleSettings,
    add_months,
    add_working_days,
    check_r1_age,
    check_r2_age_in_time,
    check_r3_youth_union,
    check_r4_r5_certificate,
    check_r6_official_member,
    check_r7_introducer_time,
    check_r8_introductions,
    check_r9_history_verified,
    check_r10_comments,
    check_r11_freshness,
    check_r12_votes,
    check_r13_intermediate,
    check_r14_decision,
    check_r15_ceremony,
    check_r16_recognition,
    check_r18_failed_votes,
    check_r19_transfer,
    check_r22_results,
    deadline_text,
    deadlines,
    eighteenth_birthday,
    full_months,
    is_working_day,
    official_date,
    two_thirds,
    valid_until,
    votes_needed,
    working_days_between,
)

D = date
SETTINGS = RuleSettings()


def codes(findings):
    return [(f.code, f.severity) for f in findings]


# --- months and ages -------------------------------------------------------------------------


def test_eighteenth_birthday_is_the_same_day_216_months_later():
    assert eighteenth_birthday(D(2008, 3, 14)) == D(2026, 3, 14)


def test_eighteenth_birthday_of_29_february_falls_on_28_february():
    assert eighteenth_birthday(D(2008, 2, 29)) == D(2026, 2, 28)
    # …and stays on the 29th when the target year is a leap year too.
    assert eighteenth_birthday(D(2006, 2, 28)) == D(2024, 2, 28)
    assert add_months(D(2008, 2, 29), 192) == D(2024, 2, 29)


def test_full_months_at_the_216th_month():
    born = D(2008, 3, 14)
    assert full_months(born, D(2026, 3, 13)) == 215
    assert full_months(born, D(2026, 3, 14)) == 216
    assert full_months(born, D(2026, 3, 15)) == 216


def test_full_months_of_29_february_birthday():
    born = D(2008, 2, 29)
    assert full_months(born, D(2026, 2, 27)) == 215
    assert full_months(born, D(2026, 2, 28)) == 216
    assert full_months(born, D(2026, 3, 1)) == 216


def test_a_31st_ends_a_month_on_the_last_day_of_a_short_month():
    assert full_months(D(2026, 1, 31), D(2026, 2, 27)) == 0
    assert full_months(D(2026, 1, 31), D(2026, 2, 28)) == 1
    assert full_months(D(2024, 1, 31), D(2024, 2, 28)) == 0
    assert full_months(D(2024, 1, 31), D(2024, 2, 29)) == 1
    # 31st into a 30-day month
    assert full_months(D(2026, 3, 31), D(2026, 4, 29)) == 0
    assert full_months(D(2026, 3, 31), D(2026, 4, 30)) == 1
    assert full_months(D(2026, 3, 31), D(2026, 5, 30)) == 1
    assert full_months(D(2026, 3, 31), D(2026, 5, 31)) == 2
    assert add_months(D(2025, 8, 31), 1) == D(2025, 9, 30)
    assert add_months(D(2025, 12, 31), 2) == D(2026, 2, 28)


def test_full_months_before_birth_is_zero():
    assert full_months(D(2008, 3, 14), D(2008, 3, 14)) == 0
    assert full_months(D(2008, 3, 14), D(2000, 1, 1)) == 0


@given(
    born=st.dates(D(1990, 1, 1), D(2030, 12, 31)),
    a=st.dates(D(1990, 1, 1), D(2040, 12, 31)),
    b=st.dates(D(1990, 1, 1), D(2040, 12, 31)),
)
def test_full_months_is_monotone_in_the_end_date(born, a, b):
    a, b = sorted((a, b))
    assert full_months(born, a) <= full_months(born, b)


@given(born=st.dates(D(1990, 1, 1), D(2030, 12, 31)), on=st.dates(D(1990, 1, 1), D(2040, 12, 31)))
def test_full_months_is_the_last_month_reached(born, on):
    months = full_months(born, on)
    if on > born:
        assert add_months(born, months) <= on < add_months(born, months + 1)


# --- R1, R2: age -----------------------------------------------------------------------------


def test_r1_blocks_the_day_before_the_18th_birthday():
    [finding] = check_r1_age(D(2008, 3, 14), D(2026, 3, 13))
    assert (finding.code, finding.severity) == ("R1", BLOCK)
    assert "13/03/2026" in finding.message
    assert "Quy định 232" in finding.message
    assert finding.hint == "Đủ 18 tuổi từ 14/03/2026 — sớm nhất có thể họp chi bộ xét từ ngày này"


@pytest.mark.parametrize("vote", [D(2026, 3, 14), D(2026, 3, 15)])
def test_r1_passes_on_and_after_the_18th_birthday(vote):
    assert check_r1_age(D(2008, 3, 14), vote) == []


def test_r1_with_a_29_february_birthday():
    assert codes(check_r1_age(D(2008, 2, 29), D(2026, 2, 27))) == [("R1", BLOCK)]
    assert check_r1_age(D(2008, 2, 29), D(2026, 2, 28)) == []


def test_r1_without_a_date_of_birth_blocks():
    assert codes(check_r1_age(None, D(2026, 3, 14))) == [("R1", BLOCK)]


def test_r2_warns_when_18_after_the_school_year():
    end = D(2026, 5, 31)
    assert check_r2_age_in_time(D(2008, 5, 31), None, end) == []
    [finding] = check_r2_age_in_time(D(2008, 6, 1), None, end)
    assert (finding.code, finding.severity) == ("R2", WARN)
    assert "01/06/2026" in finding.message and "31/05/2026" in finding.message


def test_r2_warns_when_18_after_the_planned_meeting():
    planned = D(2026, 4, 10)
    assert check_r2_age_in_time(D(2008, 4, 10), planned, None) == []
    [finding] = check_r2_age_in_time(D(2008, 4, 11), planned, None)
    assert finding.code == "R2" and "11/04/2026" in finding.hint
    assert check_r2_age_in_time(D(2008, 4, 11), None, None) == []


# --- R3–R5 -----------------------------------------------------------------------------------


def test_r3_youth_union():
    assert check_r3_youth_union(True, D(2023, 3, 26)) == []
    assert codes(check_r3_youth_union(True, None)) == [("R3", BLOCK)]
    assert codes(check_r3_youth_union(False, None)) == [("R3", BLOCK)]


def test_r4_blocks_without_a_certificate_or_one_issued_after_the_vote():
    assert codes(check_r4_r5_certificate(None, D(2026, 3, 14))) == [("R4", BLOCK)]
    assert codes(check_r4_r5_certificate(D(2026, 3, 15), D(2026, 3, 14))) == [("R4", BLOCK)]
    assert check_r4_r5_certificate(D(2026, 3, 14), D(2026, 3, 14)) == []


def test_r5_certificate_is_valid_through_the_day_60_months_later():
    # The civil code's period: issued 14/03/2021, valid for 60 months, valid on 14/03/2026.
    issued = D(2021, 3, 14)
    assert check_r4_r5_certificate(issued, D(2026, 3, 13)) == []
    assert check_r4_r5_certificate(issued, D(2026, 3, 14)) == []
    [finding] = check_r4_r5_certificate(issued, D(2026, 3, 15))
    assert (finding.code, finding.severity) == ("R5", BLOCK)
    assert finding.deadline == D(2026, 3, 14)
    assert "14/03/2026" in finding.message


def test_r5_a_period_from_the_end_of_a_month_ends_on_the_last_day_of_a_shorter_month():
    issued = D(2021, 3, 31)
    short = RuleSettings(certificate_validity_months=59)  # ends in February 2026
    assert valid_until(issued, 59) == D(2026, 2, 28)
    assert check_r4_r5_certificate(issued, D(2026, 2, 28), short) == []
    assert codes(check_r4_r5_certificate(issued, D(2026, 3, 1), short)) == [("R5", BLOCK)]


def test_r5_validity_is_a_setting():
    short = RuleSettings(certificate_validity_months=24)
    assert check_r4_r5_certificate(D(2024, 3, 14), D(2026, 3, 14), short) == []
    assert codes(check_r4_r5_certificate(D(2024, 3, 14), D(2026, 3, 15), short)) == [("R5", BLOCK)]


# --- R6–R11 ----------------------------------------------------------------------------------


def test_r6_a_member_who_left_the_branch_is_no_longer_official():
    on = D(2026, 3, 1)
    official = D(2020, 1, 1)
    assert check_r6_official_member("Lê Văn A", official, on, left_on=D(2026, 3, 2)) == []
    for left in (D(2026, 2, 28), D(2026, 3, 1)):  # the day before, the day of
        [finding] = check_r6_official_member("Lê Văn A", official, on, left_on=left)
        assert (finding.code, finding.severity) == ("R6", BLOCK)
        assert text.day(left) in finding.message


def test_r6_official_member_on_the_day():
    on = D(2026, 3, 1)
    assert check_r6_official_member("Lê Văn A", D(2026, 3, 1), on) == []
    assert check_r6_official_member("Lê Văn A", D(2020, 1, 1), on) == []
    [finding] = check_r6_official_member("Lê Văn A", D(2026, 3, 2), on)
    assert finding.severity == BLOCK and "Lê Văn A" in finding.message
    assert codes(check_r6_official_member("Lê Văn A", None, on)) == [("R6", BLOCK)]


def test_r7_introducer_who_joined_the_school_11_and_12_months_before():
    teacher_joined, student_joined = D(2025, 3, 14), D(2023, 9, 5)
    [finding] = check_r7_introducer_time(teacher_joined, student_joined, D(2026, 3, 13))
    assert (finding.code, finding.severity) == ("R7", BLOCK)
    assert "14/03/2026" in finding.hint
    assert check_r7_introducer_time(teacher_joined, student_joined, D(2026, 3, 14)) == []


def test_r7_counts_from_the_later_start():
    teacher_joined, student_joined = D(2010, 9, 1), D(2025, 9, 1)
    assert codes(check_r7_introducer_time(teacher_joined, student_joined, D(2026, 8, 31))) == [
        ("R7", BLOCK)
    ]
    assert check_r7_introducer_time(teacher_joined, student_joined, D(2026, 9, 1)) == []


def test_r7_a_replacement_introducer_is_exempt():
    assert check_r7_introducer_time(D(2026, 1, 1), D(2026, 1, 1), D(2026, 2, 1), True) == []


def test_r7_without_start_dates_blocks():
    assert codes(check_r7_introducer_time(None, D(2023, 9, 5), D(2026, 3, 14))) == [("R7", BLOCK)]


@pytest.mark.parametrize(
    ("member", "resolution", "introducers", "blocked"),
    [
        (True, True, 1, False),
        (True, False, 1, True),
        (True, True, 0, True),
        (True, False, 2, True),  # a youth member needs the Đoàn's resolution
        (False, False, 2, False),
        (False, False, 1, True),
        (False, True, 1, True),
    ],
)
def test_r8_introductions(member, resolution, introducers, blocked):
    found = check_r8_introductions(member, resolution, introducers)
    assert codes(found) == ([("R8", BLOCK)] if blocked else [])


def test_r9_and_r10_dossier():
    assert check_r9_history_verified(D(2026, 1, 5)) == []
    assert codes(check_r9_history_verified(None)) == [("R9", BLOCK)]
    assert check_r10_comments(D(2026, 1, 5), D(2026, 1, 6)) == []
    [finding] = check_r10_comments(D(2026, 1, 5), None)
    assert finding.code == "R10" and "cư trú" in finding.message
    assert "cư trú" in check_r10_comments(None, None)[0].message


def test_r11_papers_are_fresh_through_the_day_12_months_later():
    papers = {"Giấy giới thiệu": D(2025, 3, 14), "Nghị quyết Đoàn": D(2025, 9, 1), "X": None}
    assert check_r11_freshness(papers, D(2026, 3, 13)) == []
    assert check_r11_freshness(papers, D(2026, 3, 14)) == []
    [finding] = check_r11_freshness(papers, D(2026, 3, 15))
    assert (finding.code, finding.severity) == ("R11", WARN)
    assert "Giấy giới thiệu" in finding.message
    assert finding.deadline == D(2026, 3, 14)


# --- R12, R13: two thirds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "members", "expected"),
    [(5, 8, False), (6, 8, True), (6, 9, True), (7, 11, False), (8, 11, True), (8, 12, True)],
)
def test_two_thirds(votes, members, expected):
    assert two_thirds(votes, members) is expected


def test_two_thirds_of_nobody_is_false():
    assert two_thirds(0, 0) is False


def test_two_thirds_refuses_more_votes_than_members():
    with pytest.raises(ValueError):
        two_thirds(9, 8)
    with pytest.raises(ValueError):
        two_thirds(-1, 8)


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_two_thirds_is_the_fraction_comparison(votes_members):
    votes, members = votes_members
    assert two_thirds(votes, members) == (Fraction(votes, members) >= Fraction(2, 3))
    assert two_thirds(votes_needed(members), members)
    assert not two_thirds(votes_needed(members) - 1, members)


def test_r12_votes_of_the_roster():
    assert check_r12_votes(6, 9) == []
    [finding] = check_r12_votes(7, 11)
    assert (finding.code, finding.severity) == ("R12", BLOCK)
    assert "7/11" in finding.message and "8" in finding.message
    assert codes(check_r12_votes(0, 0)) == [("R12", BLOCK)]
    assert codes(check_r12_votes(9, 8)) == [("R12", BLOCK)]


def test_r12_a_typed_count_that_disagrees_with_the_roster_is_a_warning():
    assert check_r12_votes(6, 9, 9) == []
    assert codes(check_r12_votes(6, 9, 8)) == [("R12", WARN)]
    # present members typed instead of all official members: warn, and the roster still decides
    assert codes(check_r12_votes(5, 8, 7)) == [("R12", WARN), ("R12", BLOCK)]


def test_r13_intermediate_committee():
    assert check_r13_intermediate(6, 9) == []
    assert codes(check_r13_intermediate(5, 9)) == [("R13", BLOCK)]
    assert codes(check_r13_intermediate(0, 0)) == [("R13", BLOCK)]


# --- R23: working days -----------------------------------------------------------------------


def test_vn_holidays_2026_as_the_holidays_package_gives_them():
    vn = holidays.country_holidays("VN", years=2026)
    for day in vn:
        assert not is_working_day(day)
    # hand-known: Tết Bính Ngọ is 17/02/2026; 30/4, 1/5, 2/9, 1/1
    for day in (D(2026, 1, 1), D(2026, 2, 17), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 2)):
        assert day in vn and not is_working_day(day)
    assert {D(2026, 2, 16), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)} <= set(vn)
    assert D(2025, 1, 29) in holidays.country_holidays("VN", years=2025)  # Tết Ất Tỵ


def test_weekends_and_extra_days_off_are_not_working_days():
    assert is_working_day(D(2026, 3, 13))  # Friday
    assert not is_working_day(D(2026, 3, 14))  # Saturday
    assert not is_working_day(D(2026, 3, 15))  # Sunday
    assert not is_working_day(D(2026, 3, 16), [D(2026, 3, 16)])


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2026, 3, 13), 0, D(2026, 3, 13)),
        (D(2026, 3, 13), 1, D(2026, 3, 16)),  # over a weekend
        (D(2026, 3, 14), 1, D(2026, 3, 16)),  # from a Saturday
        (D(2025, 12, 31), 1, D(2026, 1, 2)),  # 1 January
        (D(2025, 4, 29), 1, D(2025, 5, 5)),  # 30/4, 1/5, 2/5 substituted, weekend
        (D(2025, 8, 29), 1, D(2025, 9, 3)),  # weekend, 1–2 September 2025
        (D(2026, 2, 13), 1, D(2026, 2, 23)),  # Tết 2026: 16–20 February
        (D(2026, 2, 13), 30, D(2026, 4, 3)),
        (D(2026, 5, 10), 30, D(2026, 6, 19)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected
    assert working_days_between(start, expected) == n


def test_add_working_days_skips_the_branchs_days_off():
    assert add_working_days(D(2026, 3, 13), 1, {D(2026, 3, 16)}) == D(2026, 3, 17)
    assert add_working_days(D(2026, 3, 13), 1, [D(2026, 3, 16), D(2026, 3, 17)]) == D(2026, 3, 18)


def test_working_days_between():
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 13)) == 0
    assert working_days_between(D(2026, 3, 16), D(2026, 3, 13)) == 0
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 15)) == 0
    assert working_days_between(D(2026, 3, 13), D(2026, 3, 20)) == 5
    assert working_days_between(D(2026, 2, 13), D(2026, 2, 22)) == 0  # Tết and a weekend


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 13), -1)


@given(start=st.dates(D(2024, 1, 1), D(2027, 12, 31)), n=st.integers(1, 70))
def test_add_working_days_lands_on_a_working_day_after_start(start, n):
    end = add_working_days(start, n)
    assert end > start
    assert is_working_day(end)
    assert working_days_between(start, end) == n
    assert working_days_between(start, end - timedelta(days=1)) == n - 1


def test_deadline_text():
    deadline = D(2026, 6, 5)
    assert deadline_text(deadline, D(2026, 5, 20)) == "05/06/2026 — còn 12 ngày làm việc"
    assert deadline_text(deadline, deadline) == "05/06/2026 — hạn cuối là hôm nay"
    assert deadline_text(deadline, D(2026, 6, 6)) == "05/06/2026 — đã quá hạn"  # Saturday
    assert deadline_text(deadline, D(2026, 6, 10)) == "05/06/2026 — đã quá 3 ngày làm việc"
    assert deadline_text(deadline, D(2026, 6, 10), [D(2026, 6, 9)]).endswith("quá 2 ngày làm việc")


# --- R14–R19: after the vote -----------------------------------------------------------------


def test_r14_decision_within_60_working_days():
    resolution = D(2026, 3, 20)
    deadline = add_working_days(resolution, 60)
    assert check_r14_decision(resolution, deadline, deadline) == []
    [finding] = check_r14_decision(resolution, deadline + timedelta(days=1), deadline)
    assert (finding.code, finding.severity, finding.deadline) == ("R14", WARN, deadline)


def test_r14_without_a_decision_warns_once_today_is_past_the_deadline():
    resolution = D(2026, 3, 20)
    deadline = add_working_days(resolution, 60)
    assert check_r14_decision(resolution, None, deadline) == []
    assert codes(check_r14_decision(resolution, None, deadline + timedelta(days=1))) == [
        ("R14", WARN)
    ]
    extended = add_working_days(resolution, 90)
    assert check_r14_decision(resolution, None, extended, extended=True) == []


def test_r15_ceremony_within_30_working_days_across_tet():
    received = D(2026, 2, 13)
    deadline = D(2026, 4, 3)
    assert check_r15_ceremony(received, deadline, None, deadline) == []
    late = D(2026, 4, 6)
    assert codes(check_r15_ceremony(received, late, None, late)) == [("R15", BLOCK)]
    assert codes(check_r15_ceremony(received, late, "  ", late)) == [("R15", BLOCK)]
    [finding] = check_r15_ceremony(received, late, "Công văn 12-CV/ĐU", late)
    assert finding.severity == WARN and "12-CV/ĐU" in finding.message


def test_r15_not_yet_held_past_the_deadline():
    received = D(2026, 2, 13)
    assert check_r15_ceremony(received, None, None, D(2026, 4, 3)) == []
    assert codes(check_r15_ceremony(received, None, None, D(2026, 4, 4))) == [("R15", BLOCK)]


def test_r16_recognition_after_12_months_and_within_30_working_days():
    ceremony = D(2025, 5, 10)
    assert official_date(ceremony) == D(2026, 5, 10)
    assert codes(check_r16_recognition(ceremony, D(2026, 5, 9))) == [("R16", BLOCK)]
    assert check_r16_recognition(ceremony, D(2026, 5, 10)) == []
    assert check_r16_recognition(ceremony, D(2026, 6, 19)) == []
    [finding] = check_r16_recognition(ceremony, D(2026, 6, 22))
    assert (finding.severity, finding.deadline) == (WARN, D(2026, 6, 19))
    assert check_r16_recognition(ceremony, None) == []


def test_r17_official_date_keeps_the_end_of_month_convention():
    assert official_date(D(2024, 2, 29)) == D(2025, 2, 28)
    assert official_date(D(2025, 3, 31), RuleSettings(probation_months=1)) == D(2025, 4, 30)


def test_r18_three_failed_votes():
    assert check_r18_failed_votes(2) == []
    assert codes(check_r18_failed_votes(3)) == [("R18", WARN)]


def test_r19_transfer_within_60_working_days():
    left = D(2026, 5, 31)
    deadline = add_working_days(left, 60)
    assert check_r19_transfer(left, deadline, deadline) == []
    assert check_r19_transfer(left, None, deadline) == []
    after = deadline + timedelta(days=1)
    assert codes(check_r19_transfer(left, after, after)) == [("R19", WARN)]
    assert codes(check_r19_transfer(left, None, after)) == [("R19", WARN)]


def test_deadlines_uses_the_branchs_days_off():
    settings = RuleSettings(extra_days_off=(D(2026, 2, 23),))
    found = deadlines(
        resolution_date=D(2026, 2, 13),
        decision_received=D(2026, 2, 13),
        ceremony_date=D(2025, 5, 10),
        left_school_on=D(2026, 5, 31),
        settings=settings,
    )
    assert found["ceremony"] == D(2026, 4, 6)
    assert found["probation_end"] == D(2026, 5, 10)
    assert found["recognition"] == D(2026, 6, 19)
    assert found["decision"] == add_working_days(D(2026, 2, 13), 60, [D(2026, 2, 23)])
    assert found["transfer"] == add_working_days(D(2026, 5, 31), 60)
    assert deadlines() == {}


# --- R22 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("study", "conduct", "expected"),
    [
        ("Giỏi", "Tốt", 0),
        ("Khá", "Tốt", 0),
        ("Tốt", "Tốt", 0),  # Thông tư 22
        ("Trung bình", "Tốt", 1),
        ("Đạt", "Tốt", 1),
        ("Khá", "Khá", 1),
        ("Chưa đạt", "Đạt", 2),
        ("  khá ", "TỐT", 0),
        (None, "", 0),  # not entered yet
    ],
)
def test_r22_results_on_both_scales(study, conduct, expected):
    found = check_r22_results(study, conduct)
    assert codes(found) == [("R22", WARN)] * expected


def test_r22_an_unknown_value_is_a_warning():
    [finding] = check_r22_results("Xuất sắc lắm", "Tốt")
    assert finding.code == "R22" and "Xuất sắc lắm" in finding.message


def test_r22_thresholds_are_settings_in_either_scale():
    lenient = RuleSettings(min_study_result="Đạt", min_conduct_result="Khá")
    assert check_r22_results("Trung bình", "Khá", lenient) == []
    strict = RuleSettings(min_study_result="Giỏi")
    assert codes(check_r22_results("Khá", "Tốt", strict)) == [("R22", WARN)]
    assert check_r22_results("Tốt", "Tốt", strict) == []
    with pytest.raises(ValueError):
        RuleSettings(min_study_result="Xuất sắc")


# --- shape -----------------------------------------------------------------------------------


def test_findings_are_frozen_and_every_rule_has_a_source():
    finding = Finding("R1", BLOCK, "m")
    with pytest.raises(AttributeError):
        finding.code = "R2"  # type: ignore[misc]
    assert finding.hint == "" and finding.deadline is None
    assert {f"R{i}" for i in (*range(1, 20), 22)} <= set(rules.SOURCES)


def test_share_percent_rounds_halves_up_and_counts_all_official_members():
    from candidates.rules import share_percent

    assert share_percent(8, 9) == "88,9"
    assert share_percent(5, 8) == "62,5"
    assert share_percent(6, 9) == "66,7"
    assert share_percent(9, 9) == "100"  # no ",0"
    assert share_percent(1, 2000) == "0,1"  # 0.05 % rounds up
    assert share_percent(0, 9) == "0"
    assert share_percent(3, 0) == "0"
