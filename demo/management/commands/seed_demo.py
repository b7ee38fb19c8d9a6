from django.core.management.base import BaseCommand

from demo.seed import DEMO_PASSWORD, DEMO_USERS, seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo branch (Chi bộ trường THPT Quang Trung) as it stands today: one user per "
        "role, Party members, this year's and last year's plans, the classes of the school year "
        "running today with their students, and candidates at every stage. Safe to run again: "
        "it only adds what is missing."
    )

    def handle(self, *args, **options):
        created = seed_demo()
        summary = ", ".join(f"{name} {count}" for name, count in created.items())
        self.stdout.write(f"Demo data ready (created: {summary}).")
        if created["users"]:
            self.stdout.write(f"Demo users (password {DEMO_PASSWORD}, for local use only):")
            for username, full_name, *_ in DEMO_USERS:
                self.stdout.write(f"  {username:<12} {full_name}")
