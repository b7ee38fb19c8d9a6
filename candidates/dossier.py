"""The forms of the admission dossier (RULES.md §2), as data with a version.

Forms are reissued from time to time (Hướng dẫn 12-HD/BTCTW 2022, reportedly re-issued under
Hướng dẫn 38-HD/BTCTW in 2025): a new list gets a new version, and each candidate's checklist
keeps the version it was made with.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Form:
    code: str
    title: str
    # Needed before the branch votes; "youth" only for Youth Union members.
    before_vote: bool | str = False


@dataclass(frozen=True)
class FormList:
    version: str
    forms: tuple[Form, ...]

    def get(self, code):
        return next((f for f in self.forms if f.code == code), None)


CERTIFICATE = "CN-NTVĐ"  # the awareness-class certificate, filed with the dossier

CURRENT = FormList(
    version="HD12-BTCTW-2022",
    forms=(
        Form(CERTIFICATE, "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng", True),
        Form("1-KNĐ", "Đơn xin vào Đảng", True),
        Form("2-KNĐ", "Lý lịch của người xin vào Đảng (đã thẩm tra, chứng nhận)", True),
        Form("20-KNĐ", "Phiếu đề nghị thẩm tra lý lịch"),
        Form("3-KNĐ", "Giấy giới thiệu người vào Đảng (3-KNĐ / 3A-KNĐ)", True),
        Form("4-KNĐ", "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng (BCH Đoàn cơ sở)", "youth"),
        Form("5-KNĐ", "Tổng hợp ý kiến nhận xét của tổ chức và nơi cư trú", True),
        Form("5B-KNĐ", "Nhận xét của chi ủy (chi bộ) nơi cư trú", True),
        Form("5C-KNĐ", "Nhận xét của tổ chức đoàn thể nơi làm việc, học tập", True),
        Form("6-KNĐ", "Nghị quyết đề nghị kết nạp của chi bộ"),
        Form("9-KNĐ", "Quyết định kết nạp đảng viên"),
    ),
)

# Papers whose date must be fresh on the day of the vote (R11).
FRESH_PAPERS = ("3-KNĐ", "4-KNĐ", "5-KNĐ")


def required_before_vote(forms: FormList, is_youth_union_member: bool):
    """The codes the branch must hold before it votes on this candidate."""
    return [
        f.code
        for f in forms.forms
        if f.before_vote is True or (f.before_vote == "youth" and is_youth_union_member)
    ]
