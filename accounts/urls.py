from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("setup/", views.setup, name="setup"),
    path("branch/switch/", views.switch_branch, name="switch_branch"),
    path("branch/settings/", views.branch_settings, name="branch_settings"),
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.password_change, name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/set/<uidb64>/<token>/", views.password_set, name="password_set"),
    path("users/", views.user_list, name="user_list"),
    path("access-log/", views.access_log, name="access_log"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/active/", views.user_active, name="user_active"),
]
