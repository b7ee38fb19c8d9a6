"""Every change to candidates, students, classes and Party members goes through here.

Each service takes keyword arguments, runs in one transaction, checks the rules, writes the
change and an `Event` (who, when, what), and raises `DomainError` (candidates/errors.py) with a
Vietnamese message when the change is refused. Views, imports, commands and tests all call
these functions as `services.<name>(...)`; the modules below hold them by area. The reads that
the services check against (a candidate's findings, the roster on a date) live in
`candidates/findings.py` and are offered here too, under the names scripts already use.
"""

# `services.rules` has always been reachable; scripts use it.
from .. import rules
from ..findings import (
    RECEIVED,
    admission_resolution_date,
    candidate_findings,
    candidate_status,
    entered_school,
    failed_votes,
    grade12_end,
    introducer_findings,
    roster_counts,
    rule_settings,
    today,
    vote_findings,
)
from ..steps import PIPELINE_ORDER
from .admission import (
    candidate_exit,
    ceremony_record,
    decision_record,
    intermediate_record,
    recognition_decision_record,
)
from .base import (
    ConflictError,
    DomainError,
    FieldErrors,
    bump_version,
    field_changes,
    record_event,
)
from .corrections import CORRECTIONS, candidate_exit_undo, meeting_correct, step_correct
from .meetings import MEETING_FIELDS, meeting_record
from .nominations import (
    candidate_accept,
    candidate_decline,
    candidate_nominate,
    candidate_plan_vote,
)
from .people import (
    CLASS_FIELDS,
    GRADES,
    PARTY_MEMBER_FIELDS,
    STUDENT_FIELDS,
    branch_users,
    class_create,
    class_update,
    homeroom_teachers,
    party_member_create,
    party_member_update,
    student_create,
    student_update,
    validate_school_year,
)
from .pipeline import (
    ASSESSMENT_FIELDS,
    CERTIFICATE_FIELDS,
    SCAN_MAX_BYTES,
    SCAN_TYPES,
    candidate_assign_mentor,
    candidate_introduce,
    check_scan,
    course_certify,
    course_certify_batch,
    course_create,
    course_register,
    derive_stage,
    dossier_item_set,
    mentor_assignment_end,
    mentor_review_write,
    youth_resolution_record,
)
from .rule_config import RULE_CONFIG_FIELDS, day_off_add, day_off_remove, rule_config_update
from .submissions import submission_result, submit_once

__all__ = [
    "ASSESSMENT_FIELDS",
    "CERTIFICATE_FIELDS",
    "CLASS_FIELDS",
    "CORRECTIONS",
    "GRADES",
    "MEETING_FIELDS",
    "PARTY_MEMBER_FIELDS",
    "PIPELINE_ORDER",
    "RECEIVED",
    "RULE_CONFIG_FIELDS",
    "SCAN_MAX_BYTES",
    "SCAN_TYPES",
    "STUDENT_FIELDS",
    "ConflictError",
    "DomainError",
    "FieldErrors",
    "admission_resolution_date",
    "branch_users",
    "bump_version",
    "candidate_accept",
    "candidate_assign_mentor",
    "candidate_decline",
    "candidate_exit",
    "candidate_exit_undo",
    "candidate_findings",
    "candidate_introduce",
    "candidate_nominate",
    "candidate_plan_vote",
    "candidate_status",
    "ceremony_record",
    "check_scan",
    "class_create",
    "class_update",
    "course_certify",
    "course_certify_batch",
    "course_create",
    "course_register",
    "day_off_add",
    "day_off_remove",
    "decision_record",
    "derive_stage",
    "dossier_item_set",
    "entered_school",
    "failed_votes",
    "field_changes",
    "grade12_end",
    "homeroom_teachers",
    "intermediate_record",
    "introducer_findings",
    "meeting_correct",
    "meeting_record",
    "mentor_assignment_end",
    "mentor_review_write",
    "party_member_create",
    "party_member_update",
    "recognition_decision_record",
    "record_event",
    "rules",
    "roster_counts",
    "rule_config_update",
    "rule_settings",
    "student_create",
    "step_correct",
    "student_update",
    "submission_result",
    "submit_once",
    "today",
    "validate_school_year",
    "vote_findings",
    "youth_resolution_record",
]
