"""Forms of the awareness courses: a course, registering a batch, certificates row by row."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AwarenessCourse, Candidate
from .fields import (
    NormalizedCharField,
    OnceForm,
    date_widget,
)


class CourseForm(OnceForm, forms.ModelForm):
    name = NormalizedCharField(
        label=_("Course"),
        max_length=200,
        help_text=_("For example: Lớp bồi dưỡng nhận thức về Đảng khóa 1 năm 2026."),
    )
    organiser = NormalizedCharField(
        label=_("Organiser"),
        max_length=200,
        help_text=_("It is written on the certificates, e.g. Trung tâm Chính trị phường An Hải."),
    )

    class Meta:
        model = AwarenessCourse
        fields = ["name", "organiser", "starts_on", "ends_on"]
        widgets = {"starts_on": date_widget(), "ends_on": date_widget()}

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The course cannot end before it starts."))
        return data


class CandidateChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, candidate):
        student = candidate.student
        return (
            f"{student.full_name} — {student.school_class.name} · {candidate.get_stage_display()}"
        )


class CourseRegisterForm(OnceForm):
    candidates = CandidateChoiceField(
        label=_("Candidates to register"),
        queryset=Candidate.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one candidate.")},
    )
    registered_on = forms.DateField(label=_("Registered on"), widget=date_widget())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = choices


class CertificateRowForm(forms.Form):
    """One attendee's certificate; a row left empty is skipped, a filled row is recorded."""

    number = NormalizedCharField(label=_("Certificate number"), max_length=50, required=False)
    issued_on = forms.DateField(label=_("Certificate date"), required=False, widget=date_widget())
    issuer = NormalizedCharField(label=_("Issued by"), max_length=200, required=False)

    def __init__(self, *args, attendance, row, editable, **kwargs):
        self.attendance, self.row = attendance, row
        kwargs.setdefault(
            "initial",
            {
                "number": attendance.certificate_number,
                "issued_on": attendance.certificate_issued_on,
                "issuer": attendance.certificate_issuer or attendance.course.organiser,
            },
        )
        super().__init__(*args, **kwargs)
        self.editable = editable
        for field in self.fields.values():
            field.disabled = not editable

    def clean(self):
        data = super().clean()
        number, issued_on = data.get("number"), data.get("issued_on")
        recorded = bool(self.attendance.certificate_number)
        if recorded and not number and not issued_on and "issued_on" not in self.errors:
            raise forms.ValidationError(
                _("A certificate already recorded cannot be cleared here; correct it instead.")
            )
        if bool(number) != bool(issued_on) and "issued_on" not in self.errors:
            raise forms.ValidationError(_("Enter both the certificate's number and its date."))
        return data

    @property
    def changed(self) -> bool:
        """Filled in and different from what is recorded: the rows the batch records."""
        data, a = self.cleaned_data, self.attendance
        if not data.get("number"):
            return False
        stored = (a.certificate_number, a.certificate_issued_on, a.certificate_issuer)
        issuer = data["issuer"] or a.course.organiser
        return (data["number"], data["issued_on"], issuer) != stored
