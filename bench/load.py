"""Load benchmark: gunicorn as docs/operations.md deploys it, on a database of its own, under
simulated users (locust, headless, loopback only, bounded in users, time and requests).

Readers browse the dashboard, the candidate list, candidate pages and the reports page; writers
record a step again and again (the planned date of a candidate's branch meeting, each writer on
candidates of its own). Prints, per page, the requests, the failures and the median and 95th
percentile times. Goal (issue 14): no failure, p95 under 300 ms on a 2-core machine, and no
"database is locked" with 10 writers on SQLite.

    make bench-deps   # once: locust (the `bench` extra)
    .venv/bin/python bench/load.py [--db sqlite|postgres] [--users 30] [--writers 2] [--seconds 60]

PostgreSQL: --db postgres uses a database of its own, ptdv_load, made by
scripts/postgres-test-db.sh and emptied first.
"""

# locust patches the standard library with gevent: it is imported before anything else.
from gevent import monkey  # isort: skip

monkey.patch_all()

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
MAX_REQUESTS = 100_000  # a bound whatever the machine's speed
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CANDIDATE = re.compile(r'href="/candidates/(\d+)/"')
PG_DB = "ptdv_load"  # a database of its own, emptied at each run
DROP = "DROP SCHEMA public CASCADE; CREATE SCHEMA public"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(db: str, work: Path) -> dict:
    """The environment of a server on a fresh database holding the demo branch."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "load-benchmark-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
    }
    if db == "postgres":
        script = ["bash", "scripts/postgres-test-db.sh"]
        url = subprocess.check_output(script, cwd=ROOT, text=True, env={**env, "PGDB": PG_DB})
        env["DATABASE_URL"] = url.strip()
        # Emptied whole (a flush would leave the migrations' own rows out: the dossier's forms).
        drop = f"from django.db import connection; connection.cursor().execute({DROP!r})"
        subprocess.run([PYTHON, "manage.py", "shell", "-c", drop], cwd=ROOT, env=env, check=True)
    else:
        env["DATABASE_URL"] = f"sqlite:///{work / 'load.sqlite3'}"
    for command in (["migrate", "-v0"], ["seed_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
    return env


class Secretary(HttpUser):
    """Signed in as the demo's secretary; finds the candidate pages from the list."""

    abstract = True
    wait_time = between(0.5, 2)
    candidates: list = []
    signed_in = 0  # users past on_start

    def fetch(self, method, url, **kwargs):
        """A request with the cookies of the session. The server marks them Secure, as behind
        its HTTPS proxy; this loopback client speaks plain HTTP, so it sends them anyway."""
        for cookie in self.client.cookies:
            cookie.secure = False
        return self.client.request(method, url, **kwargs)

    def on_start(self):
        page = self.fetch("GET", "/accounts/login/", name="login page")
        self.fetch(
            "POST",
            "/accounts/login/",
            data={
                "username": "bithu",
                "password": "ptdv-demo-2025",
                "csrfmiddlewaretoken": TOKEN.search(page.text).group(1),
            },
            name="login",
            allow_redirects=False,
        )
        listing = self.fetch("GET", "/candidates/?stage=all", name="first list")
        self.candidates = sorted(set(CANDIDATE.findall(listing.text)), key=int)
        Secretary.signed_in += 1


class Reader(Secretary):
    @task(3)
    def dashboard(self):
        self.fetch("GET", "/", name="dashboard")

    @task(3)
    def candidate_list(self):
        self.fetch("GET", "/candidates/", name="candidate list")

    @task(4)
    def candidate_page(self):
        if self.candidates:
            pk = random.choice(self.candidates)
            self.fetch("GET", f"/candidates/{pk}/", name="candidate page")

    @task(1)
    def reports(self):
        self.fetch("GET", "/reports/", name="reports")


class Writer(Secretary):
    """Records the planned date of a candidate's branch meeting, on candidates of its own."""

    number = 0

    def on_start(self):
        super().on_start()
        Writer.number += 1
        mine = self.candidates[Writer.number - 1 :: max(self.environment.writers, 1)]
        self.candidates = mine or self.candidates

    @task
    def plan_vote(self):
        pk = random.choice(self.candidates)
        page = self.fetch("GET", f"/candidates/{pk}/", name="candidate page")
        form = page.text.split(f'action="/candidates/{pk}/planned-vote/"', 1)
        if len(form) < 2:
            return  # a candidate whose stage plans no meeting
        version = re.search(r'name="version" value="(\d+)"', form[1]).group(1)
        day = date.today() + timedelta(days=random.randint(30, 200))
        self.fetch(
            "POST",
            f"/candidates/{pk}/planned-vote/",
            data={
                "csrfmiddlewaretoken": TOKEN.search(page.text).group(1),
                "version": version,
                "planned_vote_on": day.strftime("%d/%m/%Y"),
            },
            name="record a step",
            allow_redirects=False,
        )


SIGN_IN = ("login page", "login", "first list")  # on_start: measured apart


def run(base: str, users: int, writers: int, seconds: int):
    """Every user signs in (a password hash of a second or so each, by design: the sign-in is
    measured on its own), then the pages are measured for `seconds`."""
    Writer.fixed_count = writers
    Reader.weight = 1
    env = Environment(user_classes=[Reader, Writer], host=base)
    env.writers = writers
    runner = env.create_local_runner()
    runner.start(user_count=users, spawn_rate=max(users // 5, 1))
    ramp = time.monotonic() + 120
    while Secretary.signed_in < users and time.monotonic() < ramp:
        gevent.sleep(0.2)
    sign_in = {name: _summary(env.stats.get(name, method)) for name, method in _entries(env.stats)}
    env.stats.reset_all()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and env.stats.total.num_requests < MAX_REQUESTS:
        gevent.sleep(1)
    runner.quit()
    return sign_in, env.stats


def _entries(stats):
    return [key for key in stats.entries if key[0] in SIGN_IN]


def _summary(entry) -> tuple:
    return (
        entry.num_requests,
        entry.num_failures,
        entry.get_response_time_percentile(0.5),
        entry.get_response_time_percentile(0.95),
    )


def _line(name, numbers):
    requests, failures, p50, p95 = numbers
    print(f"{name:<16}{requests:>10}{failures:>10}{p50:>10.0f}{p95:>10.0f}")


def report(sign_in, stats, users, writers, seconds, db):
    header = f"{'page':<16}{'requests':>10}{'failures':>10}{'p50 ms':>10}{'p95 ms':>10}"
    print(f"{db}: {users} users signing in ({max(users // 5, 1)} a second)")
    print(header)
    for name, numbers in sorted(sign_in.items()):
        _line(name, numbers)
    print(f"{db}: then {users} users ({writers} writing) for {seconds} s")
    print(header)
    for (name, _method), entry in sorted(stats.entries.items()):
        if entry.num_requests:  # the sign-in's entries, emptied
            _line(name, _summary(entry))
    _line("all", _summary(stats.total))
    for error in stats.errors.values():
        print(f"failure: {error.method} {error.name}: {error.error} ×{error.occurrences}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 2,
        help="gunicorn workers (the docs: one per core)",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads of each (the docs: 1)")
    args = parser.parse_args()
    args.users = min(args.users, 200)
    args.seconds = min(args.seconds, 600)
    with tempfile.TemporaryDirectory(prefix="ptdv-load-") as work:
        env = prepare(args.db, Path(work))
        port = free_port()
        server = subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            time.sleep(3)
            sign_in, stats = run(f"http://127.0.0.1:{port}", args.users, args.writers, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    report(sign_in, stats, args.users, args.writers, args.seconds, args.db)


if __name__ == "__main__":
    main()
