"""The pipeline's steps, each declared once.

A step says who may record it, in which stages it is open (windows of the procedure's order:
from a stage, until another), the form and the service that record it, whether a rule that
blocks it can be forced, and its title and help on the candidate page. The services' gates
(`require`), the candidate page's list of next steps (`page_steps`), the batch pages' lists of
candidates (`stages`) and the URLs read it. Adding a step is one entry here plus its service.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership

from .errors import DomainError
from .models import Candidate

Stage = Candidate.Stage
Role = Membership.Role

# The procedure's order (RULES.md §3); see services.derive_stage.
PIPELINE_ORDER = [
    Stage.NOMINATED,
    Stage.SOURCE,
    Stage.AWARENESS,
    Stage.MENTORED,
    Stage.DOSSIER,
    Stage.RESOLVED,
    Stage.DECIDED,
    Stage.PROBATIONARY,
    Stage.OFFICIAL,
]
# From the source list until the branch votes: the preparation.
PREPARATION = ((Stage.SOURCE, Stage.RESOLVED),)


@dataclass(frozen=True)
class Step:
    key: str
    # [from, until) in PIPELINE_ORDER; `None` as until: to the end of the procedure.
    windows: tuple
    roles: frozenset = Membership.MANAGERS
    # A card of the candidate page: its form (a class of candidates.forms), URL and wording.
    form: str = ""
    service: str = ""
    path: str = ""
    url: str = ""
    title: str = ""
    button: str = ""
    help: str = ""
    forcible: bool = False
    anchor: str = "steps"
    danger: bool = False
    # Only the recognition decision is recorded once the candidacy has closed (as official).
    on_closed: bool = False
    # Whether the step applies to this candidate at all (the branch's configuration, a record
    # made once); `not_applicable` says why not.
    applies: Callable | None = None
    not_applicable: str = ""
    # What the gate says before and after the windows; %(name)s is the candidate.
    too_early: str = ""
    too_late: str = ""

    @property
    def stages(self) -> list:
        """Every stage in which the step is open."""
        found = []
        for start, until in self.windows:
            end = PIPELINE_ORDER.index(until) if until else len(PIPELINE_ORDER)
            found += PIPELINE_ORDER[PIPELINE_ORDER.index(start) : end]
        return found

    @property
    def url_name(self) -> str:
        return f"candidates:{self.url or 'step_' + self.key}"

    @property
    def card_id(self) -> str:
        return f"step-{self.key}"

    def in_window(self, candidate) -> bool:
        return (candidate.is_open or self.on_closed) and candidate.stage in self.stages

    def is_open_for(self, candidate) -> bool:
        return self.in_window(candidate) and (self.applies is None or self.applies(candidate))


def _step(key, windows, **options):
    return Step(key=key, windows=windows, **options)


def _has_intermediate_committee(candidate) -> bool:
    """R13 applies: a committee sits between the branch and the decider, and its resolution
    on this candidate is not recorded yet."""
    configured = candidate.branch.intermediate_committee is not None
    return configured and not candidate.intermediate_resolutions.exists()


def _not_extended(candidate) -> bool:
    return not hasattr(candidate, "decision_extension")


STEPS = {
    step.key: step
    for step in (
        _step(
            "mentor",
            (*PREPARATION, (Stage.PROBATIONARY, Stage.OFFICIAL)),
            form="MentorForm",
            service="candidate_assign_mentor",
            path="mentor",
            title=gettext_lazy("Assign a mentor"),
            button=gettext_lazy("Assign"),
            help=gettext_lazy(
                "The mentor must be an official member on the date of assignment (R6)."
            ),
            forcible=True,
        ),
        _step(
            "introduction",
            PREPARATION,
            form="IntroductionForm",
            service="candidate_introduce",
            path="introduction",
            title=gettext_lazy("Introduction by a Party member (3-KNĐ)"),
            button=gettext_lazy("Record the introduction"),
            help=gettext_lazy(
                "An official member who has worked or studied with the candidate for 12 months "
                "(R6, R7); a replacement assigned by the branch is exempt from the 12 months."
            ),
            forcible=True,
        ),
        _step(
            "youth",
            PREPARATION,
            # The Youth Union's one step (DESIGN §6): its officers and the committee.
            roles=Membership.MANAGERS | {Role.YOUTH_UNION},
            form="YouthResolutionForm",
            service="youth_resolution_record",
            path="youth-resolution",
            url="step_youth_resolution",
            title=gettext_lazy("Youth Union committee's resolution (4-KNĐ)"),
            button=gettext_lazy("Record the resolution"),
            help=gettext_lazy(
                "The resolution of the grassroots Youth Union committee introducing its member "
                "to the branch."
            ),
        ),
        _step(
            "comments",
            PREPARATION,
            form="ConsultationForm",
            service="consultation_record",
            path="comments",
            title=gettext_lazy("Comments of a body consulted (5B-KNĐ, 5C-KNĐ)"),
            button=gettext_lazy("Record the comments"),
            help=gettext_lazy(
                "One body at a time: the organisation where the candidate studies and the Party "
                "cell where they live; the summary (5-KNĐ) counts who was asked and who agreed."
            ),
        ),
        _step("dossier", ((Stage.SOURCE, Stage.OFFICIAL),), service="dossier_item_set"),
        _step("course_register", PREPARATION, service="course_register"),
        _step("course_certify", PREPARATION, service="course_certify"),
        _step(
            "admission_vote",
            PREPARATION,
            service="meeting_record",
            too_late=gettext_lazy("%(name)s has already been voted on."),
        ),
        _step(
            "intermediate",
            ((Stage.RESOLVED, Stage.DECIDED),),
            form="IntermediateForm",
            service="intermediate_record",
            path="intermediate",
            title=gettext_lazy("Resolution of a committee in between (7/8-KNĐ)"),
            button=gettext_lazy("Record the resolution"),
            help=gettext_lazy(
                "The branch's configuration names a Party committee between the branch and the "
                "committee that decides: its resolution needs two thirds of its members and "
                "comes before the decision (R13)."
            ),
            forcible=True,
            applies=_has_intermediate_committee,
            not_applicable=gettext_lazy(
                "No committee sits between the branch and the decider, or its resolution is "
                "already recorded."
            ),
        ),
        _step(
            "extension",
            ((Stage.RESOLVED, Stage.DECIDED),),
            form="ExtensionForm",
            service="decision_extension_record",
            path="decision-extension",
            title=gettext_lazy("Extension of the decision's deadline (R14)"),
            button=gettext_lazy("Record the extension"),
            help=gettext_lazy(
                "When the superior committee extends the 60 working days by 30: the deadline "
                "follows."
            ),
            applies=_not_extended,
            not_applicable=gettext_lazy("The extension is already recorded."),
        ),
        _step(
            "decision",
            ((Stage.RESOLVED, Stage.DECIDED),),
            form="DecisionForm",
            service="decision_record",
            path="decision",
            title=gettext_lazy("Admission decision (9-KNĐ)"),
            button=gettext_lazy("Record the decision"),
            help=gettext_lazy("As received from the committee that decides."),
            forcible=True,
            too_late=gettext_lazy("The decision is already recorded."),
        ),
        _step(
            "ceremony",
            ((Stage.DECIDED, Stage.PROBATIONARY),),
            form="CeremonyForm",
            service="ceremony_record",
            path="ceremony",
            title=gettext_lazy("Admission ceremony"),
            button=gettext_lazy("Record the ceremony"),
            help=gettext_lazy(
                "Within 30 working days of receiving the decision; later only with the "
                "superior's consent (R15). The candidate becomes a probationary member."
            ),
            forcible=True,
            too_late=gettext_lazy("The ceremony is already recorded."),
        ),
        _step(
            "recognition_vote",
            ((Stage.PROBATIONARY, Stage.OFFICIAL),),
            service="meeting_record",
        ),
        _step(
            "recognition",
            ((Stage.OFFICIAL, None),),
            form="RecognitionDecisionForm",
            service="recognition_decision_record",
            path="recognition-decision",
            title=gettext_lazy("Decision recognising the official member"),
            button=gettext_lazy("Record the decision"),
            help=gettext_lazy(
                "The superior's decision after the branch voted to recognise the member."
            ),
            on_closed=True,
            too_early=gettext_lazy("The branch has not yet voted to recognise this member."),
        ),
        _step(
            "exit",
            ((Stage.NOMINATED, Stage.OFFICIAL),),
            form="ExitForm",
            service="candidate_exit",
            path="exit",
            title=gettext_lazy("End the candidacy"),
            button=gettext_lazy("End the candidacy"),
            help=gettext_lazy(
                "Withdrawn, not eligible, moved or graduated: the record and its dossier stay "
                "readable."
            ),
            anchor="",
            danger=True,
        ),
    )
}
CARDS = [step for step in STEPS.values() if step.form]


def at_least(candidate, stage) -> bool:
    """Whether the candidate has reached `stage` of the procedure."""
    return PIPELINE_ORDER.index(candidate.stage) >= PIPELINE_ORDER.index(stage)


def require(candidate, key):
    """The gate of step `key`: structural order, which no override lifts."""
    step = STEPS[key]
    if step.is_open_for(candidate):
        return
    if step.in_window(candidate):  # the stage is right, but the step does not apply
        raise DomainError(str(step.not_applicable))
    if candidate.stage not in PIPELINE_ORDER or not (candidate.is_open or step.on_closed):
        raise DomainError(_("This candidacy is closed; nothing was changed."))
    first = step.windows[0][0]
    if not at_least(candidate, first):
        if step.too_early:
            raise DomainError(str(step.too_early) % {"name": candidate})
        raise DomainError(
            _("This step needs the stage “%(needed)s” first; the candidate is at “%(stage)s”.")
            % {"needed": first.label, "stage": candidate.get_stage_display()}
        )
    if step.too_late:
        raise DomainError(str(step.too_late) % {"name": candidate})
    passed = max(
        (until for _start, until in step.windows if until and at_least(candidate, until)),
        key=PIPELINE_ORDER.index,
    )
    raise DomainError(
        _("This step belongs before the stage “%(stage)s”, which the candidate has reached.")
        % {"stage": passed.label}
    )


def page_steps(candidate, scope) -> list[Step]:
    """The cards of the steps open now at the candidate's stage that this user may record."""
    return [s for s in CARDS if scope.has(*s.roles) and s.is_open_for(candidate)]


def may_edit_dossier(candidate, scope) -> bool:
    step = STEPS["dossier"]
    return scope.has(*step.roles) and step.is_open_for(candidate)
