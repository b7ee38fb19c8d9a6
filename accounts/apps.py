from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import audit, stamp
        from .security import mark_login

        stamp.connect()
        user_logged_in.connect(mark_login, dispatch_uid="accounts.security.mark_login")
        user_logged_in.connect(audit.signed_in, dispatch_uid="accounts.audit.signed_in")
        user_logged_out.connect(audit.signed_out, dispatch_uid="accounts.audit.signed_out")
        user_login_failed.connect(audit.sign_in_failed, dispatch_uid="accounts.audit.failed")


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin on a site that only superusers may enter: nothing in normal use needs it,
    people and roles are managed in the app's own pages."""

    default = False  # `accounts` itself is AccountsConfig
    default_site = "accounts.admin_site.SuperuserAdminSite"
