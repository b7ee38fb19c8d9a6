"""Forms of the set-up, the users-and-roles pages, the branch's settings and own passwords."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Branch, Membership
from .setup import QUESTIONS, code_matches
from .widgets import DayInput


class DayMonthYearField(forms.DateField):
    """A date as Vietnamese papers write it, dd/mm/yyyy, whatever the browser's language."""

    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    widget = DayInput


def _password_fields(form, required=True):
    form.fields["password1"] = forms.CharField(
        label=_("Password"),
        required=required,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    form.fields["password2"] = forms.CharField(
        label=_("Password again"),
        required=required,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


def _check_passwords_match(form):
    data = form.cleaned_data
    if data.get("password1") and data.get("password1") != data.get("password2"):
        form.add_error("password2", _("The two passwords differ."))


class SetupForm(forms.Form):
    code = forms.CharField(
        label=_("Set-up code"),
        help_text=_("Printed in the terminal where the server runs, e.g. ABCD-EFGH-JKLM."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.name] = forms.CharField(
                label=question.label,
                required=question.required,
                help_text=_("For example: %(example)s") % {"example": question.example},
            )
        _password_fields(self)

    def clean_code(self):
        if not code_matches(self.cleaned_data["code"]):
            raise forms.ValidationError(_("This is not the code printed in the server's terminal."))
        return self.cleaned_data["code"]

    def clean(self):
        _check_passwords_match(self)
        return self.cleaned_data

    def service_data(self) -> dict:
        data = {q.name: self.cleaned_data[q.name] for q in QUESTIONS}
        return {**data, "password": self.cleaned_data["password1"]}


class RolesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Roles in the branch"),
            choices=Membership.Role.choices,
            error_messages={"required": services.ROLES_REQUIRED},
            **kwargs,
        )


class PersonCreateForm(forms.Form):
    FIRST_PASSWORD, LINK = "password", "link"
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What the person types to sign in, e.g. nguyenvana (no spaces)."),
    )
    roles = RolesField()
    access = forms.ChoiceField(
        label=_("How the person gets in"),
        widget=forms.RadioSelect,
        initial=LINK,
        choices=[
            (LINK, _("A one-time link that I copy and send them; they choose their password")),
            (FIRST_PASSWORD, _("A first password that I give them; they change it at first login")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_fields(self, required=False)
        self.fields["password1"].label = _("First password")

    def first_password(self):
        """The first password given, or None when the person gets a link instead."""
        data = self.cleaned_data
        return data["password1"] if data["access"] == self.FIRST_PASSWORD else None

    def clean(self):
        data = self.cleaned_data
        if data.get("access") == self.FIRST_PASSWORD and not data.get("password1"):
            self.add_error("password1", _("Type the first password, or choose the link."))
        _check_passwords_match(self)
        return data


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=120)
    roles = RolesField()
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def for_user(cls, user, branch, data=None):
        initial = {
            "full_name": user.full_name,
            "roles": sorted(services.roles_in(branch, user)),
            "version": user.version,
        }
        return cls(data, initial=initial)


class PasswordResetForm(forms.Form):
    """The secretary gives a new first password (the choice of a link needs no form)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _password_fields(self)
        self.fields["password1"].label = _("New first password")

    def clean(self):
        _check_passwords_match(self)
        return self.cleaned_data


BRANCH_HELP = {
    "session_idle_minutes": _(
        "School computers are shared: a person who leaves PTĐV open is signed out after this "
        "many minutes without activity (and whenever the browser is closed)."
    ),
    "retention_months": _(
        "The personal data of a student who left the pipeline without being admitted is "
        "anonymised this many months after they left (from 6 to 240; page Data retention)."
    ),
    "name": _("As on the header of the branch's documents, e.g. CHI BỘ TRƯỜNG THPT …"),
    "place_name": _("For the date line: “An Hải, ngày … tháng … năm …”."),
    "document_code": _("After the number of a document, e.g. 05-KH/CB."),
    "youth_union_superior": _(
        "The Youth Union body above the school's, as printed on the Youth Union's papers "
        "(4-KNĐ), e.g. ĐOÀN PHƯỜNG AN HẢI; left out when blank."
    ),
    "term_starts_on": _("Documents are numbered from 01 within a term."),
    "has_own_seal": _(
        "A grassroots branch stamps its own papers; otherwise the committee above confirms them."
    ),
}
SETTINGS_ORDER = (
    "name",
    "school",
    "place_name",
    "department",
    "document_code",
    "youth_union_superior",
    "committee_name",
    "committee_decides",
    "decider_name",
    "term_starts_on",
    "term_ends_on",
    "has_own_seal",
    "margin_top_mm",
    "margin_bottom_mm",
    "margin_left_mm",
    "margin_right_mm",
    "session_idle_minutes",
    "retention_months",
)


class BranchSettingsForm(forms.Form):
    committee_name = forms.CharField(
        label=services.label("committee_name"),
        max_length=200,
        help_text=_("The committee directly above the branch, e.g. ĐẢNG BỘ PHƯỜNG AN HẢI."),
    )
    committee_decides = forms.BooleanField(
        label=services.label("committee_decides"),
        required=False,
        help_text=_(
            "Untick when a committee above it decides: the superior committee then sits "
            "between the branch and the decider."
        ),
    )
    decider_name = forms.CharField(
        label=services.label("decider_name"),
        max_length=200,
        required=False,
        help_text=_("Only when the superior committee does not decide admissions."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data=None, *, branch):
        initial = {**services.settings_of(branch), "version": branch.version}
        super().__init__(data, initial=initial)
        model_fields = forms.fields_for_model(
            Branch,
            fields=services.BRANCH_FIELDS,
            field_classes={"term_starts_on": DayMonthYearField, "term_ends_on": DayMonthYearField},
            help_texts=BRANCH_HELP,
            labels={name: services.label(name) for name in services.BRANCH_FIELDS},
        )
        self.fields.update(model_fields)
        self.order_fields(SETTINGS_ORDER)

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.SETTINGS_FIELDS}

    def read_only(self):
        """The current values as (label, value) rows, for those who may only read them."""
        return [
            (self.fields[name].label, services.shown(self.initial[name])) for name in SETTINGS_ORDER
        ]


class _SavedThroughService:
    """Django's own password forms, saving through the service (which also lifts the
    first-login flag and records the change)."""

    def save(self, commit=True):
        return services.user_password_change(
            user=self.user, password=self.cleaned_data["new_password1"]
        )


class OwnPasswordChangeForm(_SavedThroughService, auth_forms.PasswordChangeForm):
    pass


class LinkPasswordForm(_SavedThroughService, auth_forms.SetPasswordForm):
    pass
