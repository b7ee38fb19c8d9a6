"""The forms of the admission dossier (RULES.md §2), as data with a version.

The lists are rows (`DossierFormList`, `DossierForm`): forms are reissued from time to time
(Hướng dẫn 12-HD/BTCTW 2022, reportedly re-issued under Hướng dẫn 38-HD/BTCTW in 2025), so the
secretary adds a version with the day from which it applies, and each candidate's dossier keeps
the version in force when the candidacy opened. The list below is the one a new database starts
with (migration 0005); it is history and never changes: a new list is a new version.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from .models import Candidate, DossierForm, DossierFormList

Needed, OnlyFor = DossierForm.Needed, DossierForm.OnlyFor

# The codes the steps and rules name: the papers they record or read.
CERTIFICATE = "CN-NTVĐ"  # the awareness-class certificate, filed with the dossier
HISTORY = "2-KNĐ"  # R9: verified
INTRODUCTION, INTRODUCTIONS = "3-KNĐ", "3A-KNĐ"  # by one / by two official members (R8)
YOUTH_RESOLUTION = "4-KNĐ"
BRANCH_RESOLUTION = "6-KNĐ"
INTERMEDIATE_RESOLUTION = "8-KNĐ"
DECISION = "9-KNĐ"
RECOGNITION_RESOLUTION = "13-KNĐ"
RECOGNITION_DECISION = "16-KNĐ"

SEED_VERSION = "HD12-BTCTW-2022"
SEED_SOURCE = "Hướng dẫn 12-HD/BTCTW năm 2022"
SEED_APPLIES_FROM = (2022, 1, 1)
# (code, title, needed, for whom, fresh on the day of the vote: R11)
SEED = (
    (CERTIFICATE, "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng", "before_vote", "", False),
    ("1-KNĐ", "Đơn xin vào Đảng", "before_vote", "", False),
    (HISTORY, "Lý lịch của người xin vào Đảng (đã thẩm tra, chứng nhận)", "before_vote", "", False),
    ("20-KNĐ", "Phiếu đề nghị thẩm tra lý lịch", "admission", "", False),
    (INTRODUCTION, "Giấy giới thiệu người vào Đảng", "before_vote", "youth_union", True),
    (
        INTRODUCTIONS,
        "Giấy giới thiệu của hai đảng viên chính thức",
        "before_vote",
        "others",
        True,
    ),
    (
        YOUTH_RESOLUTION,
        "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng (BCH Đoàn cơ sở)",
        "before_vote",
        "youth_union",
        True,
    ),
    ("5-KNĐ", "Tổng hợp ý kiến nhận xét của tổ chức và nơi cư trú", "before_vote", "", True),
    ("5B-KNĐ", "Nhận xét của chi ủy (chi bộ) nơi cư trú", "before_vote", "", False),
    ("5C-KNĐ", "Nhận xét của tổ chức đoàn thể nơi làm việc, học tập", "before_vote", "", False),
    (BRANCH_RESOLUTION, "Nghị quyết đề nghị kết nạp của chi bộ", "admission", "", False),
    ("7-KNĐ", "Báo cáo thẩm định của đảng ủy bộ phận", "admission", "intermediate", False),
    (
        INTERMEDIATE_RESOLUTION,
        "Nghị quyết đề nghị kết nạp của đảng ủy cơ sở",
        "admission",
        "intermediate",
        False,
    ),
    (DECISION, "Quyết định kết nạp đảng viên", "admission", "", False),
    ("10-KNĐ", "Bản tự kiểm điểm của đảng viên dự bị", "probation", "", False),
    ("11-KNĐ", "Bản nhận xét đảng viên dự bị của đảng viên giúp đỡ", "probation", "", False),
    (
        "12-KNĐ",
        "Tổng hợp ý kiến nhận xét của tổ chức và nơi cư trú đối với đảng viên dự bị",
        "probation",
        "",
        False,
    ),
    (
        RECOGNITION_RESOLUTION,
        "Nghị quyết đề nghị công nhận đảng viên chính thức của chi bộ",
        "probation",
        "",
        False,
    ),
    ("14-KNĐ", "Báo cáo thẩm định của đảng ủy bộ phận", "probation", "intermediate", False),
    (
        "15-KNĐ",
        "Nghị quyết đề nghị công nhận đảng viên chính thức của đảng ủy cơ sở",
        "probation",
        "intermediate",
        False,
    ),
    (RECOGNITION_DECISION, "Quyết định công nhận đảng viên chính thức", "probation", "", False),
)


def seed(form_list_model=DossierFormList, form_model=DossierForm):
    """The built-in list, created once (the migration passes its historical models)."""
    from datetime import date

    found = form_list_model.objects.filter(branch=None, version=SEED_VERSION).first()
    if found is not None:
        return found
    form_list = form_list_model.objects.create(
        version=SEED_VERSION, source=SEED_SOURCE, applies_from=date(*SEED_APPLIES_FROM)
    )
    form_model.objects.bulk_create(
        form_model(
            form_list=form_list,
            position=position,
            code=code,
            title=title,
            needed=needed,
            only_for=only_for,
            must_be_fresh=fresh,
        )
        for position, (code, title, needed, only_for, fresh) in enumerate(SEED, start=1)
    )
    return form_list


def lists_of(branch):
    """The lists a branch may use: the built-in ones and its own, newest first."""
    return DossierFormList.objects.filter(Q(branch=None) | Q(branch=branch))


def in_force(branch, on):
    """The list in force for `branch` on `on` (the oldest one if none applies yet)."""
    return choose(lists_of(branch), on)


def choose(lists, on):
    """Of `lists` (newest first, as `lists_of` orders them), the one in force on `on`."""
    lists = list(lists)
    return next((f for f in lists if f.applies_from <= on), lists[-1] if lists else None)


def form_list_of(candidate):
    """The list the candidate's dossier follows: the one it started with."""
    if candidate.form_list_id is None:
        return in_force(candidate.branch, candidate.opened_on)
    return candidate.form_list


def forms_for(form_list, candidate, needed=None):
    """The forms of `form_list` that apply to `candidate` (by `needed`, if given)."""
    youth = candidate.student.is_youth_union_member
    intermediate = candidate.branch.intermediate_committee is not None
    applies = {
        OnlyFor.EVERYONE: True,
        OnlyFor.YOUTH_UNION: youth,
        OnlyFor.OTHERS: not youth,
        OnlyFor.INTERMEDIATE: intermediate,
    }
    return [
        form
        for form in form_list.forms.all()
        if applies.get(form.only_for, True) and needed in (None, form.needed)
    ]


def required_before_vote(candidate, form_list=None) -> list[str]:
    """The codes the branch must hold before it votes on this candidate (HS)."""
    form_list = form_list or form_list_of(candidate)
    return [form.code for form in forms_for(form_list, candidate, Needed.BEFORE_VOTE)]


def fresh_codes(candidate, form_list=None) -> list[str]:
    """The codes that must be fresh on the day of the vote (R11)."""
    form_list = form_list or form_list_of(candidate)
    return [form.code for form in forms_for(form_list, candidate) if form.must_be_fresh]


def introduction_code(candidate) -> str:
    """The paper an introduction files: one member's (Youth Union members) or two members'."""
    return INTRODUCTION if candidate.student.is_youth_union_member else INTRODUCTIONS


def frozen_reason(form_list) -> str:
    """Why a version can no longer change ("" while it can): the built-in one never does, and
    one that candidates' dossiers follow stays as they started with it."""
    if form_list.branch_id is None:
        return _("The built-in list cannot be changed; add a new version.")
    if Candidate.objects.filter(form_list=form_list).exists():
        return _(
            "Candidates' dossiers already follow this version, so it no longer changes; add a "
            "new version."
        )
    return ""
