"""Sign-up pages: a resident's own (by real name, then the code), an invitation's, and the
staff page of a resident's account (invite, unlink). Residents are on phones: one column,
big fields (signup/signup.css)."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from shequ.accounts import services as account_services
from shequ.accounts.roles import Action
from shequ.core.clientip import client_ip
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.registry import selectors as registry_selectors
from shequ.registry.policies import resident_policy

from . import selectors, services
from .forms import AccountForm, StartForm, UnlinkForm, VerifyForm

SESSION_KEY = "signup_challenge"
SESSION_SENT_TO = "signup_sent_to"
BACKEND = "shequ.accounts.backends.LockoutModelBackend"


def _form_error(form, exc: DomainError) -> None:
    fields = {"password": "new_password"}
    field = fields.get(exc.field, exc.field)
    form.add_error(field if field in form.fields else None, exc.message)


def _attempt(form, call):
    """``call(cleaned_data)`` for a valid form; a service's refusal lands on the form.
    Returns (result or None, status)."""
    if not form.is_valid():
        return None, 400
    try:
        return call(form.cleaned_data), 200
    except DomainError as exc:
        _form_error(form, exc)
        return None, exc.status


def _signed_in(request, user) -> None:
    login(request, user, backend=BACKEND)
    account_services.login_succeeded(user=user)
    messages.success(request, _("Your account is ready and linked to your resident record."))


@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    form = StartForm(request.POST or None)
    status = 200
    if request.method == "POST":
        started, status = _attempt(form, lambda d: services.signup_start(
            name=d["name"], id_number=d["id_number"], phone=d["phone"], ip=client_ip(request)))
        if started is not None:
            request.session[SESSION_KEY] = started.key
            request.session[SESSION_SENT_TO] = started.sent_to
            return redirect("signup:verify")
    return render(request, "signup/start.html", {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    key = request.session.get(SESSION_KEY)
    if not key:
        return redirect("signup:start")
    form = VerifyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        user, status = _attempt(form, lambda d: services.signup_complete(
            key=key, code=d["code"], username=d["username"], password=d["new_password"],
            ip=client_ip(request)))
        if user is not None:
            request.session.pop(SESSION_KEY, None)
            _signed_in(request, user)
            return redirect("web:home")
    return render(request, "signup/verify.html",
                  {"form": form, "sent_to": request.session.get(SESSION_SENT_TO, "")},
                  status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    try:
        invitation = services.invitation_for_token(token)
    except DomainError as exc:
        response = render(request, "signup/invitation_invalid.html", {"error": exc},
                          status=exc.status)
        response["Referrer-Policy"] = "no-referrer"
        return response
    form = AccountForm(request.POST or None)
    status = 200
    if request.method == "POST":
        user, status = _attempt(form, lambda d: services.invitation_accept(
            token=token, username=d["username"], password=d["new_password"],
            ip=client_ip(request)))
        if user is not None:
            _signed_in(request, user)
            return redirect("web:home")
    response = render(request, "signup/invitation_accept.html",
                      {"form": form, "name": invitation.resident.name}, status=status)
    response["Referrer-Policy"] = "no-referrer"  # the token is in this page's address
    return response


# -- staff ----------------------------------------------------------------------------------
def _resident(request, resident_id):
    """The resident in the user's scope; NotFound (the middleware's 404) otherwise."""
    return registry_selectors.resident_get_for_actor(request.user, resident_id)


def _account_context(request, resident, **extra) -> dict:
    pending = selectors.pending_invitations(resident)
    return {
        "resident": resident,
        "linked": resident.user,
        "pending_invitations": pending,
        "can_edit": resident_policy.can(request.user, Action.EDIT_PEOPLE, resident),
        "unlink_form": extra.pop("unlink_form", None) or UnlinkForm(),
        **extra,
    }


@login_required
@require_http_methods(["GET"])
def resident_account(request, resident_id):
    resident = _resident(request, resident_id)
    return render(request, "signup/resident_account.html", _account_context(request, resident))


@never_cache
@login_required
@require_POST
def invitation_issue(request, resident_id):
    resident = _resident(request, resident_id)
    try:
        invitation, token = services.invitation_issue(actor=request.user, resident=resident)
    except (NotFound, Forbidden):
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("signup:resident-account", resident_id=resident.pk)
    url = request.build_absolute_uri(reverse("signup:invitation-accept", args=[token]))
    qr = segno.make(url, error="m").svg_data_uri(scale=5, border=2)
    return render(request, "signup/invitation_issued.html",
                  {"resident": resident, "invitation": invitation, "url": url, "qr": qr})


@login_required
@require_POST
def resident_unlink(request, resident_id):
    resident = _resident(request, resident_id)
    form = UnlinkForm(request.POST)
    if form.is_valid():
        try:
            services.resident_unlink(actor=request.user, resident=resident,
                                     reason=form.cleaned_data["reason"])
        except (NotFound, Forbidden):
            raise
        except DomainError as exc:
            form.add_error("reason" if exc.field == "reason" else None, exc.message)
        else:
            messages.success(request, _("The account has been unlinked from this resident."))
            return redirect("signup:resident-account", resident_id=resident.pk)
    resident.refresh_from_db()
    return render(request, "signup/resident_account.html",
                  _account_context(request, resident, unlink_form=form), status=400)
