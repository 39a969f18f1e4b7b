"""Matter pages: the list, a new or changed matter, the matter's page (pre-review, what
the public sees, execution tasks and their evidence, its history) and its printable sheet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import Column, FormPage, ListPage, act, act_form
from shequ.supervision import selectors as supervision_selectors
from shequ.territory.selectors import communities_for

from .. import selectors, services
from ..forms import (
    DisclosureForm,
    EvidenceForm,
    MatterFilterForm,
    MatterForm,
    NoteForm,
    ProgressForm,
    ReviewForm,
    TaskForm,
)
from ..models import DISCLOSABLE, DISCLOSABLE_LABELS, MatterStatus
from ..policies import Action, matter_policy

S = MatterStatus


def detail_url(matter_id) -> str:
    return reverse("deliberation:matter-detail", args=[matter_id])


class MatterList(ListPage):
    title = gettext_lazy("Key matters")
    action = Action.VIEW_MATTERS
    columns = [
        Column(gettext_lazy("Title"), "title", link=lambda m: detail_url(m.pk)),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("Budget (yuan)"), "budget"),
        Column(gettext_lazy("Progress %"), "progress"),
    ]
    filter_form = MatterFilterForm
    download_name, download_action = "matters", Action.VIEW_MATTERS
    row_key, empty_text = "matter", gettext_lazy("No matters yet.")
    no_match_text = gettext_lazy("No matter matches.")

    def filter_form_kwargs(self):
        return {"communities": communities_for(self.request.user, Action.VIEW_MATTERS)}

    def rows(self, filters):
        community = filters.get("community")
        return selectors.matter_list(
            actor=self.request.user, q=filters.get("q", ""), status=filters.get("status", ""),
            kind=filters.get("kind", ""), area_path=community.path if community else "")

    def actions(self):
        user = self.request.user
        if matter_policy.holds(user, Action.PROPOSE_MATTERS):
            yield _("New matter"), reverse("deliberation:matter-new")
        yield _("Meetings"), reverse("deliberation:meeting-list")
        yield _("Resolutions"), reverse("deliberation:resolution-list")


class MatterNew(FormPage):
    form_class, title = MatterForm, gettext_lazy("New matter")
    action = Action.PROPOSE_MATTERS
    hint = gettext_lazy("A 三重一大 matter is drafted here, then proposed to the community "
                        "party committee's pre-review.")
    success_message = gettext_lazy("The matter is drafted. Propose it when it is ready.")

    def form_kwargs(self, obj):
        return {"communities": communities_for(self.request.user, self.action)}

    def save(self, obj, data):
        return services.matter_create(actor=self.request.user, **data)

    def success_url(self, row):
        return detail_url(row.pk)

    def back_url(self, obj):
        return reverse("deliberation:matter-list")


class MatterEdit(FormPage):
    form_class = MatterForm

    def get_object(self):
        matter = selectors.matter_get_for_actor(self.request.user, self.kwargs["matter_id"])
        matter_policy.require(self.request.user, Action.PROPOSE_MATTERS, matter)
        return matter

    def initial(self, m):
        return {"kind": m.kind, "title": m.title, "background": m.background,
                "budget": m.budget, "budget_source": m.budget_source}

    def save(self, matter, data):
        return services.matter_update(actor=self.request.user, matter=matter, **data)

    def success_url(self, row):
        return detail_url(row.pk)

    back_url = success_url

    def page_title(self, matter):
        return matter.title


def _context(user, matter) -> dict:
    can = {a: matter_policy.can(user, a, matter) for a in (
        Action.PROPOSE_MATTERS, Action.REVIEW_MATTERS, Action.EXECUTE_MATTERS)}
    executing = matter.status in (S.PASSED, S.EXECUTING)
    tasks = selectors.matter_tasks(matter)
    ctx = {
        "matter": matter, "events": selectors.matter_history(matter), "tasks": tasks,
        "agenda": selectors.matter_meetings(matter),
        "disclosure": [(f, DISCLOSABLE_LABELS[f], matter.disclosure.get(f, str(DISCLOSABLE[f])))
                       for f in DISCLOSABLE],
        "may_edit": can[Action.PROPOSE_MATTERS] and matter.status in (S.DRAFT, S.RETURNED),
        "may_disclose": can[Action.PROPOSE_MATTERS],
        "may_review": can[Action.REVIEW_MATTERS] and matter.status == S.PROPOSED,
        "may_execute": can[Action.EXECUTE_MATTERS] and executing,
        "may_start": can[Action.EXECUTE_MATTERS] and matter.status == S.PASSED,
        "may_complete": can[Action.EXECUTE_MATTERS] and matter.status == S.EXECUTING,
    }
    if ctx["may_review"]:
        ctx["review_form"] = ReviewForm()
    if ctx["may_disclose"]:
        ctx["disclosure_form"] = DisclosureForm()
    if ctx["may_execute"]:
        ctx["task_form"] = TaskForm(
            tasks=matter.tasks.all(), owners=services.staff_accounts(matter))
        ctx["progress_form"], ctx["evidence_form"] = ProgressForm(), EvidenceForm()
    return ctx


@login_required
@require_GET
def matter_detail(request, matter_id):
    matter = selectors.matter_get_for_actor(request.user, matter_id)
    context = _context(request.user, matter)
    context["supervision"] = supervision_selectors.record_panel(
        request.user, matter, steps=MatterStatus.choices)
    return render(request, "deliberation/matter_detail.html", context)


@login_required
@require_GET
def matter_print(request, matter_id):
    """The matter sheet for printing (a print stylesheet; no script)."""
    matter = selectors.matter_get_for_actor(request.user, matter_id)
    return render(request, "deliberation/matter_print.html", {
        "matter": matter, "events": selectors.matter_history(matter),
        "tasks": selectors.matter_tasks(matter), "agenda": selectors.matter_meetings(matter)})


def _step(service, success):
    @login_required
    @require_POST
    def view(request, matter_id):
        matter = selectors.matter_get_for_actor(request.user, matter_id)
        return act_form(request, NoteForm(request.POST), service, success,
                        detail_url(matter.pk), matter=matter)
    return view


matter_submit = _step(services.matter_submit, gettext_lazy("Proposed to the pre-review."))
matter_execute = _step(services.matter_execute, gettext_lazy("Execution started."))
matter_complete = _step(services.matter_complete, gettext_lazy("The matter is done."))


@login_required
@require_POST
def matter_review(request, matter_id):
    matter = selectors.matter_get_for_actor(request.user, matter_id)
    return act_form(request, ReviewForm(request.POST), services.matter_review,
                    _("Pre-review recorded."), detail_url(matter.pk), matter=matter)


@login_required
@require_POST
def matter_disclosure(request, matter_id):
    matter = selectors.matter_get_for_actor(request.user, matter_id)
    return act_form(request, DisclosureForm(request.POST), services.disclosure_set,
                    _("What the public page shows is saved."), detail_url(matter.pk),
                    matter=matter)


@login_required
@require_POST
def task_new(request, matter_id):
    matter = selectors.matter_get_for_actor(request.user, matter_id)
    form = TaskForm(request.POST, tasks=matter.tasks.all(),
                    owners=services.staff_accounts(matter))
    return act_form(request, form, services.task_add, _("Task added."), detail_url(matter.pk),
                    matter=matter)


@login_required
@require_POST
def task_progress(request, task_id):
    task = selectors.task_get_for_actor(request.user, task_id)
    return act_form(request, ProgressForm(request.POST), services.task_progress_set,
                    _("Progress saved."), detail_url(task.matter_id), task=task)


@login_required
@require_POST
def evidence_new(request, task_id):
    task = selectors.task_get_for_actor(request.user, task_id)
    form = EvidenceForm(request.POST, request.FILES)
    back = detail_url(task.matter_id)
    if not form.is_valid():
        return act_form(request, form, services.evidence_add, "", back, task=task)
    return act(request, services.evidence_add, _("Photo added."), back, task=task,
               photo=form.cleaned_data["photo"])


@login_required
@require_GET
def evidence_file(request, evidence_id):
    """A task's photo, to whoever may see its matter."""
    row = selectors.evidence_get_for_actor(request.user, evidence_id)
    try:
        return FileResponse(row.file.open("rb"), filename=row.original_name)
    except FileNotFoundError:
        raise NotFound() from None
