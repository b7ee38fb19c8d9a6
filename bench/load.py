"""Load benchmark: gunicorn as docs/operations.md deploys it, on a database of its own, under
simulated users (locust, headless, loopback only, bounded in users, time and requests).

Readers browse the dashboard, the candidate list, candidate pages and the reports page; writers
record a step again and again (the planned date of a candidate's branch meeting, each writer on
candidates of its own). Prints, per page, the requests, the failures and the median and 95th
percentile times. Goal (issue 14): no failure, p95 under 300 ms on a 2-core machine, and no
"database is locked" with 10 writers on SQLite.

    make bench-deps   # once: locust (the `bench` extra)
    .venv/bin/python bench/load.py [--db sqlite|postgres] [--users 30] [--writers 2] [--seconds 60]

PostgreSQL: --db postgres uses the test database of scripts/postgres-test-db.sh (emptied first).
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
        url = subprocess.check_output(["bash", "scripts/postgres-test-db.sh"], cwd=ROOT, text=True)
        env["DATABASE_URL"] = url.strip()
        subprocess.run([PYTHON, "manage.py", "flush", "--noinput"], cwd=ROOT, env=env, check=False)
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
        listing = self.fetch("GET", "/candidates/?stage=all", name="candidate list")
        self.candidates = sorted(set(CANDIDATE.findall(listing.text)), key=int)


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


def run(base: str, users: int, writers: int, seconds: int):
    Writer.fixed_count = writers
    Reader.weight = 1
    env = Environment(user_classes=[Reader, Writer], host=base)
    env.writers = writers
    runner = env.create_local_runner()
    runner.start(user_count=users, spawn_rate=max(users // 5, 1))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and env.stats.total.num_requests < MAX_REQUESTS:
        gevent.sleep(1)
    runner.quit()
    return env.stats


def report(stats, users, writers, seconds, db):
    print(f"{db}: {users} users ({writers} writing) for {seconds} s")
    print(f"{'page':<16}{'requests':>10}{'failures':>10}{'p50 ms':>10}{'p95 ms':>10}")
    for (name, _method), entry in sorted(stats.entries.items()):
        p50 = entry.get_response_time_percentile(0.5)
        p95 = entry.get_response_time_percentile(0.95)
        print(f"{name:<16}{entry.num_requests:>10}{entry.num_failures:>10}{p50:>10.0f}{p95:>10.0f}")
    total = stats.total
    print(
        f"{'all':<16}{total.num_requests:>10}{total.num_failures:>10}"
        f"{total.get_response_time_percentile(0.5):>10.0f}"
        f"{total.get_response_time_percentile(0.95):>10.0f}"
    )
    for error in stats.errors.values():
        print(f"failure: {error.method} {error.name}: {error.error} ×{error.occurrences}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (the docs: 3)")
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
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            time.sleep(3)
            stats = run(f"http://127.0.0.1:{port}", args.users, args.writers, args.seconds)
        finally:
            server.terminate()
            server.wait(timeout=30)
    report(stats, args.users, args.writers, args.seconds, args.db)


if __name__ == "__main__":
    main()
