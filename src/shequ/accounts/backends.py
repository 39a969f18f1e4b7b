"""Authentication backend that enforces the login lockout for every caller of
``django.contrib.auth.authenticate`` (web login, API token exchange, anything else)."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import services


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and services.is_locked_out(username):
            raise PermissionDenied("locked out")  # authenticate() then returns None at once
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username:
            services.login_failure_record(
                username=username, ip=request.META.get("REMOTE_ADDR") if request else None
            )
        return user
