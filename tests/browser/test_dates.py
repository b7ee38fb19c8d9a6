"""Dates typed and shown dd/mm/yyyy, times 24-hour, in a Chromium whose language is English
(where <input type="date"> would show mm/dd/yyyy and 02:00 PM)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from candidates.models import DayOff

from .conftest import new_page
from .test_login_flow import open_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english(browser):
    yield from new_page(browser, locale="en-US")


def test_a_date_typed_dd_mm_yyyy_in_an_english_browser_is_saved_as_typed(english, live_server):
    open_as(english, live_server, "bithu", "/settings/")
    day = english.locator("input[name=day]")
    assert day.get_attribute("type") == "text"
    assert day.get_attribute("placeholder") == "dd/mm/yyyy"
    day.fill("14/03/2026")
    english.get_by_role("button", name="Thêm ngày nghỉ").click()
    expect(english.get_by_test_id("day-off").filter(has_text="14/03/2026")).to_be_visible()
    assert DayOff.objects.get().day == date(2026, 3, 14)


def test_digits_typed_alone_are_tidied_and_the_calendar_writes_dd_mm_yyyy(english, live_server):
    open_as(english, live_server, "bithu", "/settings/")
    day = english.locator("input[name=day]")
    day.fill("1432026")  # not a date: left as typed, for the server to refuse
    day.press("Tab")
    expect(day).to_have_value("1432026")
    day.fill("14032026")
    day.press("Tab")
    expect(day).to_have_value("14/03/2026")
    # The calendar button opens the browser's own picker; its choice comes back dd/mm/yyyy.
    group = english.locator(".ptdv-date", has=day)
    expect(group.get_by_role("button", name="Chọn trên lịch")).to_be_visible()
    group.locator("input[type=date]").evaluate(
        "el => { el.value = '2026-09-02'; el.dispatchEvent(new Event('change')); }"
    )
    expect(day).to_have_value("02/09/2026")
    expect(day).to_be_focused()


def test_meeting_times_are_typed_as_24_hour(english, live_server):
    open_as(english, live_server, "bithu", "/meetings/new/")
    starts = english.locator("input[name$=starts_at]")
    assert starts.get_attribute("type") == "text"
    starts.fill("1430")
    starts.press("Tab")
    expect(starts).to_have_value("14:30")
    starts.fill("7h5")
    starts.press("Tab")
    expect(starts).to_have_value("07:05")
