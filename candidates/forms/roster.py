"""The roster upload form."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Roster file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )
    school_year = forms.CharField(
        label=gettext_lazy("School year"),
        required=False,
        max_length=9,
        help_text=gettext_lazy(
            "For example 2025-2026. Leave it empty to take the year from the file's title "
            "(“NĂM HỌC 2025-2026”), or else the current school year."
        ),
    )

    leave_out_sensitive = forms.BooleanField(
        label=gettext_lazy(
            "Leave out ethnicity, religion and ID number of students without consent"
        ),
        required=False,
        help_text=gettext_lazy(
            "Without it, a file holding those cells for a student whose consent is not in force "
            "(every new student) is refused, each cell named."
        ),
    )

    def clean_school_year(self):
        value = self.cleaned_data["school_year"].strip().replace("–", "-")
        match = re.fullmatch(r"(\d{4})\s*-\s*(\d{4})", value)
        if value and not (match and int(match[2]) == int(match[1]) + 1):
            raise forms.ValidationError(_("Write the school year as 2025-2026."))
        return f"{match[1]}-{match[2]}" if value else ""
