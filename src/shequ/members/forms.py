"""HTML forms of 党员联管: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import LimitsStatedForm, limit_of

from .models import DualRegistration, FallbackAttachment, ServiceLog, ServicePost

YES_NO = [("", _("All")), ("1", _("Yes")), ("0", _("No"))]


def yes_no(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


class LogForm(LimitsStatedForm):
    served_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(label=_("Hours"), min_value=0.1, max_value=24, decimal_places=1)
    post = forms.ModelChoiceField(label=_("Service post"), queryset=None, required=False)
    description = forms.CharField(label=_("What was done"),
                                  max_length=limit_of(ServiceLog, "description"))

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts


class PostForm(LimitsStatedForm):
    """A service post (服务岗位). ``communities`` only when creating."""

    community = forms.ModelChoiceField(label=_("Community"), queryset=None)
    name = forms.CharField(label=_("Post name"), max_length=limit_of(ServicePost, "name"))
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=limit_of(ServicePost, "description"),
                                  widget=forms.Textarea(attrs={"rows": 2}))
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000,
                                  required=False, help_text=_("Leave empty for no limit."))
    is_active = forms.BooleanField(label=_("Offered to members"), required=False)

    def __init__(self, *args, communities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if communities is None:
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities
            if communities.count() == 1:
                self.fields["community"].initial = communities.first()
            del self.fields["is_active"]


class PostFilterForm(forms.Form):
    q = forms.CharField(label=_("Post name"), max_length=40, required=False)
    community = forms.ModelChoiceField(label=_("Community"), queryset=None, required=False)
    active = forms.ChoiceField(label=_("Offered to members"), choices=YES_NO, required=False)

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, pinyin or last 4 digits of the phone"), max_length=40,
                        required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False)
    community = forms.ModelChoiceField(label=_("Community"), queryset=None, required=False)
    post = forms.ModelChoiceField(label=_("Service post"), queryset=None, required=False)
    active = forms.ChoiceField(label=_("Active"), choices=YES_NO, required=False, initial="1")

    def __init__(self, *args, units, communities, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["community"].queryset = communities
        self.fields["post"].queryset = posts


class FallbackForm(LimitsStatedForm):
    reason = forms.CharField(label=_("Reason"),
                             max_length=limit_of(FallbackAttachment, "reason"))


class EndForm(LimitsStatedForm):
    reason = forms.CharField(label=_("Reason"),
                             max_length=limit_of(DualRegistration, "end_reason"))


class StaffRegisterForm(forms.Form):
    """Staff register a member for 双报到 on their behalf: the posts of the member's home
    community (each labelled with its places taken)."""

    posts = forms.ModelMultipleChoiceField(label=_("Service posts"), queryset=None,
                                           required=False,
                                           widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"].queryset = posts
        self.fields["posts"].label_from_instance = _post_label


def _post_label(post) -> str:
    if post.capacity:
        return f"{post.name}（{post.serving}/{post.capacity}）"
    return post.name
