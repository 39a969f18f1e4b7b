"""Views for the middleware and page-kit tests: each raises one refusal, or is a kit page
over a plain form whose "service" records what it was given."""

from django import forms
from django.urls import include, path

from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.kit import Column, FormPage, ListPage, act_form

SAVED: list[dict] = []


def _raiser(exc):
    def view(request):
        raise exc
    return view


class NoteForm(forms.Form):
    title = forms.CharField(max_length=20)


class NoteDelete(FormPage):
    """A destructive save: asks first; "taken" is refused on its field, "gone" is a 404."""

    form_class = NoteForm
    title = "Delete a note"
    confirm = "Delete it for good?"

    def save(self, obj, data):
        if data["title"] == "taken":
            raise DomainError("That title is taken.", field="title")
        if data["title"] == "gone":
            raise NotFound()
        SAVED.append(data)
        return data

    def success_url(self, row):
        return "/done/"


class NoteEdit(NoteDelete):
    """A form page with a hint and no confirmation."""

    confirm, hint = "", "Titles show on the notice board."


class AuditList(ListPage):
    """A list refused (403) to anyone who is not staff, showing its count."""

    title, counted = "Audit", True
    columns = [Column("Action", "action")]
    template_name = "core/kit/list.html"

    def check(self):
        if not self.request.user.is_staff:
            raise Forbidden()

    def rows(self, filters):
        from shequ.core.models import AuditEvent

        return AuditEvent.objects.order_by("-id")


def note_button(request):
    """A button's POST with a one-field form: the note is its title."""
    return act_form(request, NoteForm(request.POST), lambda actor, title: SAVED.append(title),
                    "Noted.", "/done/", refusal=request.GET.get("refusal", ""))


refusals = [
    path("not-found/", _raiser(NotFound())),
    path("forbidden/", _raiser(Forbidden())),
    path("conflict/", _raiser(Conflict("Already booked.", code="duplicate"))),
    path("invalid/", _raiser(DomainError("Bad date.", field="day"))),
]
urlpatterns = [
    path("page/", include(refusals)),
    path("api/v1/", include(refusals)),
    path("note/delete/", NoteDelete.as_view()),
    path("note/edit/", NoteEdit.as_view()),
    path("note/button/", note_button),
    path("audit/", AuditList.as_view()),
    path("", include("shequ.urls")),
]

handler403 = "shequ.api.errors.permission_denied_page"
handler404 = "shequ.api.errors.page_not_found"
