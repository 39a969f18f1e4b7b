"""Views for the middleware and page-kit tests: each raises one refusal, or is a kit page
over a plain form whose "service" records what it was given."""

from django import forms
from django.urls import include, path

from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.kit import FormPage

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
    path("", include("shequ.urls")),
]

handler403 = "shequ.api.errors.permission_denied_page"
handler404 = "shequ.api.errors.page_not_found"
