"""The settings refuse a production start without a secret key (run in a fresh interpreter)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "SECRET_KEY"}}
    env.pop("DEBUG", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_start_without_secret_key_is_refused():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_start_with_secret_key_works():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="ptdv.example.vn")
    assert result.returncode == 0, result.stderr


def test_debug_start_without_secret_key_works():
    result = run_check(DEBUG="1")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_postgresql_compiles_no_query():
    """JIT compilation took 0.9 s of the dashboard's 1 ms query on PostgreSQL: it is off."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's setting; CI runs this file on PostgreSQL too")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
