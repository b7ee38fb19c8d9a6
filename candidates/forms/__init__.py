"""The app's forms, by area; the step registry (candidates/steps.py) names its forms from here."""

from .candidates import CandidateFilterForm, DeclineForm, NominationForm, PlanVoteForm
from .courses import CertificateRowForm, CourseForm, CourseRegisterForm
from .fields import VersionForm
from .meetings import MeetingForm, VoteRowForm
from .people import PartyMemberForm, SchoolClassForm, StudentFilterForm, StudentForm
from .roster import RosterUploadForm
from .settings import (
    DayOffForm,
    DossierFormForm,
    FormListForm,
    RuleConfigForm,
    SchoolYearCloseForm,
)
from .steps import (
    CeremonyForm,
    ConsultationForm,
    DecisionForm,
    DossierItemForm,
    ExitForm,
    ExtensionForm,
    IntermediateForm,
    IntroductionForm,
    MentorEndForm,
    MentorForm,
    MentorReviewForm,
    RecognitionDecisionForm,
    YouthResolutionForm,
    branch_members,
)

__all__ = [
    "CandidateFilterForm",
    "CeremonyForm",
    "CertificateRowForm",
    "ConsultationForm",
    "CourseForm",
    "CourseRegisterForm",
    "DayOffForm",
    "DecisionForm",
    "DeclineForm",
    "DossierFormForm",
    "DossierItemForm",
    "ExitForm",
    "ExtensionForm",
    "FormListForm",
    "IntermediateForm",
    "IntroductionForm",
    "MeetingForm",
    "MentorEndForm",
    "MentorForm",
    "MentorReviewForm",
    "NominationForm",
    "PartyMemberForm",
    "PlanVoteForm",
    "RecognitionDecisionForm",
    "RosterUploadForm",
    "RuleConfigForm",
    "SchoolClassForm",
    "SchoolYearCloseForm",
    "StudentFilterForm",
    "StudentForm",
    "VersionForm",
    "VoteRowForm",
    "YouthResolutionForm",
    "branch_members",
]
