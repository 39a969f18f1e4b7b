"""Account pages: user administration for the system administrator (list, create, detail
with grants, deactivate / reactivate, password reset), sign-in lockouts and grant approval
for the security administrator, and "My account" for everyone (own password, own tokens,
own grants, second factor).

Views parse input, call one selector or service and render. Scope is enforced below
them: selectors answer NotFound for accounts outside the administrator's care (→ 404),
services raise Forbidden for what the actor may not do at all (→ 403)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.kit import Column, FormPage, ListPage, save_form

from . import otp, selectors, services
from .forms import (
    GrantForm,
    PasswordChangeForm,
    ReasonForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from .policies import account_policy
from .roles import Action


# -- helpers --------------------------------------------------------------------------------
def _require(request, action: str) -> None:
    """The administration pages answer 403 to a role without ``action``."""
    if not account_policy.holds(request.user, action):
        raise Forbidden()


def _account(request, user_id):
    return selectors.user_get_for_actor(request.user, user_id)


def _area(request, area_id):
    """An area inside the administrator's scope, or None (a tampered id)."""
    try:
        return selectors.grantable_area_get(request.user, area_id)
    except NotFound:
        return None


def _areas(request) -> list:
    return list(selectors.grantable_areas(actor=request.user))


def _detail(user_id) -> str:
    return reverse("accounts:user-detail", args=[user_id])


def _roles(account) -> str:
    return "　".join(f"{g.get_role_display()} {g.area.name}" for g in account.grants.all())


# -- user list, create, edit ----------------------------------------------------------------
class UserList(ListPage):
    """Accounts the administrator looks after, searched by username or name, filtered by
    role, area and status; the same rows as a download."""

    title, filter_form, row_key = gettext_lazy("Users and permissions"), UserFilterForm, "user"
    download_name, counted, live = "accounts", True, True
    template_name, rows_template = "accounts/user_list.html", "accounts/_user_rows.html"
    empty_text = gettext_lazy("There are no accounts in your area yet.")
    no_match_text = gettext_lazy(
        "No account matches. Try the beginning of the username, or fewer filters.")
    columns = [
        Column(gettext_lazy("Username"), "username", link=lambda a: _detail(a.pk)),
        Column(gettext_lazy("Display name"), "display_name"),
        Column(gettext_lazy("Roles and areas"), _roles),
        Column(gettext_lazy("Home area"), "home_area.name"),
        Column(gettext_lazy("Active"), "is_active"),
        Column(gettext_lazy("Last sign-in"), "last_login"),
    ]

    def check(self):
        _require(self.request, Action.MANAGE_ACCOUNTS)

    def filter_form_kwargs(self):
        return {"areas": _areas(self.request)}

    def count_text(self, n, capped):
        shown = f"{n:,}+" if capped else f"{n:,}"
        return ngettext("%(shown)s account", "%(shown)s accounts", n) % {"shown": shown}

    def rows(self, d):
        return selectors.user_list(actor=self.request.user, filters=selectors.UserFilters(
            q=d.get("q", ""), role=d.get("role", ""), status=d.get("status", ""),
            area=_area(self.request, d["area"]) if d.get("area") else None))

    def actions(self):
        yield _("New account"), reverse("accounts:user-create")

    def context(self):
        return {"pager_path": self.request.path}


class UserCreate(FormPage):
    form_class, title = UserCreateForm, gettext_lazy("New account")
    success_message = ""

    def check(self, obj):
        _require(self.request, Action.MANAGE_ACCOUNTS)

    def initial(self, obj):
        areas = _areas(self.request)
        return {"home_area": str(areas[0].pk)} if areas else {}

    def form_kwargs(self, obj):
        return {"areas": _areas(self.request)}

    def save(self, obj, d):
        request = self.request
        home_area = _area(request, d["home_area"])
        try:
            account = services.user_create(
                actor=request.user, username=d["username"], email=d["email"],
                display_name=d["display_name"], home_area=home_area, phone=d["phone"],
                grants=[(d["role"], home_area)] if d["role"] and home_area else [],
                site=request.build_absolute_uri("/"))
        except DomainError as exc:
            if exc.field == "area":  # the first role is granted over the home area
                exc.field = "role"
            raise
        messages.success(request, _(
            "The account %(username)s has been created; a link to choose its "
            "password has been sent to %(sent_to)s.")
            % {"username": account.username, "sent_to": services.contact_of(account)})
        return account

    def success_url(self, account):
        return _detail(account.pk)

    def back_url(self, obj):
        return reverse("accounts:user-list")


class UserEdit(FormPage):
    form_class = UserEditForm
    success_message = gettext_lazy("The changes have been saved.")

    def get_object(self):
        return _account(self.request, self.kwargs["user_id"])

    def initial(self, account):
        return {"display_name": account.display_name, "email": account.email,
                "home_area": str(account.home_area_id or "")}

    def form_kwargs(self, obj):
        return {"areas": _areas(self.request)}

    def save(self, account, d):
        phone = "" if d["clear_phone"] else (d["phone"] or None)
        return services.user_update(actor=self.request.user, user=account,
                                    display_name=d["display_name"], email=d["email"],
                                    phone=phone, home_area=_area(self.request, d["home_area"]))

    def success_url(self, account):
        return _detail(account.pk)

    back_url = success_url

    def page_title(self, account):
        return f"{_('Edit')} {account}"


# -- user detail, edit, grants --------------------------------------------------------------
def _detail_context(request, account, **extra) -> dict:
    is_self = account.pk == request.user.pk
    operator_managed = selectors.is_operator_managed(account)
    return {
        "account": account,
        "grants": list(account.grants.all()),
        "is_self": is_self,
        "operator_managed": operator_managed,
        "can_manage": not is_self and not operator_managed,
        "locked_out": services.is_locked_out(account.username),
        "grant_form": extra.pop("grant_form", None) or GrantForm(areas=_areas(request)),
        "reason_form": ReasonForm(),
        "can_reveal": account_policy.can(request.user, Action.MANAGE_ACCOUNTS, account)
        and not operator_managed,
        **extra,
    }


@login_required
@require_GET
def user_detail(request, user_id):
    account = _account(request, user_id)
    return render(request, "accounts/user_detail.html", _detail_context(request, account))


@login_required
@require_POST
def grant_add(request, user_id):
    account = _account(request, user_id)
    form = GrantForm(request.POST, areas=_areas(request))
    if form.is_valid():
        area = _area(request, form.cleaned_data["area"])
        if area is None:
            form.add_error("area", _("This area is outside the area you administer."))
        elif grant := save_form(form, services.grant_add, actor=request.user, user=account,
                                role=form.cleaned_data["role"], area=area):
            messages.success(request, _("%(role)s over %(area)s has been granted.")
                             % {"role": grant.get_role_display(), "area": grant.area.name})
            return redirect(_detail(account.pk))
    account = _account(request, user_id)  # grants as they are now
    context = _detail_context(request, account, grant_form=form, grant_open=True)
    return render(request, "accounts/user_detail.html", context, status=400)


@never_cache
@login_required
@require_POST
def user_phone_reveal(request, user_id):
    """The account's phone in clear on its page, once, in this response only: a reason is
    required and the same service as the API writes the audit row before the value is
    shown. Anyone who may not manage the account is refused by the service (403/404)."""
    account = _account(request, user_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    phone = save_form(form, services.user_phone_reveal, actor=request.user, user=account,
                      reason=form.cleaned_data.get("reason", ""))
    context = _detail_context(request, account, revealed_phone=phone or "", reveal_form=form,
                              reveal_open=phone is None)
    return render(request, "accounts/user_detail.html", context,
                  status=200 if phone is not None else 400)


@login_required
@require_POST
def grant_remove(request, user_id, grant_id):
    account = _account(request, user_id)
    grant = selectors.grant_get_for_actor(request.user, user=account, grant_id=grant_id)
    services.grant_remove(actor=request.user, grant=grant)
    messages.success(request, _("%(role)s over %(area)s has been removed.")
                     % {"role": grant.get_role_display(), "area": grant.area.name})
    return redirect("accounts:user-detail", user_id=account.pk)


# -- status and password ----------------------------------------------------------------------
def _status_change(request, user_id, service, done_message: str):
    account = _account(request, user_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        service(actor=request.user, user=account, reason=form.cleaned_data.get("reason", ""))
    except Forbidden:
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done_message % {"username": account.username})
    return redirect("accounts:user-detail", user_id=account.pk)


@login_required
@require_POST
def user_deactivate(request, user_id):
    return _status_change(request, user_id, services.user_deactivate,
                          _("%(username)s can no longer sign in."))


@login_required
@require_POST
def user_reactivate(request, user_id):
    return _status_change(request, user_id, services.user_reactivate,
                          _("%(username)s can sign in again."))


@login_required
@require_POST
def user_password_reset(request, user_id):
    """The user gets a one-time link; the administrator learns only where it went."""
    account = _account(request, user_id)
    try:
        sent_to = services.user_password_reset(actor=request.user, user=account,
                                               site=request.build_absolute_uri("/"))
    except Forbidden:
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:user-detail", user_id=account.pk)
    return render(request, "accounts/password_reset_done.html",
                  {"account": account, "sent_to": sent_to})


# -- lockouts (security administrator) ---------------------------------------------------------
@login_required
@require_GET
def lockout_list(request):
    _require(request, Action.MANAGE_SECURITY)
    return render(request, "accounts/lockout_list.html",
                  {"lockouts": selectors.lockout_list(actor=request.user)})


@login_required
@require_POST
def lockout_clear(request):
    _require(request, Action.MANAGE_SECURITY)
    username = (request.POST.get("username") or "").strip()[:150]
    services.lockout_clear(actor=request.user, username=username)
    messages.success(request, _("%(username)s may sign in again.") % {"username": username})
    return redirect("accounts:lockout-list")


@login_required
@require_POST
def second_factor_reset(request):
    """A lost phone: the security administrator removes the account's second factor."""
    _require(request, Action.MANAGE_SECURITY)
    username = (request.POST.get("username") or "").strip()[:150]
    reason = (request.POST.get("reason") or "").strip()[:300]
    try:
        otp.second_factor_reset(actor=request.user, username=username, reason=reason)
    except NotFound as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(username)s sets up two-step sign-in again at the next "
                                    "sign-in.") % {"username": username})
    return redirect("accounts:lockout-list")


# -- grant approval (security administrator) ---------------------------------------------------
@login_required
@require_GET
def grant_pending_list(request):
    _require(request, Action.MANAGE_SECURITY)
    return render(request, "accounts/grant_pending_list.html",
                  {"grants": list(selectors.pending_grant_list(actor=request.user)),
                   "reason_form": ReasonForm()})


def _decide(request, grant_id, decide, done_message: str):
    _require(request, Action.MANAGE_SECURITY)
    try:
        grant = selectors.pending_grant_get_for_actor(request.user, grant_id)
        decide(grant)
    except (NotFound, Forbidden):
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done_message % {
            "role": grant.get_role_display(), "area": grant.area.name,
            "username": grant.user.username})
    return redirect("accounts:grant-pending-list")


@login_required
@require_POST
def grant_approve(request, grant_id):
    return _decide(request, grant_id,
                   lambda g: services.grant_approve(actor=request.user, grant=g),
                   _("%(username)s now holds %(role)s over %(area)s."))


@login_required
@require_POST
def grant_reject(request, grant_id):
    form = ReasonForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    return _decide(request, grant_id,
                   lambda g: services.grant_reject(actor=request.user, grant=g, reason=reason),
                   _("%(role)s over %(area)s for %(username)s has been refused."))


# -- my account ---------------------------------------------------------------------------------
@login_required
@require_GET
def my_account(request):
    user = request.user
    return render(request, "accounts/my_account.html", {
        "grants": selectors.own_grants(user),
        "tokens": list(selectors.own_tokens(user)),
        "otp_enrolled": otp.enrolled(user),
        "otp_required": otp.required_for(user),
        "recovery_left": otp.recovery_codes_left(user),
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_password(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if save_form(form, services.user_password_change, user=request.user,
                     old_password=d["old_password"], new_password=d["new_password"]):
            update_session_auth_hash(request, request.user)  # stay signed in here
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:my-account")
    return render(request, "accounts/my_password.html", {"form": form},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def my_token_revoke(request, token_id):
    token = selectors.own_token_get(request.user, token_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The API token %(name)s has been revoked.")
                     % {"name": token.name})
    return redirect("accounts:my-account")
