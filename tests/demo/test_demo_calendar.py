"""The demo's calendar, its plan text for any year and where its pipeline stands in the year."""

from datetime import date

import pytest

from candidates.rules import eighteenth_birthday, is_working_day
from demo.dates import school_year, workday_on_or_after, workday_on_or_before
from demo.pipeline import Season
from demo.plan import issue_date, plan_fields, plan_number

END_2027 = date(2027, 5, 31)  # the last day of grade 12 in 2026-2027 (the default setting)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 8, 31), "2025-2026"),
        (date(2026, 9, 1), "2026-2027"),
        (date(2026, 12, 1), "2026-2027"),
        (date(2027, 3, 15), "2026-2027"),
        (date(2027, 8, 1), "2026-2027"),
        (date(2027, 8, 31), "2026-2027"),
        (date(2027, 9, 1), "2027-2028"),
    ],
)
def test_the_school_year_runs_from_1_september_to_31_august(day, year):
    assert school_year(day) == year


def test_working_days_skip_weekends_and_tet():
    assert workday_on_or_before(date(2026, 12, 5)) == date(2026, 12, 4)  # Saturday → Friday
    assert workday_on_or_after(date(2026, 12, 5)) == date(2026, 12, 7)  # → Monday
    assert workday_on_or_before(date(2027, 2, 10)) == date(2027, 2, 3)  # Tết 2027
    assert workday_on_or_after(date(2027, 2, 4)) == date(2027, 2, 11)
    assert workday_on_or_before(date(2026, 12, 1)) == date(2026, 12, 1)


def test_the_2025_plan_is_the_sample_and_cites_the_district():
    plan = plan_fields(2025, date(2025, 2, 10))
    assert plan["number"] == "05-KH/CB"
    assert plan["title"] == "Kế hoạch phát triển đảng viên trong học sinh năm 2025"
    assert "Kế hoạch số 238-KH/HU, ngày 22/01/2025 của Ban Thường vụ Huyện ủy" in plan["basis"]
    assert "Công văn số 18/SGDĐT-VP, ngày 03/01/2025" in plan["basis"]
    assert "Chương trình số 01-CTr/CB, ngày 08/01/2025" in plan["basis"]
    assert "năm 2025 của Chi bộ trường THPT Quang Trung" in plan["closing"]


def test_a_plan_issued_after_1_july_2025_cites_the_ward_not_the_district():
    plan = plan_fields(2026, date(2026, 2, 10))
    text = " ".join(str(value) for value in plan.values())
    assert "Ban Thường vụ Đảng ủy phường An Hải" in plan["basis"]
    assert "Huyện ủy" not in text and "2025" not in text
    assert "ngày 22/01/2026" in plan["basis"] and "ngày 02/01/2026" in plan["basis"]  # 3/1: Sat
    assert plan["title"].endswith("năm 2026") and plan["target_admissions"] == 7


def test_plan_numbers_differ_within_a_committee_term():
    numbers = [plan_number(year) for year in range(2026, 2031)]
    assert len(set(numbers)) == 5 and plan_number(2025) == "05-KH/CB"


@pytest.mark.parametrize(
    ("today", "issued"),
    [
        (date(2026, 2, 9), date(2026, 2, 9)),  # the day before the usual date: issued today
        (date(2026, 2, 10), date(2026, 2, 10)),
        (date(2026, 2, 11), date(2026, 2, 10)),
        (date(2027, 1, 1), date(2026, 12, 31)),  # New Year's Day: the last working day before
        (date(2027, 12, 1), date(2027, 2, 3)),  # 10/02/2027 falls in Tết
    ],
)
def test_this_years_plan_is_never_dated_after_today(today, issued):
    assert issue_date(today.year, today) == issued


@pytest.mark.parametrize(
    ("today", "grade"),
    [(date(2027, 5, 9), 12), (date(2027, 5, 10), 12), (date(2027, 5, 11), 11)],
)
def test_the_pipeline_moves_to_grade_11_three_weeks_before_grade_12_ends(today, grade):
    season = Season(today, END_2027)
    assert season.grade == grade
    assert season.pipeline_end == date(2027 + 12 - grade, 5, 31)
    assert season.school_today == min(today, date(2027, 5, 10))


@pytest.mark.parametrize("today", [date(2026, 9, 1), date(2027, 3, 15), date(2027, 5, 10)])
@pytest.mark.parametrize("born", [date(2009, 1, 2), date(2009, 4, 30)])
def test_a_planned_meeting_falls_after_the_18th_birthday_and_before_the_year_ends(today, born):
    season = Season(today, END_2027)
    adult = eighteenth_birthday(born)
    for days_ahead in (0, 14, 90, 400):
        planned = season.planned_vote(adult, days_ahead)
        assert max(today, adult) < planned <= date(2027, 5, 31) and is_working_day(planned)
