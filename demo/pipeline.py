"""The demo's candidates, at every stage, dated from the day the demo is loaded.

Each member of the cast is a named student whom the real services take, step by step, as far
as their stage; no date is ever after today. Who is where depends on the day:

- From September until three weeks before the school year ends (31 May by default), the
  pipeline is grade 12: meetings are planned before the year ends, for the day each student
  turns 18. In the summer that follows, grade 12 has left: the pipeline is grade 11, for next
  year, and the year's admitted graduates are transferring their Party activities.
- Two of grade 12 were admitted this calendar year (in the first two weeks of January the
  year's count is still 0, as it would be), one over a year ago and is now official. Whoever
  was voted on is 18: in the autumn, when grade 12 is still 17, they are students a year older
  than their class (they came to school late or repeated a year), the official one two years.

Every finding the candidate pages show is listed, per candidate, in `expected` (tests check
it on several days of the year):

- to do, not a fault: before the dossier is complete the page lists what the vote still needs —
  the awareness-class certificate (R4), the introductions (R8), the verified personal history
  (R9), the comments (R10), the missing papers (HS);
- deliberate: Đặng Minh Quân's personal history is still being verified (R9, blocks the vote
  until it comes back); Phan Hữu Nghĩa turns 18 in July, after the school year (R2, the one
  warning: the committee will want to know it before accepting him into the source list).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from candidates import services
from candidates.models import (
    AwarenessCourse,
    BranchMeeting,
    Candidate,
    MentorAssignment,
    Nomination,
    PartyMember,
    SchoolClass,
    Student,
)
from candidates.rules import add_months, official_date

from .dates import (
    national_id,
    school_year_start,
    usual_birth_year,
    workday_on_or_after,
    workday_on_or_before,
)

Stage = Candidate.Stage
TO_DO = ("R4", "R8", "R9", "R10", "HS")  # what the vote still needs, before the certificate


@dataclass(frozen=True)
class Part:
    """One candidate of the cast: who, in which class, how far, and what the page will show."""

    name: str
    female: bool
    seat: str  # "A1": class 12A1, or 11A1 when the pipeline is grade 11 (see `class_name`)
    stage: str
    ago: int  # days since the stage's own step (for the official one: the recognition)
    vote_in: int = 0  # days ahead of the planned branch meeting, before the vote
    mentor: str = ""  # a Party member of the branch, by name
    by: str = "youth"  # "teacher": nominated by the class's homeroom teacher, if it has one
    grade12: bool = False  # of grade 12 even in the summer: the year's admitted graduates
    # (month, day) of birth in the class's usual year, for those not yet voted on; the others
    # were 18 before their vote (older than their class when that was before January).
    born: tuple[int, int] | None = None
    # Days after the end of the school year the admitted graduate transfers their Party
    # activities (R19 allows 60 working days, about 12 weeks).
    transfer_after: int = 0
    results: tuple[str, str] = ("Tốt", "Tốt")
    expected: tuple[str, ...] = ()
    achievement: str = ""


CAST = [
    Part("Trần Minh Khôi", False, "A3", Stage.OFFICIAL, 25, mentor="Bùi Xuân Trường",
         grade12=True),
    Part("Nguyễn Ngọc Bảo Trâm", True, "A1", Stage.PROBATIONARY, 12, mentor="Võ Đình Khoa",
         by="teacher", grade12=True, transfer_after=70),
    Part("Lê Quốc Huy", False, "A2", Stage.PROBATIONARY, 70, mentor="Trần Văn Phúc",
         grade12=True, transfer_after=20),
    Part("Phạm Thị Thanh Thảo", True, "A3", Stage.DECIDED, 35, mentor="Huỳnh Thị Lan"),
    Part("Hoàng Gia Bảo", False, "A1", Stage.RESOLVED, 14, mentor="Ngô Thị Bích Thủy",
         by="teacher"),
    Part("Võ Thị Mỹ Duyên", True, "A2", Stage.DOSSIER, 6, 14, mentor="Võ Đình Khoa",
         born=(1, 8), results=("Khá", "Tốt")),
    Part("Đặng Minh Quân", False, "A1", Stage.DOSSIER, 5, 40, mentor="Trần Văn Phúc",
         by="teacher", born=(1, 19), expected=("R9",)),
    Part("Bùi Khánh Linh", True, "A2", Stage.MENTORED, 20, 90, mentor="Võ Đình Khoa",
         born=(2, 11), expected=TO_DO[1:]),
    Part("Huỳnh Đức Anh", False, "A3", Stage.AWARENESS, 2, 120, born=(3, 20), expected=TO_DO),
    Part("Ngô Phương Uyên", True, "A1", Stage.SOURCE, 10, 150, by="teacher", born=(4, 8),
         expected=TO_DO),
    Part("Dương Thanh Tùng", False, "A2", Stage.NOMINATED, 6, born=(3, 2),
         achievement="Giải nhì học sinh giỏi thành phố môn Vật lí; Bí thư Chi đoàn."),
    Part("Lý Ngọc Hân", True, "A1", Stage.NOMINATED, 3, by="teacher", born=(4, 22),
         achievement="Học sinh giỏi ba năm liền; tích cực hiến máu nhân đạo."),
    Part("Phan Hữu Nghĩa", False, "A3", Stage.NOMINATED, 1, born=(7, 9), expected=("R2",),
         achievement="Đội trưởng đội tình nguyện “Mùa hè xanh” của trường."),
    Part("Đinh Thị Kim Ngân", True, "A2", Stage.DECLINED, 30, born=(2, 27)),
    Part("Trương Công Danh", False, "A3", Stage.EXITED, 45, born=(1, 30)),
]  # fmt: skip
CLASSES_11 = {"A1": "11A1", "A2": "11A2", "A3": "11A3"}
DECLINE_REASON = (
    "Em mới tham gia Ban Chấp hành Chi đoàn được một học kỳ; đề nghị Đoàn trường tiếp tục bồi "
    "dưỡng, giới thiệu lại vào học kỳ sau."
)
NOMINATION_REASON = "Đoàn viên ưu tú, gương mẫu trong học tập và hoạt động phong trào."
INTRODUCTION = {
    "political": "Có lập trường tư tưởng vững vàng, chấp hành tốt chủ trương của Đảng.",
    "political_weaknesses": "Đôi khi còn ngại phát biểu ý kiến trước tập thể.",
    "ethics": "Lễ phép, trung thực, sống giản dị.",
    "ability": "Học tập tốt; tích cực trong các hoạt động của Đoàn.",
    "relations": "Hòa đồng, được bạn bè tín nhiệm.",
}
INTRODUCERS = ["Nguyễn Thị Minh Tâm", "Dương Thị Kim Oanh", "Lý Minh Nhật"]


@dataclass
class Season:
    """Where the school year stands on `today`, given the last day of its grade 12."""

    today: date
    school_end: date
    grade: int = field(init=False)  # the grade the pipeline works on
    pipeline_end: date = field(init=False)  # the last day of that grade 12
    school_today: date = field(init=False)  # today, or grade 12's last weeks once it has left

    def __post_init__(self):
        last_weeks = self.school_end - timedelta(days=21)
        self.grade = 12 if self.today <= last_weeks else 11
        self.pipeline_end = add_months(self.school_end, 12 * (12 - self.grade))
        self.school_today = min(self.today, last_weeks)

    def planned_vote(self, adult, days_ahead):
        """A branch meeting about `days_ahead` from today, once 18, before grade 12 ends."""
        earliest = max(self.today, adult) + timedelta(days=7)
        latest = self.pipeline_end - timedelta(days=14)
        return workday_on_or_after(max(earliest, min(self.today + timedelta(days_ahead), latest)))


@dataclass
class Timeline:
    """The dates of a candidate's steps; None for the steps not (yet) taken."""

    adult: date | None = None  # the 18th birthday
    nominated: date | None = None
    accepted: date | None = None
    course: date | None = None  # the start of the awareness class attended
    certificate: date | None = None
    mentor: date | None = None
    dossier: date | None = None  # the papers; the introduction and Đoàn resolution just before
    vote: date | None = None
    decision: date | None = None
    ceremony: date | None = None
    recognition: date | None = None
    recognition_decision: date | None = None  # the superior's, after the branch's resolution
    exit: date | None = None
    planned: date | None = None  # the planned branch meeting: the only date after today

    def past(self):
        """The dates of the steps taken."""
        skip = ("adult", "planned")
        return [day for name, day in vars(self).items() if day and name not in skip]


def course_start(year, month):
    """The ward's political centre opens an awareness class on each month's first Monday."""
    first = date(year, month, 1)
    return workday_on_or_after(first + timedelta(days=(7 - first.weekday()) % 7))


def latest_course(by):
    """The start of the last awareness class that opened on or before `by`."""
    year, month = by.year, by.month
    while course_start(year, month) > by:
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return course_start(year, month)


def _steps_before(t, stage, last):
    """Date the steps up to `stage` backwards from `last`, the day of the stage's own step."""
    at = services.PIPELINE_ORDER.index(stage)
    reached = {s: at >= services.PIPELINE_ORDER.index(s) for s in services.PIPELINE_ORDER}
    day = last
    if reached[Stage.RESOLVED]:
        t.vote, day = day, day - timedelta(days=14)
    if reached[Stage.DOSSIER]:
        t.dossier = workday_on_or_before(day)
        day = t.dossier - timedelta(days=80)
    if reached[Stage.MENTORED]:
        t.mentor = workday_on_or_before(day)
        t.course = latest_course(t.mentor - timedelta(days=24))
        t.certificate = t.course + timedelta(days=14)
    elif reached[Stage.AWARENESS]:
        t.course = latest_course(day)
    if t.course:
        day = t.course - timedelta(days=28)
    if reached[Stage.SOURCE]:
        t.accepted = workday_on_or_before(day)
        day = t.accepted - timedelta(days=14)
    t.nominated = day


def timeline(part: Part, season: Season) -> Timeline:
    """The dates of one member of the cast, on the day of `season`."""
    today = season.school_today if part.grade12 else season.today
    t = Timeline()
    if part.born:
        grade = 12 if part.grade12 else season.grade
        t.adult = date(usual_birth_year(season.today, grade) + 18, *part.born)
    last = today - timedelta(days=part.ago)
    if part.stage == Stage.OFFICIAL:
        # Recognised `ago` days ago, a year and a few days after the ceremony.
        t.ceremony = workday_on_or_before(add_months(last, -12))
        t.recognition = workday_on_or_after(official_date(t.ceremony) + timedelta(days=3))
        t.recognition_decision = workday_on_or_before(t.recognition + timedelta(days=12))
        t.vote = workday_on_or_before(t.ceremony - timedelta(days=30))
    elif part.stage == Stage.PROBATIONARY:
        t.ceremony = workday_on_or_before(last)
        t.vote = workday_on_or_before(t.ceremony - timedelta(days=30))
    elif part.stage in (Stage.DECIDED, Stage.RESOLVED):
        t.vote = workday_on_or_before(last)
    if t.vote:
        _steps_before(t, Stage.RESOLVED, t.vote)
        if part.stage != Stage.RESOLVED:
            t.decision = workday_on_or_before(t.vote + timedelta(days=14))
        t.adult = t.vote - timedelta(days=45)
        return t
    if part.stage == Stage.EXITED:
        t.exit = last
        _steps_before(t, Stage.SOURCE, last - timedelta(days=45))
    else:
        _steps_before(t, Stage.NOMINATED if part.stage == Stage.DECLINED else part.stage, last)
    if part.vote_in:
        t.planned = season.planned_vote(t.adult, part.vote_in)
    return t


def class_name(part, season):
    """Grade 12, or grade 11 once the pipeline has moved on to next year's grade 12."""
    if part.grade12 or season.grade == 12:
        return f"12{part.seat}"
    return CLASSES_11[part.seat]


class Walker:
    """Takes the cast through the services, step by step, as the secretary would."""

    def __init__(self, branch, users, today, timelines):
        self.branch, self.today = branch, today
        # Document numbers run in date order (R21): the branch's resolutions, the decisions;
        # each is found by (date, name of the candidate).
        self.resolution = _numbers(timelines, ("vote", "recognition"), "{:02d}-NQ/CB", 1)
        self.decision = _numbers(timelines, ("decision", "recognition_decision"), "{}-QĐ/ĐU", 101)
        self.secretary, self.youth = users["bithu"], users["doantruong"]
        self.members = {m.full_name: m for m in PartyMember.objects.filter(branch=branch)}
        self.introducers = [self.members[name] for name in INTRODUCERS]

    def _check(self, day):
        if day > self.today:
            raise ValueError(f"demo step dated {day} after today ({self.today})")
        return day

    def step(self, service, candidate, **kwargs):
        candidate = Candidate.objects.get(pk=candidate.pk)
        service(candidate=candidate, actor=self.secretary, version=candidate.version, **kwargs)
        return Candidate.objects.get(pk=candidate.pk)

    def walk(self, part, t, student, introducer):
        """Record every step of `t` for the student; return the candidacy."""
        for day in t.past():
            self._check(day)
        teacher = student.school_class.homeroom_teacher
        author, kind = self.youth, Nomination.Kind.YOUTH_UNION
        if part.by == "teacher" and teacher is not None:
            author, kind = teacher, Nomination.Kind.HOMEROOM
        candidate = services.candidate_nominate(
            student=student, author=author, kind=kind, reason=NOMINATION_REASON,
            achievements=part.achievement, on=t.nominated,
        )  # fmt: skip
        if part.stage == Stage.DECLINED:
            return self.step(services.candidate_decline, candidate, reason=DECLINE_REASON)
        if t.accepted:
            candidate = self.step(services.candidate_accept, candidate, on=t.accepted)
        if t.course:
            candidate = self._awareness(candidate, t)
        mentor = self.members.get(part.mentor)
        if t.mentor:
            official, _probationary = services.roster_counts(self.branch, t.mentor)
            candidate = self.step(
                services.candidate_assign_mentor, candidate, member=mentor, assigned_on=t.mentor,
                reference=_branch_resolution(t.mentor), meeting_on=t.mentor, present=official - 1,
                votes_for=official - 1,
            )  # fmt: skip
            self._review(candidate, mentor, t.mentor + timedelta(days=30))
        if t.dossier:
            candidate = self._dossier(candidate, t.dossier, introducer, part)
        if t.vote:
            self._vote(candidate, BranchMeeting.Purpose.ADMISSION, t.vote)
        if t.decision:
            candidate = self.step(
                services.decision_record, candidate, number=self.decision[t.decision, part.name],
                issued_on=t.decision, received_on=self._check(t.decision + timedelta(days=3)),
                issuer=self.branch.committee.decider, signer="Nguyễn Văn Bình",
            )  # fmt: skip
        if t.ceremony:
            candidate = self._ceremony(candidate, t.ceremony, mentor)
        if t.recognition:
            candidate = self._recognise(candidate, t.recognition, t.recognition_decision)
        if t.planned:
            candidate = self.step(
                services.candidate_plan_vote, candidate, planned_vote_on=t.planned
            )
        if t.exit:
            candidate = self.step(
                services.candidate_exit, candidate, kind=Candidate.ExitKind.MOVED, on=t.exit,
                reason="Gia đình chuyển công tác vào Thành phố Hồ Chí Minh, em chuyển trường.",
            )  # fmt: skip
        return candidate

    def _awareness(self, candidate, t):
        course, _new = AwarenessCourse.objects.get_or_create(
            branch=self.branch,
            starts_on=t.course,
            defaults={
                "name": "Lớp bồi dưỡng nhận thức về Đảng cho quần chúng ưu tú",
                "organiser": "Trung tâm Chính trị phường An Hải",
                "ends_on": t.course + timedelta(days=9),
            },
        )
        services.course_register(
            course=course, candidates=[candidate], actor=self.secretary,
            on=self._check(workday_on_or_before(t.course - timedelta(days=7))),
        )  # fmt: skip
        if t.certificate:
            attendance = candidate.attendances.get(course=course)
            services.course_certify(
                attendance=attendance, actor=self.secretary, number=f"{candidate.pk:03d}/GCN",
                issued_on=t.certificate, issuer="",
            )  # fmt: skip
        return Candidate.objects.get(pk=candidate.pk)

    def _review(self, candidate, mentor, on):
        """The demo's Party member writes a first review of their mentee, a month on."""
        if mentor.user is None or on > self.today:
            return
        assignment = candidate.mentors.get(member=mentor, ended_on__isnull=True)
        services.mentor_review_write(
            assignment=assignment, author=mentor.user, written_on=on,
            summary="Em chủ động tìm hiểu về Đảng, tích cực trong công tác Đoàn; cần mạnh dạn "
            "hơn khi phát biểu ý kiến trong tập thể.",
        )  # fmt: skip

    def _dossier(self, candidate, on, introducer, part):
        verifying = "R9" in part.expected
        candidate = self.step(
            services.candidate_introduce, candidate, member=introducer,
            introduced_on=on - timedelta(days=12), **INTRODUCTION,
        )  # fmt: skip
        candidate = self.step(
            services.youth_resolution_record, candidate, number=f"{candidate.pk:02d}-NQ/ĐTN",
            adopted_on=on - timedelta(days=8), committee_members=9, present=9, votes_for=9,
        )  # fmt: skip
        comments = [
            ("organisation", f"Chi đoàn lớp {candidate.student.school_class.name}", 35, 34),
            ("residence", "Chi bộ khu dân cư nơi em cư trú", 12, 12),
        ]
        for kind, body, asked, agreed in comments:
            candidate = self.step(
                services.consultation_record, candidate, kind=kind, body=body,
                consulted_on=on - timedelta(days=6), asked=asked, agreed=agreed,
                strengths="Gương mẫu, nhiệt tình trong học tập và phong trào.",
            )  # fmt: skip
        papers = [("1-KNĐ", "received"), ("5-KNĐ", "received")]
        # The personal history, sent for verification (20-KNĐ), comes back certified.
        papers += [("20-KNĐ", "received"), ("2-KNĐ", "received" if verifying else "verified")]
        for code, status in papers:
            candidate = self.step(
                services.dossier_item_set, candidate, code=code, status=status, dated_on=on,
            )  # fmt: skip
        return candidate

    def _vote(self, candidate, purpose, held_on):
        official, _probationary = services.roster_counts(self.branch, held_on)
        services.meeting_record(
            branch=self.branch, actor=self.secretary, purpose=purpose, held_on=held_on,
            place="Phòng họp Hội đồng", method="secret", chair=self.members["Cao Thị Hoài Hương"],
            present_official=official - 1, present_probationary=0,
            absences=[{"name": "Hồ Sĩ Tùng", "official": True, "reason": "Đi công tác"}],
            resolution_number=self.resolution[held_on, str(candidate)],
            votes=[{"candidate": Candidate.objects.get(pk=candidate.pk),
                    "votes_for": official - 1}],
        )  # fmt: skip

    def _end_mentors(self, candidate, on, period):
        for assignment in candidate.mentors.filter(period=period, ended_on__isnull=True):
            candidate = Candidate.objects.get(pk=candidate.pk)
            services.mentor_assignment_end(
                assignment=assignment, actor=self.secretary, version=candidate.version, on=on
            )
        return Candidate.objects.get(pk=candidate.pk)

    def _ceremony(self, candidate, held_on, mentor):
        candidate = self.step(
            services.ceremony_record, candidate, held_on=held_on, place="Hội trường nhà trường",
            chair=self.members["Cao Thị Hoài Hương"], minutes_taker=self.introducers[0],
            guests="Đại diện Đảng ủy phường An Hải", decision_read=True,
            oath_taken=True,
        )  # fmt: skip
        candidate = self._end_mentors(candidate, held_on, MentorAssignment.Period.ADMISSION)
        return self.step(
            services.candidate_assign_mentor, candidate, member=mentor, assigned_on=held_on,
            reference=_branch_resolution(held_on),
        )  # fmt: skip

    def _recognise(self, candidate, held_on, decided_on):
        self._vote(candidate, BranchMeeting.Purpose.RECOGNITION, held_on)
        candidate = self._end_mentors(candidate, held_on, MentorAssignment.Period.PROBATION)
        return self.step(
            services.recognition_decision_record, candidate,
            decision_number=self.decision[decided_on, str(candidate)], decision_on=decided_on,
        )  # fmt: skip

    def transfer(self, candidate, on):
        """A probationary graduate moves their Party activities to where they now live (R19)."""
        candidate = self._end_mentors(candidate, on, MentorAssignment.Period.PROBATION)
        return self.step(
            services.candidate_exit, candidate, kind=Candidate.ExitKind.TRANSFERRED, on=on,
            reason="Đã tốt nghiệp THPT; chuyển sinh hoạt đảng về chi bộ nơi cư trú.",
        )  # fmt: skip


def _numbers(timelines, steps, pattern, first):
    """Numbers for the papers of `steps`, in date order: {(date, name): number}."""
    papers = sorted(
        (getattr(t, step), name) for name, t in timelines.items() for step in steps
        if getattr(t, step)
    )  # fmt: skip
    return {paper: pattern.format(n) for n, paper in enumerate(papers, first)}


def _branch_resolution(day):
    return f"Nghị quyết Chi bộ tháng {day:%m/%Y}"


def seed_candidates(branch, users, today, school_end):
    """Create the cast's students and take each through the pipeline; return their number."""
    season = Season(today, school_end)
    timelines = {part.name: timeline(part, season) for part in CAST}
    walker = Walker(branch, users, today, timelines)
    classes = {c.name: c for c in SchoolClass.objects.filter(branch=branch)}
    for index, part in enumerate(CAST):
        t = timelines[part.name]
        student = _student(branch, classes[class_name(part, season)], part, t, season, index)
        introducer = walker.introducers[index % len(walker.introducers)]
        candidate = walker.walk(part, t, student, introducer)
        if part.transfer_after and today > school_end:
            on = workday_on_or_before(school_end + timedelta(days=part.transfer_after))
            if on <= today:
                walker.transfer(candidate, on)
    return len(CAST)


def _student(branch, school_class, part, t, season, index):
    """The cast member's student record; an older student came to the school earlier."""
    born = add_months(t.adult, -216)
    grade = school_class.grade
    extra_years = max(0, usual_birth_year(season.today, grade) - born.year)
    first_year = school_year_start(season.today) - (grade - 10) - extra_years
    return Student.objects.create(
        branch=branch,
        student_code=f"0480{grade:02d}99{index:04d}",
        full_name=part.name,
        date_of_birth=born,
        gender=Student.Gender.FEMALE if part.female else Student.Gender.MALE,
        school_class=school_class,
        place_of_birth="Đà Nẵng",
        hometown="Đà Nẵng",
        residence="Phường An Hải",
        entered_school_on=date(first_year, 9, 5),
        youth_union_joined_on=date(born.year + 15, 3, 26),
        study_result=part.results[0],
        conduct_result=part.results[1],
        ethnicity="Kinh",
        religion="Không",
        national_id=national_id(born, part.female, 900000 + index),
    )
