"""The access log: sign-ins (failed ones too), sign-outs, views of sensitive personal data and
downloads, for the secretary to read; never a sensitive value in it."""

from django.urls import reverse

from accounts.models import AccessLog
from tests.factories import ConsentFactory, StudentFactory

Kind = AccessLog.Kind
URL = reverse("access_log")


def kinds():
    return list(AccessLog.objects.order_by("pk").values_list("kind", flat=True))


def test_sign_in_failed_sign_in_and_sign_out_are_logged(client, secretary, password, branch):
    client.post(reverse("login"), {"username": secretary.username, "password": "sai-mat-khau"})
    client.post(reverse("login"), {"username": "khong-co-ai", "password": "sai-mat-khau"})
    client.post(reverse("login"), {"username": secretary.username, "password": password})
    client.post(reverse("logout"))
    assert kinds() == [Kind.LOGIN_FAILED, Kind.LOGIN_FAILED, Kind.LOGIN, Kind.LOGOUT]
    failed = AccessLog.objects.filter(kind=Kind.LOGIN_FAILED).order_by("pk")
    assert [f.username for f in failed] == [secretary.username, "khong-co-ai"]
    assert all(f.user is None and f.ip == "127.0.0.1" for f in failed)
    values = AccessLog.objects.values_list("username", "path", "subject")
    assert not any("sai-mat-khau" in " ".join(row) or password in " ".join(row) for row in values)
    login = AccessLog.objects.get(kind=Kind.LOGIN)
    assert (login.user, login.branch) == (secretary, branch)


def test_a_view_of_sensitive_data_names_the_student_not_the_data(
    login, secretary, teacher_12a1, class_12a1
):
    student = StudentFactory(
        school_class=class_12a1, full_name="Hồ Thị An", ethnicity="Cơ Tu", religion="Công giáo"
    )
    ConsentFactory(student=student)
    url = reverse("candidates:student_detail", args=[student.pk])
    assert "Cơ Tu" in login(secretary).get(url).content.decode()
    entry = AccessLog.objects.get(kind=Kind.SENSITIVE_VIEW)
    assert (entry.user, entry.subject, entry.path) == (secretary, "Hồ Thị An", url)
    rows = " ".join(str(v) for row in AccessLog.objects.values_list() for v in row)
    assert "Cơ Tu" not in rows and "Công giáo" not in rows
    # The homeroom teacher's page leaves the sensitive fields out: nothing to log.
    assert login(teacher_12a1).get(url).status_code == 200
    assert AccessLog.objects.filter(kind=Kind.SENSITIVE_VIEW).count() == 1


def test_a_download_is_logged_with_its_file_name(login, secretary):
    response = login(secretary).get(reverse("reports:draft_file", args=["source-list", "xlsx"]))
    assert response.status_code == 200
    entry = AccessLog.objects.get(kind=Kind.DOWNLOAD)
    assert entry.subject.endswith(".xlsx") and entry.user == secretary


def test_the_secretary_reads_the_log_of_the_branch_only(
    client, login, secretary, committee_member, outsider, password
):
    client.post(reverse("login"), {"username": outsider.username, "password": "sai-mat-khau"})
    client.post(reverse("login"), {"username": secretary.username, "password": "sai-mat-khau"})
    page = login(secretary).get(URL)
    html = page.content.decode()
    failed = [e.username for e in page.context["page"] if e.kind == Kind.LOGIN_FAILED]
    assert failed == [secretary.username]  # an outsider's failed sign-in is another branch's
    assert 'data-kind="login_failed"' in html and "Đăng nhập không thành công" in html
    sign_ins = login(secretary).get(URL, {"kind": "login"}).context["page"]
    assert {e.kind for e in sign_ins} == {Kind.LOGIN}  # the test client's sign-ins
    assert login(committee_member).get(URL).status_code == 403


def test_the_log_is_paged_and_the_pages_keep_the_filter(login, secretary, branch):
    AccessLog.objects.bulk_create(
        AccessLog(kind=Kind.LOGIN, user=secretary, username=secretary.username, branch=branch)
        for _ in range(60)
    )
    client = login(secretary)
    first = client.get(URL, {"kind": "login"})
    assert len(first.context["page"]) == 50
    assert 'href="?kind=login&page=2"' in first.content.decode()
    second = client.get(URL, {"kind": "login", "page": 2})
    assert len(second.context["page"]) == 11  # 60 and the test client's own sign-in
