"""Pages of signing in beyond the password: choosing a password through a one-time reset
link, enrolling an authenticator app (QR code, recovery codes shown once), and giving the
second factor after the password. The rules live in ``services`` and ``otp``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from shequ.core.clientip import client_ip
from shequ.core.errors import DomainError, NotFound

from . import otp, services
from .forms import OtpForm, PasswordSetForm


@never_cache
@sensitive_post_parameters("new_password", "new_password2")
@require_http_methods(["GET", "POST"])
def password_reset_confirm(request, uidb64, token):
    """The page a reset link opens; a used, expired or made-up link gets one answer."""
    try:
        account = services.password_reset_user(uidb64=uidb64, token=token)
    except NotFound:
        return render(request, "accounts/password_reset_invalid.html", status=404)
    form = PasswordSetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.password_reset_complete(uidb64=uidb64, token=token,
                                                 new_password=form.cleaned_data["new_password"])
            except NotFound:
                return render(request, "accounts/password_reset_invalid.html", status=404)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Your password has been set. Sign in with it."))
                return redirect("web:login")
        status = 400
    response = render(request, "accounts/password_reset_confirm.html",
                      {"form": form, "account": account}, status=status)
    response["Referrer-Policy"] = "no-referrer"  # the token is in this page's address
    return response


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return "web:home"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code, confirm with the first code; the
    recovery codes are shown on the response to that confirmation only. Once enrolled, a
    new enrolment needs this session to have given the second factor."""
    user = request.user
    if otp.enrolled(user) and not user.is_verified():
        return redirect("accounts:otp-verify")
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                codes = otp.enrolment_confirm(user=user, code=form.cleaned_data["code"])
            except DomainError as exc:
                form.add_error("code", exc.message)
            else:
                device = otp.verify_enrolled_device(user)
                otp_login(request, device)
                return render(request, "accounts/otp_recovery_codes.html", {"codes": codes})
        status = 400
    device = otp.enrolment_device(user)
    return render(request, "accounts/otp_setup.html",
                  {"form": form, "secret": otp.secret_of(device),
                   "required": otp.required_for(user)}, status=status)


@never_cache
@login_required
@require_GET
def otp_qr(request):
    """The enrolment QR code as an SVG image of its own (a page with a data: URL or an
    inline SVG would need a looser Content-Security-Policy)."""
    user = request.user
    if otp.enrolled(user) and not user.is_verified():  # as on the enrolment page itself
        raise Http404()
    return HttpResponse(otp.qr_svg(otp.enrolment_device(user)), content_type="image/svg+xml")


@never_cache
@sensitive_post_parameters("code")
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step of signing in. A wrong code counts towards the sign-in lockout;
    at the lockout the session is signed out."""
    user = request.user
    if not otp.enrolled(user):
        return redirect("accounts:otp-setup")
    if user.is_verified():
        return redirect(_next(request))
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if services.is_locked_out(user.username):
            from django.contrib.auth import logout

            logout(request)
            return redirect("web:login")
        if form.is_valid():
            device = otp.verify(user=user, code=form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                services.login_succeeded(user=user, step="otp")
                return redirect(_next(request))
            services.login_failure_record(username=user.username, ip=client_ip(request),
                                          step="otp")
            form.add_error("code", _("The code is not correct."))
        status = 400
    return render(request, "accounts/otp_verify.html", {"form": form}, status=status)
