from .navigation import nav_for


def navigation(request):
    scope = getattr(request, "scope", None)
    if scope is None or not request.user.is_authenticated:
        return {}
    return {"scope": scope, "nav_items": nav_for(scope, request.path)}
