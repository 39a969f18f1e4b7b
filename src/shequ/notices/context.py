"""The unread badge in the top bar, on every page a signed-in user sees."""

from .selectors import unread_count


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable: the template calls it only where the top bar is drawn, so a fragment (a
    # live search's results, a progress poll) costs no query.
    return {"unread_notifications": lambda: unread_count(user)}
