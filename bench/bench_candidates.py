"""Benchmark: the candidate list page against a floor page, measured in the same run.

The database holds 2,000 students and 300 candidates; the list shows 50 rows. The floor is the
base template rendered through the same middleware with no database query. Prints both times
and their ratio (goal: ≤ 3×).

    DEBUG=1 .venv/bin/python bench/bench_candidates.py [--rounds 200]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = tempfile.mkdtemp(prefix="ptdv-bench-")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK}/bench.sqlite3"
os.environ.setdefault("DEBUG", "1")
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.shortcuts import render  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import path  # noqa: E402

import config.urls  # noqa: E402


def floor(request):
    """The base template with a fixed context: what any page costs before its own work."""
    return render(request, "base.html", {"scope": None, "nav_items": []})


urlpatterns = [path("bench-floor/", floor), *config.urls.urlpatterns]


def populate():
    from accounts.models import Membership
    from candidates import services
    from candidates.models import SchoolClass, Student
    from demo.seed import seed_demo

    seed_demo()
    membership = Membership.objects.filter(user__username="bithu").first()
    branch, secretary = membership.branch, membership.user
    # Grow the demo school to 2,000 students in 60 classes, in its school year.
    year = SchoolClass.objects.filter(branch=branch).first().school_year
    classes = [
        SchoolClass.objects.get_or_create(
            branch=branch, school_year=year, name=f"{10 + i % 3}B{i}", grade=10 + i % 3
        )[0]
        for i in range(60)
    ]
    template = Student.objects.first()
    n = Student.objects.count()
    i = 0
    while n < 2000:
        template.pk = None
        template.student_code = f"9{i:09d}"
        template.full_name = f"Nguyễn Thị Bench {i}"
        template.school_class = classes[i % 60]
        template.save()
        i += 1
        n += 1
    for student in Student.objects.filter(youth_union_joined_on__isnull=False)[:300]:
        services.candidate_nominate(student=student, author=secretary, kind="committee")
    return secretary


def measure(client, url, rounds, before=None):
    """The median time of `rounds` GETs of `url` (`before()` called, untimed, before each)."""
    times = []
    for _ in range(rounds):
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    settings.ROOT_URLCONF = __name__
    call_command("migrate", verbosity=0)
    secretary = populate()
    from candidates.models import Candidate, Student

    client = Client()
    client.force_login(secretary, backend="django.contrib.auth.backends.ModelBackend")
    measure(client, "/candidates/", 5)  # warm up templates and caches
    measure(client, "/bench-floor/", 5)
    page = measure(client, "/candidates/", args.rounds)
    base = measure(client, "/bench-floor/", args.rounds)
    print(f"students {Student.objects.count()}, candidates {Candidate.objects.count()}")
    print(f"floor (base template, no query): {base * 1000:.2f} ms")
    print(f"candidate list (50 rows):        {page * 1000:.2f} ms")
    print(f"ratio: {page / base:.2f}x (goal ≤ 3x)")


if __name__ == "__main__":
    main()
