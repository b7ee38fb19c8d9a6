from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo branch and its data, loaded by `manage.py seed_demo` (nothing imports it)."""

    name = "demo"
