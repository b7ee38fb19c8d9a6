from .navigation import menu, nav_for


def navigation(request):
    scope = getattr(request, "scope", None)
    if scope is None or not request.user.is_authenticated:
        return {}
    items = nav_for(scope, request.path)
    return {"scope": scope, "nav_items": items, "nav_menu": menu(items)}
