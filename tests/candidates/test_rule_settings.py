from datetime import date

from django.urls import reverse

from candidates import rules, services
from candidates.models import DayOff, Event, RuleConfig
from tests.candidates.pipeline import warnings_of
from tests.factories import StudentFactory

SETTINGS = {
    "certificate_validity_months": 48,
    "paper_freshness_months": 6,
    "school_year_end": "2026-05-25",
    "min_study_result": "Đạt",
    "min_conduct_result": "Khá",
    "forecast_course_days": 45,
    "forecast_dossier_working_days": 30,
    "forecast_decision_working_days": 20,
}


def test_secretary_changes_the_thresholds_and_warnings_follow(login, secretary, class_12a1):
    student = StudentFactory(school_class=class_12a1, study_result="Đạt", conduct_result="Khá")
    candidate = services.candidate_nominate(student=student, author=secretary, kind="committee")
    assert "R22" in warnings_of(candidate)
    response = login(secretary).post(reverse("candidates:rule_settings"), SETTINGS)
    assert response.status_code == 302
    config = RuleConfig.objects.get()
    assert (config.certificate_validity_months, config.min_study_result) == (48, "Đạt")
    assert "R22" not in warnings_of(candidate)
    assert Event.objects.filter(kind="rule_settings").exists()
    settings = services.rule_settings(secretary.memberships.first().branch)
    assert settings.paper_freshness_months == 6


def test_an_extra_day_off_moves_the_deadlines(login, secretary, branch):
    start = date(2026, 12, 28)  # Monday; 1 January is a public holiday already
    assert rules.add_working_days(start, 3) == date(2026, 12, 31)
    client = login(secretary)
    client.post(reverse("candidates:day_off_add"), {"day": "2026-12-30", "reason": "Tất niên"})
    days_off = services.rule_settings(branch).extra_days_off
    assert rules.add_working_days(start, 3, days_off) == date(2027, 1, 4)
    again = client.post(reverse("candidates:day_off_add"), {"day": "2026-12-30"})
    assert again.status_code == 400
    assert "30/12/2026" in again.content.decode()
    client.post(reverse("candidates:day_off_remove", args=[DayOff.objects.get().pk]))
    assert not DayOff.objects.exists()


def test_an_invalid_setting_is_refused_and_kept(login, secretary):
    data = {**SETTINGS, "certificate_validity_months": "abc"}
    response = login(secretary).post(reverse("candidates:rule_settings"), data)
    assert response.status_code == 400
    assert not RuleConfig.objects.exists()
    assert 'value="25/05/2026"' in response.content.decode() or "2026-05-25" in (
        response.content.decode()
    )
