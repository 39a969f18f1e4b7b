"""Party dues pages: the branches in sight, a branch's dues (arrears, a payment form, the
bank statement import, the arrears download), a member's dues page (the annual statement,
printable and as XLSX; the category and income form for those who keep the books) and the
party member's own dues."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core import downloads as exports
from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.freetext import form_refusal
from shequ.core.kit import Column, ListPage, act, save_form
from shequ.core.params import year_param
from shequ.territory.filters import AreaFiltered

from . import selectors, services
from .forms import BranchFilterForm, PaymentForm, ProfileForm, ReasonForm, StatementForm
from .policies import Action, dues_policy


def _branch_url(org_id) -> str:
    return reverse("membership:branch-dues", args=[org_id])


def _member_url(member_id) -> str:
    return reverse("membership:member-dues", args=[member_id])


class BranchList(AreaFiltered, ListPage):
    title = gettext_lazy("Party dues")
    action = Action.VIEW_BRANCH
    columns = [
        Column(gettext_lazy("Party organisation"), "name", link=lambda o: _branch_url(o.pk)),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Area"), "area.name"),
        Column(pgettext_lazy("count", "Party members"), "member_count"),
    ]
    row_key, empty_text = "branch", gettext_lazy("No party organisation with members in sight.")
    filter_form = BranchFilterForm

    def rows(self, filters):
        return self.in_area(selectors.branch_list(actor=self.request.user), filters)

    def actions(self):
        yield _("Membership transfers"), reverse("membership:transfer-list")
        yield _("Branch posts"), reverse("membership:post-list")


def _owed_xlsx(request, org, lines):
    return exports.table(
        actor=request.user, name=f"dues-arrears-{org.pk}", fmt="xlsx",
        header=[_("Member reference"), _("Name"), _("Monthly dues"), _("Months unpaid"),
                _("First unpaid month"), _("Owed (yuan)")],
        rows=([line.pk, line.name, str(line.monthly), len(line.unpaid_months),
               f"{line.unpaid_months[0]:%Y-%m}", str(line.owed)] for line in lines))


@login_required
@require_GET
def branch_dues(request, org_id):
    """A branch's members with their monthly dues and what they owe; ``?arrears=1`` lists
    only those who owe, ``format=xlsx`` downloads the arrears."""
    user = request.user
    org = selectors.branch_get_for_actor(user, org_id)
    lines = selectors.branch_dues(actor=user, org=org)
    owing = sorted((line for line in lines if line.unpaid_months),
                   key=lambda line: (-len(line.unpaid_months), line.name))
    if request.GET.get("format") == "xlsx":
        return _owed_xlsx(request, org, owing)
    manage = dues_policy.can(user, Action.MANAGE_DUES, org.path)
    shown = owing if request.GET.get("arrears") == "1" else lines
    return render(request, "membership/branch_dues.html", {
        "org": org, "lines": shown, "arrears_only": request.GET.get("arrears") == "1",
        "owing": len(owing), "owed_total": sum((line.owed for line in owing), selectors.ZERO),
        "manage": manage,
        "payment_form": PaymentForm(members=[line.member for line in lines if line.profile],
                                    initial={"month": timezone.localdate().replace(day=1)})
        if manage else None,
        "statement_form": StatementForm() if manage else None,
        "manage_transfers": dues_policy.can(user, Action.MANAGE_TRANSFERS, org.path)})


@login_required
@require_POST
def payment_new(request, org_id):
    org = selectors.branch_get_for_actor(request.user, org_id)
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_refusal(form))
        return redirect(_branch_url(org.pk))
    data = dict(form.cleaned_data)
    member = selectors.member_by_id(data.pop("member"))
    return act(request, services.dues_pay,
               _("The payment of %(name)s is recorded.") % {"name": member},
               _branch_url(org.pk), org=org, member=member, **data)


@login_required
@require_POST
def statement_import(request, org_id):
    """Import a bank statement: all rows or none; the failing rows are listed."""
    from .statement import read_statement

    user = request.user
    org = selectors.branch_get_for_actor(user, org_id)
    dues_policy.require(user, Action.MANAGE_DUES, org.path)
    form = StatementForm(request.POST, request.FILES)
    problems, result = [], None
    if form.is_valid():
        f = form.cleaned_data["file"]
        try:
            result = services.dues_import(actor=user, org=org,
                                          rows=read_statement(f.read(), f.name))
        except services.StatementRefused as exc:
            problems = exc.problems
            form.add_error("file", exc.message)
        except (NotFound, Forbidden):
            raise
        except DomainError as exc:  # the file itself: unreadable, too large, empty
            form.add_error("file", exc.message)
    if result is not None:
        messages.success(request, _("%(n)d payment(s) imported, %(total)s yuan.")
                         % {"n": result.count, "total": result.total})
        return redirect(_branch_url(org.pk))
    return render(request, "membership/statement_problems.html",
                  {"org": org, "form": form, "problems": problems}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def member_dues(request, member_id):
    """A member's dues page: the annual statement (print it, or ``format=xlsx``), their
    category, and — for the member — the income base; those who keep the branch's books
    see it masked with an audited reveal and set the category and income here."""
    user = request.user
    member = selectors.member_dues_get(user, member_id)
    manage = dues_policy.can(user, Action.MANAGE_DUES, member.org.path)
    form = None
    if request.method == "POST":
        if not manage:
            raise Forbidden()
        form = ProfileForm(request.POST)
        if form.is_valid() and save_form(form, services.dues_profile_set, actor=user,
                                         member=member, **form.cleaned_data):
            messages.success(request, _("The dues are set."))
            return redirect(_member_url(member.pk))
    year = year_param(request.GET.get("year"))
    if request.GET.get("format") == "xlsx":
        statement = selectors.annual_statement(member=member, year=year)
        return exports.table(
            actor=user, name=f"dues-statement-{member.pk}-{year}", fmt="xlsx",
            header=[_("Month"), _("Due (yuan)"), _("Paid (yuan)"), _("Paid on"), _("Method")],
            rows=([f"{m.month:%Y-%m}", str(m.due or ""), str(m.payment.amount) if m.payment else "",
                   m.payment.paid_on if m.payment else "",
                   m.payment.get_method_display() if m.payment else ""]
                  for m in statement.months))
    return _dues_page(request, member, year=year, form=form)


def _dues_page(request, member, *, year, form=None, revealed=None, reveal_form=None):
    """The statement page: the member reads their own income base; a book-keeper reads it
    masked with the reveal form (``revealed`` once the audited reveal gave it)."""
    user = request.user
    statement = selectors.annual_statement(member=member, year=year)
    profile = statement.profile
    own = selectors.is_own(user, member)
    manage = dues_policy.can(user, Action.MANAGE_DUES, member.org.path)
    if manage and form is None:
        form = ProfileForm(initial={
            "category": profile.category if profile else "employed",
            "since": profile.since if profile else timezone.localdate().replace(day=1)})
    bad = (form is not None and form.errors) or (reveal_form is not None and reveal_form.errors)
    return render(request, "membership/member_dues.html", {
        "member": member, "statement": statement, "profile": profile, "year": year,
        "base": services.profile_base(profile) if profile and own else None,
        "base_masked": "****" if profile and profile.has_base and not own else "",
        "may_reveal": not own and services.can_reveal_base(user, member),
        "revealed": revealed, "reveal_form": reveal_form,
        "reveal_open": reveal_form is not None and revealed is None,
        "form": form, "own": own}, status=400 if bad else 200)


@never_cache
@login_required
@require_POST
def member_base_reveal(request, member_id):
    """The income base in clear on the member's page, in this response only: a reason is
    required and the service (the same as the API's) writes the audit row first."""
    member = selectors.member_dues_get(request.user, member_id)
    form = ReasonForm(request.POST)
    form.is_valid()
    value = save_form(form, services.dues_base_reveal, actor=request.user, member=member,
                      reason=form.cleaned_data.get("reason", ""))
    return _dues_page(request, member, year=year_param(request.GET.get("year")),
                      revealed=None if value is None else str(value), reveal_form=form)


@login_required
@require_GET
def my_dues(request):
    return redirect(_member_url(selectors.my_membership(request.user).pk))
