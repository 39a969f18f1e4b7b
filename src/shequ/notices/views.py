"""Pages of notices and the notification centre, on the page kit: my notices, the notices
sent in my scope with their receipt counts, a notice (read, remind, withdraw), who has not
read it (with download), the new-notice form, my notifications and my preferences."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from shequ.core import kit
from shequ.core.errors import NotFound
from shequ.core.kit import Column, FormPage, ListPage

from . import audiences, selectors, services
from .forms import NoticeFilterForm, NoticeForm, NotificationFilterForm, PreferenceForm
from .policies import Action, notice_policy


def _read_url(notice_id) -> str:
    return reverse("notices:notice-read", args=[notice_id])


class MyNoticeList(ListPage):
    title = gettext_lazy("Notices")
    columns = [
        Column(gettext_lazy("Title"), "notice.title", link=lambda r: _read_url(r.notice_id)),
        Column(pgettext_lazy("sender", "From"), "notice.area.name"),
        Column(gettext_lazy("Published"), "notice.published_at"),
        Column(gettext_lazy("Read"), lambda r: r.read_at is not None),
    ]
    filter_form, row_key = NoticeFilterForm, "receipt"
    empty_text = gettext_lazy("No notices for you.")

    def rows(self, filters):
        return selectors.my_notice_list(actor=self.request.user, q=filters.get("q", ""))


class SentNoticeList(ListPage):
    title = gettext_lazy("Notices sent")
    action = Action.VIEW_NOTICES
    columns = [
        Column(gettext_lazy("Title"), "title", link=lambda n: _read_url(n.pk)),
        Column(gettext_lazy("Addressed to"), "area.name"),
        Column(gettext_lazy("State"), "get_state_display"),
        Column(gettext_lazy("Publish at"), "publish_at"),
        Column(gettext_lazy("Recipients"), "recipient_count"),
        Column(gettext_lazy("Read"), "read_count"),
        Column(gettext_lazy("Not read yet"), lambda n: n.recipient_count - n.read_count),
    ]
    filter_form, row_key = NoticeFilterForm, "notice"
    download_name, download_action = "notices", Action.VIEW_NOTICES
    empty_text = gettext_lazy("No notices yet.")

    def rows(self, filters):
        return selectors.sent_notice_list(actor=self.request.user, q=filters.get("q", ""))

    def actions(self):
        if notice_policy.holds(self.request.user, Action.SEND_NOTICES):
            yield _("New notice"), reverse("notices:notice-new")


class NoticeNew(FormPage):
    form_class, title, action = NoticeForm, gettext_lazy("New notice"), Action.SEND_NOTICES
    success_message = gettext_lazy("The notice is saved; it goes out at its publication time.")

    def form_kwargs(self, obj):
        return {"areas": selectors.target_areas(self.request.user),
                "orgs": audiences.choices(audiences.PARTY_ORG, self.request.user)}

    def save(self, obj, data):
        return services.notice_create(actor=self.request.user, **data)

    def success_url(self, row):
        return _read_url(row.pk)

    def back_url(self, obj):
        return reverse("notices:sent-list")


@login_required
def notice_read(request, notice_id):
    """A notice: recipients read it (their receipt is marked); staff in scope see the
    counts and may remind or withdraw."""
    notice = selectors.notice_get_for_actor(request.user, notice_id)
    staff = notice_policy.can(request.user, Action.VIEW_NOTICES, notice)
    if notice.is_live:
        services.notice_read(actor=request.user, notice=notice)
    counts = None
    if staff:
        counts = selectors.sent_notice_list(actor=request.user).filter(pk=notice.pk).first()
    return render(request, "notices/notice_detail.html", {
        "notice": notice, "attachments": list(notice.attachments.all()), "counts": counts,
        "may_send": staff and notice_policy.can(request.user, Action.SEND_NOTICES, notice),
        "live": notice.is_live})


@login_required
def attachment(request, notice_id, attachment_id):
    notice = selectors.notice_get_for_actor(request.user, notice_id)
    att = notice.attachments.filter(pk=attachment_id).first()
    if att is None:
        raise NotFound()
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.original_name,
                        content_type=att.content_type)


@require_POST
@login_required
def notice_remind(request, notice_id):
    notice = selectors.notice_get_for_actor(request.user, notice_id)
    return kit.act(request, services.notice_remind, _("The reminder is sent."),
                   _read_url(notice_id), notice=notice)


@require_POST
@login_required
def notice_withdraw(request, notice_id):
    notice = selectors.notice_get_for_actor(request.user, notice_id)
    asking = kit.confirm_first(request, title=notice.title, back=_read_url(notice_id),
                               question=_("Withdraw this notice? Recipients no longer see it."))
    if asking is not None:
        return asking
    return kit.act(request, services.notice_withdraw, _("The notice is withdrawn."),
                   _read_url(notice_id), notice=notice)


class UnreadList(ListPage):
    """Who has not read a notice yet, with download (for a phone round)."""

    columns = [Column(gettext_lazy("Name"), lambda r: str(r.user)),
               Column(gettext_lazy("Account"), "user.username"),
               Column(gettext_lazy("Reminded"), "reminded_at")]
    row_key, download_name = "receipt", "notice-unread"
    download_action = Action.VIEW_NOTICES
    empty_text = gettext_lazy("Everybody has read it.")

    def rows(self, filters):
        self.notice = selectors.notice_get_for_actor(self.request.user, self.kwargs["notice_id"])
        self.title = _("Not read yet: %(title)s") % {"title": self.notice.title}
        return selectors.unread_receipts(actor=self.request.user, notice=self.notice)

    def actions(self):
        yield _("Back to the notice"), _read_url(self.notice.pk)


class NotificationCentre(ListPage):
    title = gettext_lazy("Notifications")
    columns = [
        Column(gettext_lazy("Title"), "title",
               link=lambda n: reverse("notices:notification-open", args=[n.pk])),
        Column(gettext_lazy("Text"), "body"),
        Column(gettext_lazy("Sent"), "created_at"),
        Column(gettext_lazy("Read"), lambda n: n.read_at is not None),
    ]
    filter_form, row_key = NotificationFilterForm, "notification"
    empty_text = gettext_lazy("No notifications.")
    template_name = "notices/centre.html"

    def rows(self, filters):
        return selectors.notification_list(actor=self.request.user,
                                           unread=True if filters.get("unread") else None)

    def actions(self):
        yield _("Preferences"), reverse("notices:preferences")


@login_required
def notification_open(request, notification_id):
    """Mark one notification read and follow its link (only a link on this site)."""
    row = services.notification_open(actor=request.user, notification_id=notification_id)
    if row.link and url_has_allowed_host_and_scheme(row.link, allowed_hosts=None):
        return redirect(row.link)
    return redirect("notices:centre")


@require_POST
@login_required
def mark_all_read(request):
    return kit.act(request, lambda actor: services.notification_mark_read(actor=actor),
                   _("All notifications are marked read."), reverse("notices:centre"))


class Preferences(FormPage):
    form_class, title = PreferenceForm, gettext_lazy("Notification preferences")
    success_message = gettext_lazy("Your preference is saved.")
    template_name = "notices/preferences.html"

    def initial(self, obj):
        pref = next((p for p in selectors.preferences_of(self.request.user) if p.kind == "*"),
                    None)
        return {"kind": "*", "channel": pref.channel if pref else "console",
                "cadence": pref.cadence if pref else "daily"}

    def save(self, obj, data):
        return services.preference_set(actor=self.request.user, **data)

    def success_url(self, row):
        return reverse("notices:preferences")

    def back_url(self, obj):
        return reverse("notices:centre")

    def render_form(self, obj, form):
        return render(self.request, self.template_name, {
            "form": form, "title": self.page_title(obj), "back": self.back_url(obj),
            "preferences": selectors.preferences_of(self.request.user)},
            status=400 if form.errors else 200)
