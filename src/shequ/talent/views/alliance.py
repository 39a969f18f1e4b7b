"""Pages of the entrepreneur alliance: members (join, leave), help sessions and salons
(list, new, the session page with its notes, attendance and follow-ups)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from shequ.core.kit import Column, DetailPage, FormPage, ListPage, act, act_form
from shequ.core.params import ids_param
from shequ.territory.selectors import communities_for

from .. import picks, selectors, services
from ..forms import FollowUpForm, MemberFilterForm, MemberJoinForm, SessionFilterForm, SessionForm
from ..models import SessionKind
from ..policies import Action, member_policy, session_policy


def _session(pk) -> str:
    return reverse("talent:session-detail", args=[pk])


class MemberList(ListPage):
    title = gettext_lazy("Entrepreneur alliance")
    action = Action.VIEW_TALENT
    columns = [
        Column(pgettext_lazy("team", "Member"), "name"),
        Column(gettext_lazy("Resident or unit"),
               lambda m: _("Unit") if m.unit_id else _("Resident")),
        Column(gettext_lazy("Business"), "business"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Joined the alliance on"), "joined_on"),
        Column(pgettext_lazy("meeting", "Sessions attended"), "attended"),
        Column(gettext_lazy("In the alliance"), "is_active"),
    ]
    filter_form = MemberFilterForm
    download_name, download_action = "alliance-members", Action.VIEW_TALENT
    row_key, empty_text = "member", gettext_lazy("No alliance members yet.")

    def rows(self, filters):
        return selectors.member_list(actor=self.request.user, q=filters.get("q", ""),
                                     active=filters.get("active"))

    def actions(self):
        if member_policy.holds(self.request.user, Action.MANAGE_TALENT):
            yield _("Add a member"), reverse("talent:member-join")
        yield _("Help sessions and salons"), reverse("talent:session-list")


class MemberJoin(FormPage):
    form_class, title, action = MemberJoinForm, gettext_lazy("Add an alliance member"), \
        Action.MANAGE_TALENT
    success_message = gettext_lazy("The member has joined the alliance.")

    def form_kwargs(self, obj):
        user = self.request.user
        return {"communities": communities_for(user, self.action), "units": picks.units_in(user)}

    def save(self, obj, data):
        user, community = self.request.user, data["community"]
        resident = None
        if data["resident"] and not data["unit"]:
            resident = picks.resident_pick(actor=user, q=data["resident"], within=community.path)
        return services.member_join(actor=user, community=community, resident=resident,
                                    unit=data["unit"], business=data["business"],
                                    joined_on=data["joined_on"])

    def success_url(self, row):
        return reverse("talent:member-list")

    back_url = success_url


@login_required
@require_POST
def member_leave(request, member_id):
    member = selectors.member_get_for_actor(request.user, member_id)
    return act(request, services.member_leave, _("The member has left the alliance."),
               reverse("talent:member-list"), member=member)


class SessionList(ListPage):
    title = gettext_lazy("Help sessions and salons")
    action = Action.VIEW_TALENT
    columns = [
        Column(gettext_lazy("Topic"), "title", link=lambda s: _session(s.pk)),
        Column(gettext_lazy("Type"), "get_kind_display"),
        Column(gettext_lazy("Held on"), "held_on"),
        Column(gettext_lazy("Community"), "community.name"),
        Column(gettext_lazy("Present"), "present"),
        Column(gettext_lazy("Open follow-ups"), "open_follow_ups"),
    ]
    filter_form = SessionFilterForm
    download_name, download_action = "help-sessions", Action.VIEW_TALENT
    row_key, empty_text = "session", pgettext_lazy("meeting", "No sessions yet.")

    def rows(self, filters):
        return selectors.session_list(actor=self.request.user, kind=filters.get("kind", ""))

    def actions(self):
        if session_policy.holds(self.request.user, Action.MANAGE_TALENT):
            yield _("Record a session"), reverse("talent:session-new")
        yield _("Alliance members"), reverse("talent:member-list")


class SessionNew(FormPage):
    form_class, title, action = SessionForm, gettext_lazy("Record a session"), \
        Action.MANAGE_TALENT
    success_message = gettext_lazy("The session is recorded. Tick who came.")

    def form_kwargs(self, obj):
        return {"communities": communities_for(self.request.user, self.action)}

    def initial(self, obj):
        return {"kind": self.request.GET.get("kind") or SessionKind.HELP}

    def save(self, obj, data):
        return services.session_add(actor=self.request.user, **data)

    def success_url(self, row):
        return _session(row.pk)

    def back_url(self, obj):
        return reverse("talent:session-list")


class SessionDetail(DetailPage):
    """The session's page: notes (editable by managers), attendance, follow-ups."""

    form_class, action = SessionForm, Action.VIEW_TALENT
    template_name = "talent/session_detail.html"

    def get_object(self):
        return selectors.session_get_for_actor(self.request.user, self.kwargs["session_id"])

    def may_edit(self, session):
        return session_policy.can(self.request.user, Action.MANAGE_TALENT, session)

    def initial(self, s):
        return {"title": s.title, "held_on": s.held_on, "place": s.place, "notes": s.notes}

    def save(self, session, data):
        return services.session_update(actor=self.request.user, session=session, **data)

    def page_title(self, session):
        return session.title

    def context(self, session):
        editable = self.editable
        return {"session": session, "attendance": selectors.attendance_choices(session),
                "follow_ups": selectors.follow_ups(actor=self.request.user, session=session),
                "follow_up_form": FollowUpForm(members=picks.members_of(session),
                                               owners=picks.owners_for(session),
                                               initial={"owner": self.request.user})
                if editable else None}


@login_required
@require_POST
def session_attendance(request, session_id):
    session = selectors.session_get_for_actor(request.user, session_id)
    ids = ids_param(request.POST.getlist("present"))
    return act(request, services.attendance_set, _("Attendance saved."), _session(session.pk),
               session=session, member_ids=ids)


@login_required
@require_POST
def follow_up_new(request, session_id):
    session = selectors.session_get_for_actor(request.user, session_id)
    form = FollowUpForm(request.POST, members=picks.members_of(session),
                        owners=picks.owners_for(session))
    return act_form(request, form, services.follow_up_add, _("Follow-up added."),
                    _session(session.pk), session=session)


@login_required
@require_POST
def follow_up_done(request, follow_up_id):
    row = selectors.follow_up_get(actor=request.user, follow_up_id=follow_up_id)
    return act(request, services.follow_up_done, _("Marked done."), _session(row.session_id),
               follow_up=row)
