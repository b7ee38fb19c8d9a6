from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AccountEvent, Branch, Committee, Membership, User


@admin.register(User)
class PTDVUserAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        ("PTĐV", {"fields": ("full_name", "must_change_password")}),
    )
    list_display = ("username", "full_name", "email", "is_active")
    search_fields = ("username", "full_name", "email")


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ("name", "school", "committee")
    inlines = [MembershipInline]


admin.site.register(Committee)


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """The audit trail, to read: it is never edited."""

    list_display = ("at", "branch", "actor", "user", "summary")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
