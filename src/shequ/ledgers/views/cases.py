"""Case pages: the list with filters, "my cases" for grid workers (phone layout), taking in
a case (the grid worker's quick form and the counter form) with duplicate suggestions, the
case page with its timeline and the steps the user may take, and attachment downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from shequ.core.errors import DomainError, Forbidden, NotFound
from shequ.core.params import id_param

from .. import paging, selectors, services, workflow
from ..forms import AssignForm, CaseFilterForm, CommentForm, IntakeForm, RevealForm, StepForm
from ..models import OPEN_STATES, CaseSource
from ..permissions import Action, answers_escalation, can

PAGE = 30


def _case(request, case_id, action=Action.VIEW_CASES):
    try:
        return selectors.case_get_for_actor(request.user, case_id, action)
    except NotFound:
        raise Http404() from None


def _need(user, action):
    if not user.can(action):
        raise Http404()


@login_required
@require_GET
def case_list(request):
    _need(request.user, Action.VIEW_CASES)
    form = CaseFilterForm(request.GET or None, categories=selectors.category_list(),
                          areas=selectors.areas_for_filter(request.user))
    filters = selectors.CaseFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        state = d["state"]
        filters = selectors.CaseFilters(
            ledger=d["ledger"], category=d["category"], area=d["area"],
            states=list(OPEN_STATES) if state == "open" else ([state] if state else []),
            overdue=d["overdue"], date_from=d["date_from"], date_to=d["date_to"])
    qs = selectors.case_list(actor=request.user, filters=filters)
    try:
        cases, next_cursor = paging.newest_first(qs, limit=PAGE,
                                                 cursor=request.GET.get("cursor"))
    except DomainError:
        cases, next_cursor = paging.newest_first(qs, limit=PAGE, cursor=None)
    query = request.GET.copy()
    query.pop("cursor", None)
    if next_cursor:
        query["cursor"] = next_cursor
    context = {"form": form, "cases": cases, "next_query": query.urlencode() if next_cursor
               else "", "can_take_in": request.user.can(Action.HANDLE_CASES)}
    if request.headers.get("HX-Request") and request.GET.get("cursor"):
        return render(request, "ledgers/_case_rows.html", context)
    context["count"], context["count_capped"] = paging.capped_count(qs)
    return render(request, "ledgers/case_list.html", context)


@login_required
@require_GET
def my_cases(request):
    _need(request.user, Action.HANDLE_CASES)
    cases = list(selectors.my_cases(actor=request.user)[:200])
    return render(request, "ledgers/my_cases.html", {"cases": cases})


def _intake_form(request, data=None, files=None):
    user = request.user
    quick = not user.can(Action.ASSIGN_CASES)
    form = IntakeForm(data, files, categories=selectors.category_list(),
                      buildings=selectors.intake_buildings(user),
                      grids=selectors.intake_grids(user), quick=quick)
    return form, quick


@login_required
def case_new(request):
    """GET: the form. POST: suggest open cases nearby first (unless confirmed), then file."""
    _need(request.user, Action.HANDLE_CASES)
    if request.method != "POST":
        form, quick = _intake_form(request)
        return render(request, "ledgers/case_new.html", {"form": form, "quick": quick})
    form, quick = _intake_form(request, request.POST, request.FILES)
    suggestions = []
    if form.is_valid():
        d = form.cleaned_data
        if not d["confirmed"] and not d["duplicate_of"]:
            suggestions = selectors.duplicate_candidates(
                actor=request.user, category=d["category"], building=d["building"])
        if not suggestions:
            try:
                original = (selectors.case_get_for_actor(request.user, d["duplicate_of"])
                            if d["duplicate_of"] else None)
                case = services.case_create(
                    actor=request.user, category=d["category"], building=d["building"],
                    grid=d.get("grid"), description=d["description"],
                    title=d.get("title", ""), source=d.get("source") or CaseSource.VISIT,
                    reporter_name=d["reporter_name"], reporter_phone=d["reporter_phone"],
                    attachments=d["photos"], assign_to_self=quick and original is None,
                    duplicate_of=original)
                messages.success(request, _("Case #%(id)s taken in.") % {"id": case.pk})
                return redirect("ledgers:case-detail", case_id=case.pk)
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    status = 200 if suggestions else 400
    return render(request, "ledgers/case_new.html",
                  {"form": form, "quick": quick, "suggestions": suggestions}, status=status)


@login_required
@require_GET
def case_detail(request, case_id):
    case = _case(request, case_id)
    user = request.user
    steps = workflow.steps_from(case.state)
    handle = can(user, Action.HANDLE_CASES, case.path)
    assign = can(user, Action.ASSIGN_CASES, case.path)
    duplicates = list(selectors.case_list(actor=user).filter(duplicate_of=case))
    context = {
        "case": case, "events": selectors.case_timeline(case),
        "comments": selectors.comment_list(actor=user, case=case),
        "duplicates": duplicates,
        "suggestions": _suggestions(user, case) if handle and not duplicates else [],
        "can_reveal": services.can_reveal_reporter_phone(user, case),
        "reveal_form": RevealForm(),
        "can": {
            "assign": assign and "assign" in steps, "claim": handle and not assign
            and "assign" in steps and case.assigned_to_id is None,
            "start": handle and "start" in steps, "resolve": handle and "resolve" in steps,
            "close": assign and "close" in steps, "rate": handle and "rate" in steps,
            "escalate": handle and "escalate" in steps, "reject": assign and "reject" in steps,
            "return": case.state == "escalated" and answers_escalation(
                user, case.path, case.escalation_level),
            "comment": can(user, Action.SUPERVISE_CASES, case.path),
        },
        "step_form": StepForm(), "comment_form": CommentForm(),
    }
    if context["can"]["assign"]:
        context["assign_form"] = AssignForm(workers=selectors.assignable_workers(case),
                                            grids=selectors.intake_grids(user))
    return render(request, "ledgers/case_detail.html", context)


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
    except NotFound:
        raise Http404() from None
    except Forbidden:
        raise PermissionDenied from None
    except DomainError as exc:
        form.add_error("reason" if exc.field == "reason" else None, exc.message)
        return render(request, template, {"case": case, "reveal_form": form,
                                          "can_reveal": True, "open": True}, status=422)
    return render(request, template, {"case": case, "value": value})


@login_required
@require_POST
def case_act(request, case_id, step):
    """One endpoint for the steps; each calls its own service."""
    case = _case(request, case_id)
    user = request.user
    form = StepForm(request.POST, request.FILES)
    form.is_valid()
    d = form.cleaned_data
    note = d.get("note", "")
    try:
        services.expect_version(case, request.POST.get("version"))
        if step == "assign":
            grids = selectors.intake_grids(user)
            workers = selectors.assignable_workers(case, grids.filter(
                pk=id_param(request.POST.get("grid")) or 0).first())
            aform = AssignForm(request.POST, workers=workers, grids=grids)
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
            original = selectors.case_get_for_actor(user, request.POST.get("original"))
            services.case_link_duplicate(actor=user, case=case, original=original, note=note)
        elif step == "comment":
            cform = CommentForm(request.POST)
            services.comment_add(actor=user, case=case,
                                 text=cform.data.get("text", ""))
        else:
            raise Http404()
        messages.success(request, _("Saved."))
    except NotFound:
        raise Http404() from None
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("ledgers:case-detail", case_id=case.pk)


@login_required
@require_GET
def attachment(request, token):
    """Attachments live outside the static files; only people who may see the case get
    them, and the browser is told not to guess their type."""
    try:
        att = selectors.attachment_get_for_actor(request.user, token)
    except NotFound:
        raise Http404() from None
    response = FileResponse(att.file.open("rb"), content_type=att.content_type,
                            as_attachment=not att.content_type.startswith("image/"),
                            filename=att.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
