"""Configuration pages for district administrators: ledger categories, the districts'
early-warning rules and thresholds, and the working-day calendar. Every change goes
through a service that checks the right and writes the audit row; anyone without
``manage_categories`` is told the pages do not exist."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import Column, FormPage, ListPage, act, need, save_form
from shequ.core.params import int_param

from .. import selectors, services
from ..forms import CategoryForm, HolidayForm, WarningRuleForm
from ..models import Ledger, WarningLevel
from ..policies import Action


def _need_manager(user):
    need(user, Action.MANAGE_CATEGORIES)


@login_required
@require_GET
def settings_home(request):
    _need_manager(request.user)
    return redirect("ledgers:category-list")


# -- categories ------------------------------------------------------------------------------
def _days(c) -> str:
    n = c.deadline_working_days
    return ngettext("%(n)s working day", "%(n)s working days", n) % {"n": n}


class CategoryList(ListPage):
    """Every category, inactive ones too, by ledger and order."""

    title, action, row_key = gettext_lazy("Ledger settings"), Action.MANAGE_CATEGORIES, "category"
    empty_text, template_name = gettext_lazy("No categories."), "ledgers/config_categories.html"
    columns = [
        Column(gettext_lazy("Name"), "name",
               link=lambda c: reverse("ledgers:category-edit", args=[c.pk])),
        Column(gettext_lazy("Ledger"), "get_ledger_display"),
        Column(gettext_lazy("Deadline (working days)"), _days),
        Column(gettext_lazy("Code"), "code"),
        Column(gettext_lazy("public"), "public"),
        Column(gettext_lazy("Active"), "is_active"),
    ]

    def rows(self, filters):
        return selectors.categories_for_manager(self.request.user)

    def actions(self):
        yield _("New category"), reverse("ledgers:category-new")

    def context(self):
        return {"tab": "categories"}


class CategoryNew(FormPage):
    form_class, action = CategoryForm, Action.MANAGE_CATEGORIES
    title = gettext_lazy("New category")

    def save(self, obj, data):
        return services.category_create(actor=self.request.user, **data)

    def success_text(self, category):
        return _("Category “%(name)s” created.") % {"name": category.name}

    def success_url(self, row):
        return reverse("ledgers:category-list")

    def back_url(self, obj):
        return reverse("ledgers:category-list")


class CategoryEdit(CategoryNew):
    fields = ("name", "ledger", "deadline_working_days", "public", "is_active", "description",
              "keywords", "order")
    success_message = gettext_lazy("Saved.")

    def get_object(self):
        return selectors.category_get_for_manager(self.request.user, self.kwargs["category_id"])

    def form_kwargs(self, category):
        return {"editing": True}

    def initial(self, category):
        return {k: getattr(category, k) for k in self.fields}

    def save(self, category, data):
        return services.category_update(actor=self.request.user, category=category, **data)

    def success_text(self, category):
        return self.success_message

    def page_title(self, category):
        return _("Edit “%(name)s”") % {"name": category.name}

    def context(self, category):
        return {"hint": f"{_('Code')}: {category.code}"}


# -- warning rules ---------------------------------------------------------------------------
@login_required
@require_GET
def rule_list(request):
    _need_manager(request.user)
    districts = [(d, selectors.rule_settings(d)) for d in selectors.rule_districts(request.user)]
    return render(request, "ledgers/config_rules.html", {
        "districts": districts, "levels": WarningLevel.choices, "ledgers": Ledger.choices,
        "tab": "rules"})


class RuleEdit(FormPage):
    """One district's settings of one warning rule (level, thresholds, on/off)."""

    form_class, action = WarningRuleForm, Action.MANAGE_CATEGORIES
    success_message = gettext_lazy("Saved.")

    def get_object(self):
        district = selectors.rule_district_get(self.request.user, self.kwargs["district_id"])
        return district, selectors.rule_setting(district, self.kwargs["kind"])

    def initial(self, obj):
        _district, rule = obj
        return {"is_active": rule.active, "level": rule.level,
                **{name: value for name, _spec, value, _default in rule.params}}

    def form_kwargs(self, obj):
        return {"params": obj[1].params, "tags": selectors.tag_choices()}

    def save(self, obj, data):
        district, rule = obj
        services.warning_rule_set(actor=self.request.user, district=district, kind=rule.kind,
                                  level=data["level"], params=WarningRuleForm.params(data),
                                  is_active=data["is_active"])
        return rule

    def success_url(self, rule):
        return reverse("ledgers:rule-list")

    def back_url(self, obj):
        return reverse("ledgers:rule-list")

    def page_title(self, obj):
        return obj[1].label

    def context(self, obj):
        district, rule = obj
        hint = _("Applies to every case of %(district)s.") % {"district": district.name}
        if rule.updated_at:
            at = timezone.localtime(rule.updated_at).strftime("%Y-%m-%d %H:%M")
            hint += " " + _("Last changed %(at)s.") % {"at": at}
        return {"hint": hint}


# -- working-day calendar --------------------------------------------------------------------
def _year(request) -> int:
    return int_param(request.GET.get("year") or request.POST.get("year"), least=2000,
                     most=2100, default=dt.date.today().year)


class HolidayList(ListPage):
    """GET: the year's holidays and make-up days. POST: declare one day (its errors shown
    on the page, 400)."""

    title, action, row_key = gettext_lazy("Ledger settings"), Action.MANAGE_CATEGORIES, "day"
    empty_text = gettext_lazy("No holidays declared for this year.")
    template_name, page_size = "ledgers/config_holidays.html", 60
    columns = [
        Column(gettext_lazy("date"), lambda h: f"{h.date:%Y-%m-%d} {date_format(h.date, 'D')}"),
        Column(gettext_lazy("Holiday name"), "name", template="ledgers/_holiday_kind.html"),
        Column(gettext_lazy("Remove"), "date", template="ledgers/_holiday_remove.html",
               download=False),
    ]
    add_form = None

    def rows(self, filters):
        self.year = _year(self.request)
        return selectors.holiday_list(year=self.year)

    def context(self):
        return {"add_form": self.add_form or HolidayForm(), "year": self.year,
                "years": selectors.holiday_years(), "tab": "holidays"}

    def post(self, request):
        need(request.user, self.action)
        self.add_form = form = HolidayForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if save_form(form, services.holiday_set, actor=request.user, date=d["date"],
                         is_workday=d["is_workday"], name=d["name"]) is not None:
                messages.success(request, _("Saved."))
                return redirect(f"{request.path}?year={d['date'].year}")
        response = self.get(request)
        response.status_code = 400
        return response


@login_required
@require_POST
def holiday_remove(request):
    _need_manager(request.user)
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        raise NotFound() from None
    return act(request, services.holiday_remove,
               _("%(date)s is an ordinary day again.") % {"date": day},
               f"{reverse('ledgers:holiday-list')}?year={day.year}", date=day)
