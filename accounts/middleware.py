from django.utils.functional import SimpleLazyObject

from .access import scope_for


class CurrentBranchMiddleware:
    """Puts `request.scope` (branch and roles) on every request, loaded only when used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.scope = SimpleLazyObject(lambda: scope_for(request.user, request.session))
        return self.get_response(request)
