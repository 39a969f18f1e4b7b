"""三会一课 pages: the branch list, the meeting list and a new record, a meeting's page
(its record, QR code and roll call for staff, photos), QR sign-in, and the shortfalls of a
quarter per street and community."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shequ.core.errors import NotFound
from shequ.core.kit import Column, DetailPage, FormPage, ListPage, act, qr_svg
from shequ.core.params import ids_param

from .. import selectors, services
from ..forms import MeetingFilterForm, MeetingForm, PhotoForm, RuleForm
from ..models import MeetingKind
from ..policies import Action, meeting_policy
from ..rules import month_index, period_of, quarter_from, rules_for
from ..selectors import meetings as meeting_selectors


def _detail(pk) -> str:
    return reverse("branches:meeting-detail", args=[pk])


class BranchList(ListPage):
    title = gettext_lazy("Party branches")
    action = Action.VIEW_BRANCHES
    columns = [
        Column(gettext_lazy("Party branch"), "name",
               link=lambda b: reverse("branches:branch-detail", args=[b.pk])),
        Column(gettext_lazy("Area"), "area.name"),
    ]
    filter_form = MeetingFilterForm
    download_name, download_action = "party-branches", Action.VIEW_BRANCHES
    row_key, empty_text = "branch", gettext_lazy("No party branches in your area.")

    def get_filter_form(self):
        form = super().get_filter_form()
        for name in ("kind", "held"):
            del form.fields[name]
        return form

    def rows(self, filters):
        return selectors.branch_list(actor=self.request.user, q=filters.get("q", ""))

    def actions(self):
        yield _("五个基本"), reverse("branches:basics")
        yield _("三会一课 shortfalls"), reverse("branches:shortfalls")


class MeetingList(ListPage):
    title = gettext_lazy("三会一课")
    columns = [
        Column(gettext_lazy("Topic"), "topic", link=lambda m: _detail(m.pk)),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Party branch"), "branch.name"),
        Column(gettext_lazy("Planned for"), "planned_on"),
        Column(gettext_lazy("Held on"), "held_on"),
        Column(gettext_lazy("Present"), "present"),
    ]
    filter_form = MeetingFilterForm
    download_name, download_action = "meetings", Action.VIEW_BRANCHES
    row_key, empty_text = "meeting", gettext_lazy("No meetings recorded.")

    def check(self):
        user = self.request.user
        if not (meeting_policy.holds(user, Action.VIEW_BRANCHES)
                or meeting_selectors.own_branch_id(user)):
            raise NotFound()

    def rows(self, filters):
        qs = selectors.meeting_list(actor=self.request.user, kind=filters.get("kind") or "",
                                    held=filters.get("held"))
        if filters.get("q"):
            qs = qs.filter(branch__name__icontains=filters["q"].strip())
        if self.request.GET.get("branch", "").isdigit():
            qs = qs.filter(branch_id=int(self.request.GET["branch"]))
        return qs

    def actions(self):
        if meeting_policy.holds(self.request.user, Action.MANAGE_BRANCHES):
            yield _("New record"), reverse("branches:meeting-new")
        if meeting_policy.holds(self.request.user, Action.VIEW_BRANCHES):
            yield _("三会一课 shortfalls"), reverse("branches:shortfalls")



class MeetingNew(FormPage):
    form_class, title = MeetingForm, gettext_lazy("New 三会一课 record")
    action = Action.MANAGE_BRANCHES
    success_message = gettext_lazy("The record is saved.")

    def form_kwargs(self, obj):
        return {"branches": meeting_selectors.manageable_branches(self.request.user)}

    def initial(self, obj):
        return {"planned_on": timezone.localdate(), "kind": self.request.GET.get("kind", "")}

    def save(self, obj, data):
        return services.meeting_create(actor=self.request.user, **data)

    def success_url(self, row):
        return _detail(row.pk)

    def back_url(self, obj):
        return reverse("branches:meeting-list")


class MeetingDetail(DetailPage):
    """A meeting's page: members see it, staff of the branch edit the record, show the QR
    code, take the roll call and add photos."""

    form_class = MeetingForm
    template_name = "branches/meeting_detail.html"
    success_message = gettext_lazy("The record is saved.")

    def get_object(self):
        return selectors.meeting_get_for_actor(self.request.user, self.kwargs["meeting_id"])

    def may_edit(self, m):
        return meeting_selectors.may_manage(self.request.user, m)

    def initial(self, m):
        return {"topic": m.topic, "planned_on": m.planned_on, "held_on": m.held_on,
                "place": m.place, "minutes": m.minutes}

    def save(self, m, data):
        return services.meeting_update(actor=self.request.user, meeting=m, **data)

    def page_title(self, m):
        return m.topic

    def context(self, m):
        url = self.request.build_absolute_uri(reverse("branches:check-in",
                                                      args=[m.checkin_token]))
        return {"meeting": m, "qr": qr_svg(url, scale=4) if self.editable else "",
                "attendance": meeting_selectors.attendance(m) if self.editable else [],
                "photos": list(m.photos.all()), "photo_form": PhotoForm(),
                "back": reverse("branches:meeting-list")}


@login_required
@require_POST
def meeting_roll_call(request, meeting_id):
    meeting = selectors.meeting_get_for_actor(request.user, meeting_id)
    ids = ids_param(request.POST.getlist("present"))
    return act(request, services.meeting_roll_call, _("Attendance saved."), _detail(meeting.pk),
               meeting=meeting, member_ids=ids)


@login_required
@require_POST
def meeting_photo(request, meeting_id):
    meeting = selectors.meeting_get_for_actor(request.user, meeting_id)
    return act(request, services.meeting_photo_add, _("Photo added."), _detail(meeting.pk),
               meeting=meeting, photo=request.FILES.get("photo"))


@login_required
@require_GET
def photo_file(request, meeting_id, photo_id):
    meeting = selectors.meeting_get_for_actor(request.user, meeting_id)
    photo = meeting.photos.filter(pk=photo_id).first()
    if photo is None:
        raise NotFound()
    return FileResponse(photo.image.open("rb"))


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, token):
    meeting = meeting_selectors.meeting_for_token(token)
    if request.method == "POST":
        return act(request, services.meeting_check_in, _("Signed in."),
                   reverse("branches:meeting-list"), token=token)
    return render(request, "branches/check_in.html", {"meeting": meeting})


@login_required
@require_GET
def shortfalls(request):
    """The branches short of a requirement in a quarter (months that have ended), by street
    and community."""
    user = request.user
    meeting_selectors.require_view(user)
    today = timezone.localdate()
    first, last = quarter_from(request.GET.get("quarter", ""), today)
    rows = meeting_selectors.shortfalls(
        actor=user, first=first, last=min(last, month_index(today) - 1))
    quarters = [f"{(m // 12)}Q{(m % 12) // 3 + 1}"
                for m in range(period_of(month_index(today), 3), first - 13, -3)]
    return render(request, "branches/shortfalls.html", {
        "rows": rows, "quarter": f"{first // 12}Q{(first % 12) // 3 + 1}",
        "quarters": quarters, "rules": [(MeetingKind(r.kind).label, r) for r in
                                           rules_for(_district(user)).values()]})


def _district(user) -> str:
    places = meeting_policy.places(user)
    return places[0].split(".")[0] if places else ""


class RuleEdit(FormPage):
    """A district's 三会一课 requirements (the defaults until set)."""

    form_class, title = RuleForm, gettext_lazy("三会一课 requirements")
    action = Action.CONFIGURE_RULES
    success_message = gettext_lazy("The requirement is saved.")
    template_name = "branches/rules.html"

    def get_object(self):
        return meeting_selectors.district_of(self.request.user)

    def save(self, district, data):
        return services.rule_set(actor=self.request.user, district=district, **data)

    def success_url(self, row):
        return reverse("branches:rules")

    def back_url(self, obj):
        return reverse("branches:shortfalls")

    def context(self, district):
        return {"rules": [(MeetingKind(r.kind).label, r) for r in
                          rules_for(district.path).values()]}
