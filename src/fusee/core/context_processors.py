from django.http import HttpRequest

from fusee.core.navigation import items_for


def navigation(request: HttpRequest) -> dict:
    if not request.user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": items_for(request.user)}
