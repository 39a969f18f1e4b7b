"""Configuration pages for district administrators: ledger categories, the districts'
early-warning rules and thresholds, and the working-day calendar. Every change goes
through a service that checks the right and writes the audit row; anyone without
``manage_categories`` is told the pages do not exist."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.errors import DomainError, Forbidden
from shequ.core.params import int_param

from .. import selectors, services
from ..forms import CategoryForm, HolidayForm, WarningRuleForm
from ..models import Ledger, WarningLevel
from ..policies import Action, case_policy


def _need_manager(user):
    if not case_policy.holds(user, Action.MANAGE_CATEGORIES):
        raise Http404()


def _field_error(form, exc: DomainError):
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


@login_required
@require_GET
def settings_home(request):
    _need_manager(request.user)
    return redirect("ledgers:category-list")


# -- categories ------------------------------------------------------------------------------
@login_required
@require_GET
def category_list(request):
    _need_manager(request.user)
    return render(request, "ledgers/config_categories.html", {
        "categories": list(selectors.categories_for_manager(request.user)), "tab": "categories"})


@login_required
@require_http_methods(["GET", "POST"])
def category_new(request):
    _need_manager(request.user)
    form = CategoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("Category “%(name)s” created.") % {"name": category.name})
            return redirect("ledgers:category-list")
    status = 400 if form.is_bound else 200
    return render(request, "ledgers/config_category_form.html",
                  {"form": form, "category": None, "tab": "categories"}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def category_edit(request, category_id):
    _need_manager(request.user)
    category = selectors.category_get_for_manager(request.user, category_id)
    initial = {k: getattr(category, k) for k in (
        "name", "ledger", "deadline_working_days", "public", "is_active", "description",
        "keywords", "order")}
    form = CategoryForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=category,
                                     **form.cleaned_data)
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("ledgers:category-list")
    status = 400 if form.is_bound else 200
    return render(request, "ledgers/config_category_form.html",
                  {"form": form, "category": category, "tab": "categories"}, status=status)


# -- warning rules ---------------------------------------------------------------------------
@login_required
@require_GET
def rule_list(request):
    _need_manager(request.user)
    districts = [(d, selectors.rule_settings(d)) for d in selectors.rule_districts(request.user)]
    return render(request, "ledgers/config_rules.html", {
        "districts": districts, "levels": WarningLevel.choices, "ledgers": Ledger.choices,
        "tab": "rules"})


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request, district_id, kind):
    _need_manager(request.user)
    district = selectors.rule_district_get(request.user, district_id)
    rule = selectors.rule_setting(district, kind)
    initial = {"is_active": rule.active, "level": rule.level,
               **{name: value for name, _spec, value, _default in rule.params}}
    form = WarningRuleForm(request.POST or None, initial=initial, params=rule.params,
                           tags=selectors.tag_choices())
    if request.method == "POST" and form.is_valid():
        try:
            services.warning_rule_set(actor=request.user, district=district, kind=kind,
                                      level=form.cleaned_data["level"], params=form.params(),
                                      is_active=form.cleaned_data["is_active"])
        except Forbidden:
            raise  # answered by core.middleware.DomainErrorMiddleware
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("ledgers:rule-list")
    status = 400 if form.is_bound else 200
    return render(request, "ledgers/config_rule_form.html", {
        "form": form, "district": district, "rule": rule, "tab": "rules"}, status=status)


# -- working-day calendar --------------------------------------------------------------------
def _year(request) -> int:
    return int_param(request.GET.get("year") or request.POST.get("year"), least=2000,
                     most=2100, default=dt.date.today().year)


def _holiday_page(request, form, status=200):
    year = _year(request)
    return render(request, "ledgers/config_holidays.html", {
        "form": form, "year": year, "years": selectors.holiday_years(),
        "days": list(selectors.holiday_list(year=year)), "tab": "holidays"}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def holiday_list(request):
    """GET: the year's holidays and make-up days. POST: declare one day."""
    _need_manager(request.user)
    form = HolidayForm(request.POST or None)
    if request.method != "POST":
        return _holiday_page(request, form)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.holiday_set(actor=request.user, date=d["date"],
                                 is_workday=d["is_workday"], name=d["name"])
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{request.path}?year={d['date'].year}")
    return _holiday_page(request, form, status=400)


@login_required
@require_POST
def holiday_remove(request):
    _need_manager(request.user)
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        raise Http404() from None
    services.holiday_remove(actor=request.user, date=day)
    messages.success(request, _("%(date)s is an ordinary day again.") % {"date": day})
    return redirect(f"{reverse('ledgers:holiday-list')}?year={day.year}")
