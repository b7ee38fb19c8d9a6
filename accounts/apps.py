from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import mark_login

        user_logged_in.connect(mark_login, dispatch_uid="accounts.security.mark_login")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site that only superusers may enter: nothing in normal use needs it,
    people and roles are managed in the app's own pages."""

    default = False  # `accounts` itself is AccountsConfig
    default_site = "accounts.admin_site.SuperuserAdminSite"
