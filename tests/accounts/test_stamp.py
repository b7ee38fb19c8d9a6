"""The records' data stamp: every write to the records changes the token in its own
transaction, reads and logs do not, and the dashboard kept under a token is never shown after
the records changed or the day turned."""

from datetime import date

import pytest
import time_machine
from django.db import transaction

from accounts import stamp
from accounts.models import AccessLog
from candidates import services
from candidates.models import Candidate, Student
from tests.factories import AnnualPlanFactory, StudentFactory


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "candidates_candidate" ("branch_id") VALUES (%s)', True),
        ('UPDATE "candidates_student" SET "version" = 2', True),
        ("  delete from plans_annualplan where id = 1", True),
        ('UPDATE "accounts_branch" SET "name" = %s', True),
        ('INSERT INTO "accounts_accesslog" ("kind") VALUES (%s)', False),  # who looked: a log
        ('UPDATE "accounts_datastamp" SET token = %s', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "axes_accessattempt" ("username") VALUES (%s)', False),
        ('SELECT "candidates_candidate"."id" FROM "candidates_candidate"', False),
    ],
)
def test_which_statements_write_the_records(sql, writes):
    assert stamp.writes_records(sql) is writes


def test_every_kind_of_write_changes_the_token(branch, secretary, class_12a1):
    before = stamp.token()
    student = StudentFactory(school_class=class_12a1)  # a save
    after_save = stamp.token()
    Student.objects.filter(pk=student.pk).update(place_of_birth="Huế")  # a queryset's update
    after_update = stamp.token()
    services.candidate_nominate(student=student, author=secretary, kind="committee")
    after_service = stamp.token()
    assert len({before, after_save, after_update, after_service}) == 4


def test_reads_and_the_access_log_leave_the_token(branch, secretary, class_12a1):
    StudentFactory(school_class=class_12a1)
    before = stamp.token()
    list(Candidate.objects.all())
    AccessLog.objects.create(kind=AccessLog.Kind.SENSITIVE_VIEW, subject="x")
    assert stamp.token() == before


def test_an_undone_write_undoes_the_change_of_token(branch, class_12a1):
    before = stamp.token()
    with pytest.raises(RuntimeError), transaction.atomic():
        StudentFactory(school_class=class_12a1)
        assert stamp.token() != before
        raise RuntimeError
    assert stamp.token() == before


TODAY = date(2026, 3, 2)


def test_the_dashboard_follows_every_write_and_the_day(login, secretary, branch, class_12a1):
    AnnualPlanFactory(branch=branch, year=2026, target_admissions=7)
    client = login(secretary)
    student = StudentFactory(school_class=class_12a1, date_of_birth=date(2008, 1, 5))
    with time_machine.travel(TODAY, tick=False):
        first = client.get("/")
        token = stamp.token()
        assert client.get("/").context["board"] is first.context["board"]  # kept
        assert stamp.token() == token  # showing the dashboard writes no record
        assert first.context["counts"]["waiting"] == 0
        services.candidate_nominate(student=student, author=secretary, kind="committee")
        assert client.get("/").context["counts"]["waiting"] == 1  # the write is seen at once
    with time_machine.travel(date(2026, 3, 3), tick=False):
        next_day = client.get("/").context["board"]
    assert next_day.on == date(2026, 3, 3)  # a new day: computed again


def test_a_write_before_the_stamps_table_exists_is_left_alone(branch, class_12a1):
    """A migration that writes records before the stamp's own has run in the same `migrate`."""
    from django.db import connection

    connection.stamp_ready = False  # as on a database migrated up to before accounts 0007
    try:
        before = stamp.token()
        StudentFactory(school_class=class_12a1)
        assert stamp.token() == before
    finally:
        connection.stamp_ready = None
    StudentFactory(school_class=class_12a1)
    assert stamp.token() != before  # looked for again: the table is there


def test_a_fact_is_computed_once_for_every_worker_process(branch, class_12a1):
    """Another worker (its own memory empty) reads what one computed; a write makes it anew."""
    computed = []

    def compute():
        computed.append(stamp.token())
        return {"token": stamp.token()}

    first = stamp.cached(("test", branch.pk), compute)
    stamp.forget(shared=False)  # another process: its memory is empty, the shared cache is not
    assert stamp.cached(("test", branch.pk), compute) == first and len(computed) == 1
    StudentFactory(school_class=class_12a1)
    stamp.forget(shared=False)
    assert stamp.cached(("test", branch.pk), compute) != first and len(computed) == 2
    stamp.forget()
    stamp.cached(("test", branch.pk), compute)
    assert len(computed) == 3  # forgotten everywhere: computed again
