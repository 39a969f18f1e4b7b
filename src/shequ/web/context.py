"""Template context shared by every page: the navigation registered by the apps, the
signed-in user's scope in one line, and the languages offered by the switch."""

from django.conf import settings

from shequ.core import menus

from .selectors import grants_of


def navigation(request):
    user = getattr(request, "user", None)
    context = {"languages_offered": settings.LANGUAGES}
    if user is None or not user.is_authenticated:
        return context
    items = menus.items_for(user)
    active = _active_key(request.path, items)
    context.update(
        {
            "nav_items": items,
            "nav": menus.nav_for(items),
            "nav_active": active,
            "nav_active_group": next((i["group"] for i in items if i["key"] == active), ""),
            "nav_active_label": next((i["label"] for i in items if i["key"] == active), ""),
            "scope_grants": grants_of(user),
        }
    )
    return context


def _active_key(path: str, items: list[dict]) -> str:
    """The menu entry whose URL is the longest prefix of the current path."""
    best, best_len = "", 0
    for item in items:
        url = item["url"]
        if (path == url or (url != "/" and path.startswith(url))) and len(url) > best_len:
            best, best_len = item["key"], len(url)
    return best
