"""Demo candidates taken through the pipeline to every stage, with the real services.

Dates are counted back from the day the demo is loaded, so the deadlines it shows are live
("còn 12 ngày làm việc") whenever someone tries it.
"""

from datetime import date, timedelta

from candidates import services
from candidates.models import AwarenessCourse, BranchMeeting, Candidate, PartyMember

Stage = Candidate.Stage
PAPERS = [("1-KNĐ", "received"), ("2-KNĐ", "verified"), ("5-KNĐ", "received")]


def _fresh(candidate):
    return Candidate.objects.get(pk=candidate.pk)


class Walker:
    """Takes one candidate step by step, as the secretary would, up to a stage."""

    def __init__(self, branch, secretary, course, mentor, introducer):
        self.branch, self.secretary, self.course = branch, secretary, course
        self.mentor, self.introducer = mentor, introducer

    def step(self, service, candidate, **kwargs):
        candidate = _fresh(candidate)
        service(candidate=candidate, actor=self.secretary, version=candidate.version, **kwargs)
        return _fresh(candidate)

    def walk(self, candidate, to, vote_on):
        """Record every step up to stage `to`, the branch voting on `vote_on`."""
        order = services.PIPELINE_ORDER

        def reached(stage):
            return order.index(to) >= order.index(stage)

        if reached(Stage.AWARENESS):
            services.course_register(
                course=self.course, candidates=[candidate], actor=self.secretary,
                on=vote_on - timedelta(280),
            )  # fmt: skip
        if reached(Stage.MENTORED):
            attendance = _fresh(candidate).attendances.get()
            services.course_certify(
                attendance=attendance, actor=self.secretary, number=f"{candidate.pk:03d}/GCN",
                issued_on=vote_on - timedelta(250), issuer="",
            )  # fmt: skip
            decided_on = vote_on - timedelta(242)
            official, _probationary = services.roster_counts(self.branch, decided_on)
            candidate = self.step(
                services.candidate_assign_mentor, candidate, member=self.mentor,
                assigned_on=vote_on - timedelta(240), reference="Nghị quyết chi bộ tháng",
                meeting_on=decided_on, present=official, votes_for=official,
            )  # fmt: skip
        if reached(Stage.DOSSIER):
            candidate = self._dossier(candidate, vote_on)
        if reached(Stage.RESOLVED):
            self.vote(candidate, BranchMeeting.Purpose.ADMISSION, vote_on)
        if reached(Stage.DECIDED):
            candidate = self.step(
                services.decision_record, candidate, number=f"{candidate.pk + 100}-QĐ/ĐU",
                issued_on=vote_on + timedelta(20), received_on=vote_on + timedelta(23),
                issuer=self.branch.committee, signer="Nguyễn Văn Bình",
            )  # fmt: skip
        if reached(Stage.PROBATIONARY):
            candidate = self.step(
                services.ceremony_record, candidate, held_on=vote_on + timedelta(40),
                place="Hội trường nhà trường", chair=self.chair(), minutes_taker=self.introducer,
                guests="Đại diện Đảng ủy phường An Hải", decision_read=True, oath_taken=True,
            )  # fmt: skip
            candidate = self.step(
                services.candidate_assign_mentor, candidate, member=self.mentor,
                assigned_on=vote_on + timedelta(40),
            )  # fmt: skip
        if reached(Stage.OFFICIAL):
            ceremony = _fresh(candidate).ceremony
            recognition_on = services.rules.official_date(ceremony.held_on) + timedelta(3)
            self.vote(candidate, BranchMeeting.Purpose.RECOGNITION, recognition_on)
        return _fresh(candidate)

    def _dossier(self, candidate, vote_on):
        candidate = self.step(
            services.candidate_introduce, candidate, member=self.introducer,
            introduced_on=vote_on - timedelta(60),
            political="Có lập trường tư tưởng vững vàng, chấp hành tốt chủ trương của Đảng.",
            political_weaknesses="Đôi khi còn ngại phát biểu ý kiến trước tập thể.",
            ethics="Lễ phép, trung thực, sống giản dị.",
            ability="Học lực giỏi; tích cực trong các hoạt động của Đoàn.",
            relations="Hòa đồng, được bạn bè tín nhiệm.",
        )  # fmt: skip
        candidate = self.step(
            services.youth_resolution_record, candidate, number=f"{candidate.pk:02d}-NQ/ĐTN",
            adopted_on=vote_on - timedelta(55), committee_members=9, present=9, votes_for=9,
        )  # fmt: skip
        comments = [
            ("organisation", f"Chi đoàn lớp {candidate.student.school_class.name}", 35, 34),
            ("residence", "Chi bộ khu dân cư nơi em cư trú", 12, 12),
        ]
        for kind, body, asked, agreed in comments:
            candidate = self.step(
                services.consultation_record, candidate, kind=kind, body=body,
                consulted_on=vote_on - timedelta(46), asked=asked, agreed=agreed,
                strengths="Gương mẫu, nhiệt tình trong học tập và phong trào.",
            )  # fmt: skip
        for code, status in PAPERS:
            candidate = self.step(
                services.dossier_item_set, candidate, code=code, status=status,
                dated_on=vote_on - timedelta(45),
            )  # fmt: skip
        return candidate

    def chair(self):
        return PartyMember.objects.filter(branch=self.branch, user__username="bithu").first()

    def vote(self, candidate, purpose, held_on):
        official, _probationary = services.roster_counts(self.branch, held_on)
        chair = self.chair()
        services.meeting_record(
            branch=self.branch, actor=self.secretary, purpose=purpose, held_on=held_on,
            place="Phòng họp Hội đồng", method="secret", chair=chair,
            present_official=official - 1, present_probationary=0,
            absences=[{"name": "Hồ Sĩ Tùng", "official": True, "reason": "Đi công tác"}],
            resolution_number=f"{candidate.pk:02d}-NQ/CB",
            votes=[{"candidate": _fresh(candidate), "votes_for": official - 1}],
        )  # fmt: skip


def seed_pipeline(branch, users, candidates, today):
    """Spread the accepted demo candidates over the stages, the oldest furthest on."""
    secretary = users["bithu"]
    course = AwarenessCourse.objects.create(
        branch=branch,
        name="Lớp bồi dưỡng nhận thức về Đảng cho quần chúng ưu tú",
        organiser="Trung tâm Chính trị phường An Hải",
        starts_on=today - timedelta(800),
        ends_on=today - timedelta(790),
    )
    mentor = PartyMember.objects.get(branch=branch, user=users["dangvien"])
    introducer = PartyMember.objects.get(branch=branch, user=users["gvcn12a1"])
    walker = Walker(branch, secretary, course, mentor, introducer)
    oldest_first = sorted(candidates, key=lambda c: c.student.date_of_birth)
    plan = [
        (Stage.OFFICIAL, today - timedelta(420)),
        (Stage.PROBATIONARY, today - timedelta(150)),
        (Stage.DECIDED, today - timedelta(45)),
        (Stage.RESOLVED, today - timedelta(20)),
        (Stage.DOSSIER, today + timedelta(30)),
        (Stage.MENTORED, today + timedelta(90)),
        (Stage.AWARENESS, today + timedelta(120)),
    ]
    for candidate, (stage, vote_on) in zip(oldest_first, plan, strict=False):
        candidate = walker.walk(candidate, stage, max(vote_on, _adult(candidate)))
        if stage in (Stage.DOSSIER, Stage.MENTORED, Stage.AWARENESS):
            walker.step(services.candidate_plan_vote, candidate, planned_vote_on=vote_on)
    leaving = oldest_first[len(plan)] if len(oldest_first) > len(plan) else None
    if leaving is not None:
        walker.step(
            services.candidate_exit, leaving, kind=Candidate.ExitKind.MOVED,
            on=today - timedelta(60), reason="Gia đình chuyển công tác, em chuyển trường.",
        )  # fmt: skip
    return len(plan)


def _adult(candidate):
    return services.rules.eighteenth_birthday(candidate.student.date_of_birth)


def older_birthday(today):
    """A birthday that makes a student 18 more than 420 days ago (the OFFICIAL example)."""
    vote_on = today - timedelta(480)
    return date(vote_on.year - 18, vote_on.month, 1)
