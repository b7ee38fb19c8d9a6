"""Benchmark: the secretary's dashboard against a floor page, measured in the same run.

The demo branch grown to 300 open candidates at every early stage; the dashboard computes the
forecast, the funnel, the warnings of every candidate and the to-do list. The floor is the base
template rendered through the same middleware with no database query. Prints both times and
their ratio (goal: ≤ 4×): the dashboard as it is seen (computed once per state of the records
and day, accounts.stamp) and as it is computed (the first view after a write).

    DEBUG=1 .venv/bin/python bench/bench_dashboard.py [--rounds 30]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_candidates import measure, populate, settings, urlpatterns  # noqa: E402, F401


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    from django.core.management import call_command
    from django.test import Client

    from accounts import stamp

    settings.ROOT_URLCONF = "bench_candidates"
    call_command("migrate", verbosity=0)
    secretary = populate()
    from candidates.models import Candidate

    client = Client()
    client.force_login(secretary, backend="django.contrib.auth.backends.ModelBackend")
    measure(client, "/", 3)  # warm up templates and caches
    measure(client, "/bench-floor/", 3)
    page = measure(client, "/", args.rounds)
    base = measure(client, "/bench-floor/", args.rounds * 5)
    computed = measure(client, "/", max(3, args.rounds // 5), before=stamp.forget)
    print(f"open candidates {Candidate.objects.open().count()}")
    print(f"floor (base template, no query):  {base * 1000:.2f} ms")
    print(f"dashboard, as seen:               {page * 1000:.2f} ms")
    print(f"dashboard, computed after a write: {computed * 1000:.2f} ms")
    print(f"ratio: {page / base:.2f}x (goal ≤ 4x); computed: {computed / base:.2f}x")


if __name__ == "__main__":
    main()
