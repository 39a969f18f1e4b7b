"""Case pages (the list is in ``lists``): taking in a case (the grid worker's quick form
and the counter form) with duplicate and reporter suggestions, the case page with its
timeline and the steps the user may take, its printable receipt, and attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.kit import act, need, save_form
from shequ.core.params import id_param
from shequ.supervision import selectors as supervision_selectors

from .. import selectors, services, workflow
from ..forms import (
    AssignForm,
    IntakeForm,
    PublicTextForm,
    RevealForm,
    StepForm,
)
from ..models import CaseSource, CaseState
from ..policies import Action, answers_escalation, case_policy


def _case(request, case_id, action=Action.VIEW_CASES):
    return selectors.case_get_for_actor(request.user, case_id, action)


def _intake_form(request, data=None, files=None):
    user = request.user
    quick = not case_policy.holds(user, Action.ASSIGN_CASES)
    form = IntakeForm(data, files, categories=selectors.category_list(),
                      buildings=selectors.intake_buildings(user),
                      grids=selectors.intake_grids(user), quick=quick,
                      initial={"reporter": request.GET.get("reporter"),
                               "reporter_checked": bool(request.GET.get("reporter"))})
    return form, quick


def _chosen_reporter(request, form):
    """The registered resident the form names (NotFound outside the user's area)."""
    raw = form.cleaned_data["reporter"] if form.is_bound else form.initial.get("reporter")
    if not raw:
        return None
    return selectors.reporter_get_for_actor(request.user, raw)


@login_required
def case_new(request):
    """GET: the form (``?reporter=<resident>`` names a registered reporter). POST: ask
    whether the reporter is a matching registered resident and suggest open cases nearby
    (unless answered), then file."""
    need(request.user, Action.HANDLE_CASES)
    if request.method != "POST":
        form, quick = _intake_form(request)
        chosen = _chosen_reporter(request, form)
        return render(request, "ledgers/case_new.html",
                      {"form": form, "quick": quick, "chosen": chosen})
    form, quick = _intake_form(request, request.POST, request.FILES)
    suggestions, matches, chosen = [], [], None
    if form.is_valid():
        d = form.cleaned_data
        try:
            chosen = _chosen_reporter(request, form)
        except NotFound:
            form.add_error(None, _("This resident is not in your area's registry."))
    if form.is_valid():
        if not d["confirmed"] and not d["duplicate_of"]:
            suggestions = selectors.duplicate_candidates(
                actor=request.user, category=d["category"], building=d["building"])
        if not d["reporter_checked"] and chosen is None:
            matches = selectors.reporter_candidates(
                actor=request.user, name=d["reporter_name"], phone=d["reporter_phone"])
        original = (_original(request, form, d["duplicate_of"])
                    if not suggestions and not matches else None)
        if not suggestions and not matches and form.is_valid():
            case = save_form(
                form, services.case_create, actor=request.user, category=d["category"],
                building=d["building"], grid=d.get("grid"), description=d["description"],
                title=d.get("title", ""), source=d.get("source") or CaseSource.VISIT,
                reporter=chosen, reporter_name=d["reporter_name"],
                reporter_phone=d["reporter_phone"], attachments=d["photos"],
                assign_to_self=quick and original is None, duplicate_of=original)
            if case is not None:
                messages.success(request, _("Case #%(id)s taken in.") % {"id": case.pk})
                return redirect("ledgers:case-detail", case_id=case.pk)
    status = 200 if suggestions or matches else 400
    return render(request, "ledgers/case_new.html",
                  {"form": form, "quick": quick, "suggestions": suggestions,
                   "matches": matches, "chosen": chosen}, status=status)


def _original(request, form, case_id):
    """The open case this one duplicates; one out of sight is an error on the form."""
    try:
        return selectors.case_get_for_actor(request.user, case_id) if case_id else None
    except NotFound as exc:
        form.add_error(None, exc.message)
        return None


@login_required
@require_GET
def case_detail(request, case_id):
    case = _case(request, case_id)
    user = request.user
    steps = workflow.steps_from(case.state)
    handle = case_policy.can(user, Action.HANDLE_CASES, case)
    assign = case_policy.can(user, Action.ASSIGN_CASES, case)
    duplicates = list(selectors.case_list(actor=user).filter(duplicate_of=case))
    context = {
        "case": case, "events": selectors.case_timeline(case),
        "supervision": supervision_selectors.record_panel(user, case, steps=CaseState.choices),
        "duplicates": duplicates,
        "suggestions": _suggestions(user, case) if handle and not duplicates else [],
        "can_reveal": services.can_reveal_reporter_phone(user, case),
        "published": selectors.published_description(case),
        "public_text_form": PublicTextForm(initial={"public_text": case.public_description}),
        "reveal_form": RevealForm(),
        "can": {
            "assign": assign and "assign" in steps, "claim": handle and not assign
            and "assign" in steps and case.assigned_to_id is None,
            "start": handle and "start" in steps, "resolve": handle and "resolve" in steps,
            "close": assign and "close" in steps, "rate": handle and "rate" in steps,
            "escalate": handle and "escalate" in steps, "reject": assign and "reject" in steps,
            "return": case.state == "escalated" and answers_escalation(
                user, case.path, case.escalation_level),
            "public_text": assign and case.source in selectors.PUBLIC_TEXT_SOURCES,
        },
        "step_form": StepForm(),
    }
    if context["can"]["assign"]:
        form = AssignForm(workers=selectors.assignable_workers(case),
                          grids=selectors.intake_grids(user),
                          groups=selectors.assignable_by_grid(case),
                          initial={"grid": case.grid_id})
        # Choosing a grid swaps in its workers; without script, a worker of a case not
        # routed yet takes it to their grid (the service decides).
        form.fields["grid"].widget.attrs.update({
            "hx-get": reverse("ledgers:case-assignees", args=[case.pk]),
            "hx-trigger": "change", "hx-target": f"#{form['assignee'].id_for_label}",
            "hx-swap": "innerHTML"})
        context["assign_form"] = form
    return render(request, "ledgers/case_detail.html", context)


@login_required
@require_GET
def case_assignees(request, case_id):
    """The grid-worker options of the assign form for the grid chosen (htmx)."""
    case = _case(request, case_id, Action.ASSIGN_CASES)
    grid = selectors.intake_grids(request.user).filter(
        pk=request.GET.get("grid") if str(request.GET.get("grid", "")).isdigit() else 0
    ).first()
    return render(request, "ledgers/_assignee_options.html",
                  {"groups": selectors.assignable_by_grid(case, grid)})


@login_required
@require_GET
def case_print(request, case_id):
    """A receipt to hand to the resident: a page of its own, laid out for paper."""
    case = _case(request, case_id)
    status_url = (request.build_absolute_uri(reverse("ledgers:report-status"))
                  + f"?number={case.pk}" if case.source == CaseSource.PORTAL else "")
    return render(request, "ledgers/case_print.html",
                  {"case": case, "status_url": status_url,
                   "linked": case.reporter_id is not None})


def _suggestions(user, case):
    """Possible originals of an open case that came in without staff at a form (portal,
    Open311, hotline…): open cases of its category at its building or within ~100 m,
    received before it."""
    if not case.is_open or case.duplicate_of_id:
        return []
    return [c for c in selectors.duplicate_candidates(
        actor=user, category=case.category, building=case.building, lat=case.lat,
        lng=case.lng, exclude_id=case.pk) if (c.created_at, c.pk) < (case.created_at, case.pk)]


@never_cache
@login_required
@require_POST
def case_reveal_phone(request, case_id):
    """The reporter's phone in clear, in this response only; the service checks the right
    over the case's place and writes the audit row (who, when, why) first."""
    case = _case(request, case_id)
    form = RevealForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    htmx = request.headers.get("HX-Request") == "true"
    template = "ledgers/_reporter_phone.html" if htmx else "ledgers/reveal.html"
    try:
        value = services.case_reporter_phone_reveal(actor=request.user, case=case,
                                                    reason=reason)
    except (NotFound, Forbidden):
        raise  # answered by core.middleware.DomainErrorMiddleware
    except DomainError as exc:
        form.add_error("reason" if exc.field == "reason" else None, exc.message)
        return render(request, template, {"case": case, "reveal_form": form,
                                          "can_reveal": True, "open": True}, status=422)
    return render(request, template, {"case": case, "value": value})


@login_required
@require_POST
def case_act(request, case_id, step):
    """One endpoint for the steps; each calls its own service (``_step``)."""
    case = _case(request, case_id)
    return act(request, _step, _("Saved."), reverse("ledgers:case-detail", args=[case.pk]),
               case=case, step=step, data=request.POST, files=request.FILES)


def _step(*, actor, case, step, data, files):
    user = actor
    form = StepForm(data, files)
    form.is_valid()
    d = form.cleaned_data
    note = d.get("note", "")
    services.expect_version(case, data.get("version"))
    if step == "assign":
        grids = selectors.intake_grids(user)
        workers = selectors.assignable_workers(case, grids.filter(
            pk=id_param(data.get("grid")) or 0).first())
        aform = AssignForm(data, workers=workers, grids=grids)
        if not aform.is_valid():
            raise DomainError(_("Choose a grid worker of the case's grid."),
                              field="assignee")
        services.case_assign(actor=user, case=case, assignee=aform.cleaned_data["assignee"],
                             grid=aform.cleaned_data["grid"], note=note)
    elif step == "claim":
        services.case_assign(actor=user, case=case, assignee=user, note=note)
    elif step == "start":
        services.case_start(actor=user, case=case, note=note)
    elif step == "resolve":
        services.case_resolve(actor=user, case=case, note=note,
                              attachments=d.get("photos") or [])
    elif step == "close":
        services.case_close(actor=user, case=case, note=note)
    elif step == "rate":
        services.case_rate(actor=user, case=case, rating=d.get("rating", ""), note=note)
    elif step == "escalate":
        services.case_escalate(actor=user, case=case, level=d.get("level", ""), note=note)
    elif step == "return":
        services.case_return(actor=user, case=case, note=note)
    elif step == "reject":
        services.case_reject(actor=user, case=case, reason=note)
    elif step == "link":
        original = selectors.case_get_for_actor(user, data.get("original"))
        services.case_link_duplicate(actor=user, case=case, original=original, note=note)
    elif step == "public-text":
        services.case_public_text_set(actor=user, case=case,
                                      text=data.get("public_text", ""))
    else:
        raise NotFound()


@login_required
@require_GET
def attachment(request, token):
    """Attachments live outside the static files; only people who may see the case get
    them, and the browser is told not to guess their type."""
    att = selectors.attachment_get_for_actor(request.user, token)
    response = FileResponse(att.file.open("rb"), content_type=att.content_type,
                            as_attachment=not att.content_type.startswith("image/"),
                            filename=att.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
