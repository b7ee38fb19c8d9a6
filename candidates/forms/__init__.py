"""The app's forms, by area; the step registry (candidates/steps.py) names its forms from here."""

from .candidates import (
    AcceptForm,
    CandidateFilterForm,
    DeclineForm,
    NominationForm,
    PlanVoteForm,
)
from .corrections import (
    ExitUndoForm,
    MeetingCorrectionForm,
    VoteCorrectionForm,
    correction_form,
)
from .courses import CertificateRowForm, CourseForm, CourseRegisterForm
from .fields import OnceForm, VersionForm
from .meetings import MeetingForm, VoteRowForm
from .people import (
    ConsentGiveForm,
    ConsentWithdrawForm,
    PartyMemberForm,
    SchoolClassForm,
    StudentFilterForm,
    StudentForm,
)
from .roster import RosterUploadForm
from .settings import (
    AnonymiseForm,
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
    "AnonymiseForm",
    "AcceptForm",
    "CandidateFilterForm",
    "CeremonyForm",
    "CertificateRowForm",
    "ConsentGiveForm",
    "ConsentWithdrawForm",
    "ConsultationForm",
    "CourseForm",
    "CourseRegisterForm",
    "DayOffForm",
    "DecisionForm",
    "DeclineForm",
    "DossierFormForm",
    "DossierItemForm",
    "ExitUndoForm",
    "ExitForm",
    "ExtensionForm",
    "FormListForm",
    "IntermediateForm",
    "IntroductionForm",
    "MeetingCorrectionForm",
    "MeetingForm",
    "MentorEndForm",
    "MentorForm",
    "MentorReviewForm",
    "NominationForm",
    "OnceForm",
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
    "VoteCorrectionForm",
    "VoteRowForm",
    "YouthResolutionForm",
    "branch_members",
    "correction_form",
]
