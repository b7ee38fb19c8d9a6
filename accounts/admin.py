from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Branch, Committee, Membership, User


@admin.register(User)
class PTDVUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, ("PTĐV", {"fields": ("full_name",)}))
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
