"""五个基本 pages: the checklist of the branches in scope (below standard first, grouped by
street and community), and one branch's page: its five items with their evidence, the
manual items (committee, funds) and its documents."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shequ.core import downloads
from shequ.core.errors import NotFound
from shequ.core.kit import act_form

from .. import selectors, services
from ..forms import DocumentForm, ProfileForm
from ..policies import Action, meeting_policy
from ..selectors import branch as branch_selectors
from ..selectors import meetings as meeting_selectors


def _need(user):
    if not meeting_policy.holds(user, Action.VIEW_BRANCHES):
        raise NotFound()


@login_required
@require_GET
def basics(request):
    user = request.user
    _need(user)
    below = request.GET.get("below") == "1"
    rows = sorted(selectors.basics_list(actor=user, below_only=below),
                  key=lambda b: (b.street, b.community, b.score, b.branch.name))
    if request.GET.get("format") in downloads.FORMATS:
        return downloads.table(
            actor=user, name="five-basics", fmt=request.GET["format"],
            header=[_("Street"), _("Community"), _("Party branch"), *[
                str(label) for _k, label in selectors.basics.ITEMS], _("Score")],
            rows=([b.street, b.community, b.branch.name, *[p for _k, _l, p in b.items],
                   b.score] for b in rows))
    return render(request, "branches/basics.html", {
        "rows": rows, "below": below, "standard": selectors.STANDARD,
        "items": selectors.basics.ITEMS,
        "below_count": sum(1 for b in rows if b.below_standard)})


def _branch_page(user, branch_id):
    branch = selectors.branch_get_for_actor(user, branch_id)
    return branch, meeting_selectors.may_manage(user, branch)


@login_required
@require_GET
def branch_detail(request, branch_id):
    user = request.user
    branch, manage = _branch_page(user, branch_id)
    page = branch_selectors.branch_page(actor=user, branch=branch)
    profile = page["profile"]
    return render(request, "branches/branch_detail.html", {
        "branch": branch, "manage": manage, "standard": selectors.STANDARD, **page,
        "profile_form": ProfileForm(initial={
            "committee_complete": profile.committee_complete if profile else False,
            "funds_amount": profile.funds_amount if profile else None}) if manage else None,
        "document_form": DocumentForm() if manage else None})


@login_required
@require_POST
def branch_profile(request, branch_id):
    branch, _manage = _branch_page(request.user, branch_id)
    return act_form(request, ProfileForm(request.POST), services.profile_update,
                    _("Saved."), reverse("branches:branch-detail", args=[branch.pk]),
                    branch=branch)


@login_required
@require_POST
def branch_document(request, branch_id):
    branch, _manage = _branch_page(request.user, branch_id)
    return act_form(request, DocumentForm(request.POST, request.FILES), services.document_add,
                    _("The document is uploaded."),
                    reverse("branches:branch-detail", args=[branch.pk]), branch=branch)


@login_required
@require_GET
def document_file(request, branch_id, document_id):
    branch, _manage = _branch_page(request.user, branch_id)
    doc = branch_selectors.document_get(branch, document_id)
    return FileResponse(doc.file.open("rb"), as_attachment=True, filename=doc.original_name,
                        content_type=doc.content_type)
