"""Forms of the pages that manage classes, students and Party members."""

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import PartyMember, SchoolClass, Student
from ..text import fold, normalize
from .fields import (
    OnceForm,
    date_field,
    model_formfield,
    text_area,
    text_field,
)


class PeopleForm(forms.ModelForm):
    """A model form whose valid data goes to a service rather than to `save()`; editing a
    record, it carries the version the user opened (a save on top of someone else's is
    refused: optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version

    def model_data(self) -> dict:
        # The fields offered: the student form leaves out the sensitive ones without consent.
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class SchoolClassForm(PeopleForm):
    grade = forms.TypedChoiceField(
        label=capfirst(SchoolClass._meta.get_field("grade").verbose_name),
        coerce=int,
        choices=[(grade, grade) for grade in services.GRADES],
    )

    class Meta:
        model = SchoolClass
        fields = services.CLASS_FIELDS
        formfield_callback = model_formfield
        help_texts = {
            "name": _("For example 12A1."),
            "school_year": _("For example 2025-2026."),
        }

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].validators.append(services.validate_school_year)
        self.fields["homeroom_teacher"].queryset = services.homeroom_teachers(branch)

    def clean_name(self):
        return self.cleaned_data["name"].upper()


class StudentForm(PeopleForm):
    class Meta:
        model = Student
        fields = services.STUDENT_FIELDS
        formfield_callback = model_formfield
        widgets = {"family_background": text_area(3)}

    def __init__(self, *args, branch, sensitive=False, **kwargs):
        """`sensitive`: the student's consent is in force, so the sensitive fields are offered
        (never for a new student, who has none yet)."""
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.filter(branch=branch)
        if not sensitive:
            for name in Student.SENSITIVE_FIELDS:
                del self.fields[name]


class ConsentGiveForm(OnceForm):
    """The consent of the student (and of a parent while under 18), as the secretary records
    it after the text shown on the page was read and signed."""

    on = date_field(_("Date of the consent"))
    student_agreed = forms.BooleanField(
        label=_("The student agreed to the text above"), required=False
    )
    guardian_name = forms.CharField(
        label=_("Parent or guardian who agreed"),
        required=False,
        max_length=120,
        help_text=_("Required when the student was under 18 on the date of the consent."),
    )
    note = text_field(_("Note"))


class ConsentWithdrawForm(OnceForm):
    on = date_field(_("Date of the withdrawal"))
    erase = forms.BooleanField(
        label=_("Also erase the stored ethnicity, religion, ID number and family background"),
        required=False,
        help_text=_(
            "When the student or the parent asks for it. Otherwise they stay stored, hidden, and "
            "are shown again if consent is given again."
        ),
    )
    note = text_field(_("Note"))


class PartyMemberForm(PeopleForm):
    class Meta:
        model = PartyMember
        fields = services.PARTY_MEMBER_FIELDS
        formfield_callback = model_formfield
        help_texts = {
            "joined_on": _("The day of admission: probation starts then."),
            "official_on": _("Leave empty while the member is on probation."),
            "left_school_on": _(
                "The day the member actually left the school (a graduate): the record stays "
                "open until the transfer, due within 60 working days (R19)."
            ),
            "left_on": _(
                "The day the member left the branch (transferred, died, removed): from then on "
                "they are neither counted, nor a mentor, nor an introducer."
            ),
            "user": _("The account this member signs in with, if any."),
        }

    def __init__(self, *args, branch, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = services.branch_users(branch)


class StudentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    school_class = forms.ModelChoiceField(
        label=_("Class"),
        queryset=SchoolClass.objects.none(),
        required=False,
        empty_label=_("All classes"),
    )

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = classes

    def apply(self, students):
        """Students matching the valid fields: name without accents or case, or exact code."""
        if not self.is_bound:
            return students
        self.is_valid()  # an unknown class is left out; the search still applies
        data = self.cleaned_data
        if query := data.get("q"):
            students = students.filter(
                Q(search_name__contains=fold(query)) | Q(student_code=normalize(query))
            )
        if data.get("school_class"):
            students = students.filter(school_class=data["school_class"])
        return students
