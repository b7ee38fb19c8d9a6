from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .access import SESSION_KEY


@login_required
@require_POST
def switch_branch(request):
    branch_id = request.POST.get("branch", "")
    if branch_id.isdigit() and any(b.pk == int(branch_id) for b in request.scope.branches):
        request.session[SESSION_KEY] = int(branch_id)
    return HttpResponseRedirect(reverse("home"))


@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
