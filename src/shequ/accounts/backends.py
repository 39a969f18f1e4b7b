"""Authentication backend that enforces the login lockout for every caller of
``django.contrib.auth.authenticate`` (web login, API token exchange, anything else), and
audits each password sign-in, successful or not."""

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from shequ.core.clientip import client_ip

from . import services


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and services.is_locked_out(username):
            services.login_failure_record(username=username, ip=client_ip(request),
                                          counted=False)
            raise PermissionDenied("locked out")  # authenticate() then returns None at once
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and username:
            services.login_failure_record(username=username, ip=client_ip(request))
        elif user is not None:
            services.login_succeeded(user=user)
        return user
