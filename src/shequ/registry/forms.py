"""HTML forms of the registry. They only parse input; the rules (ID checksum, phone format,
name length, scope) live in registry.services and come back as DomainError messages that
the views attach to the named field."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from shequ.core.freetext import too_long_message
from shequ.territory.filters import AreaFilterField

from .models import Gender, MembershipStatus, PoliticalStatus, Relation, ResidenceType, Tag
from .services import ETHNICITY_MAX, NAME_MAX, NOTE_MAX

# Labels for the built-in tags (migration 0002), so English pages read English; tags added
# later by users show their own name.
TAG_LABELS = {
    "elderly_alone": _("Elderly living alone"),
    "disabled": _("Person with a disability"),
    "subsistence": _("Subsistence allowance"),
    "veteran": _("Veteran"),
    "left_behind_child": _("Left-behind child"),
    "key_person": _("Key person"),
}


def tag_label(tag: Tag) -> str:
    return str(TAG_LABELS.get(tag.code, tag.name))


def visible_tags(*, sensitive: bool) -> list[Tag]:
    """Tags a user may see: sensitive ones (重点人员…) only for staff who edit people."""
    qs = Tag.objects.order_by("id")
    if not sensitive:
        qs = qs.filter(sensitive=False)
    return list(qs)


def _blank(label):
    return [("", label)]


class TagChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return tag_label(obj)


class ResidentFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=40,
        widget=forms.TextInput(attrs={
            "type": "search", "autocomplete": "off", "inputmode": "search",
            "placeholder": _("Name, pinyin, initials or last 4 digits"),
        }),
    )
    area = AreaFilterField()
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), required=False,
                               choices=_blank(_("All")) + Gender.choices)
    residence_type = forms.ChoiceField(label=_("Residence type"), required=False,
                                       choices=_blank(_("All")) + ResidenceType.choices)
    political_status = forms.ChoiceField(label=_("Political status"), required=False,
                                         choices=_blank(_("All")) + PoliticalStatus.choices)

    def __init__(self, *args, areas=(), tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {a.pk: a for a in areas}
        base_depth = min((a.depth for a in areas), default=0)
        self.fields["area"].choices = _blank(_("All of my area")) + [
            (a.pk, "\u3000" * (a.depth - base_depth) + a.name) for a in areas
        ]
        self.fields["tag"].choices = _blank(_("All")) + [(t.code, tag_label(t)) for t in tags]

    def area_obj(self):
        return self.areas.get(self.cleaned_data.get("area"))

    def area_refused(self) -> bool:
        """An area was asked for that is not one of the user's (the list shows nothing)."""
        return self.cleaned_data.get("area") is not None and self.area_obj() is None


def _limit(n: int):
    """The help text that states a field's limit. The form itself does not check it: the
    service refuses longer values with the message every door gives (core.freetext)."""
    return lazy(too_long_message, str)(n)


class ResidentForm(forms.Form):
    name = forms.CharField(label=_("Name"), required=False, help_text=_limit(NAME_MAX),
                           widget=forms.TextInput(attrs={"maxlength": NAME_MAX,
                                                         "autocomplete": "off"}))
    id_number = forms.CharField(
        label=_("ID number"), required=False,
        help_text=_("18 characters; gender and birth date are read from it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(label=_("Phone"), required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel",
                                                          "autocomplete": "off"}))
    relation = forms.ChoiceField(label=_("Relation to head"), choices=Relation.choices)
    ethnicity = forms.CharField(label=_("Ethnicity"), required=False, initial="汉族",
                                help_text=_limit(ETHNICITY_MAX),
                                widget=forms.TextInput(attrs={"maxlength": ETHNICITY_MAX}))
    political_status = forms.ChoiceField(label=_("Political status"),
                                         choices=PoliticalStatus.choices,
                                         initial=PoliticalStatus.MASSES)
    residence_type = forms.ChoiceField(label=_("Residence type"), choices=ResidenceType.choices,
                                       initial=ResidenceType.REGISTERED)
    tags = TagChoiceField(label=_("Tags"), required=False, queryset=Tag.objects.none(),
                          widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Note"), required=False, help_text=_limit(NOTE_MAX),
                           widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}))

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = Tag.objects.filter(pk__in=[t.pk for t in tags])


class ResidentEditForm(ResidentForm):
    """Everything but the ID number, which is the resident's key and never changes; the
    phone field says the number kept (masked) when left empty."""

    def __init__(self, *args, phone_masked="", **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["id_number"]
        self.fields["phone"].help_text = _(
            "Now %(masked)s. Leave empty to keep it; type a new number to replace it."
        ) % {"masked": phone_masked or "—"}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off",
                                      "placeholder": _("e.g. home visit, verifying identity")}),
    )


class PartyMemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                      "placeholder": _("Name, pinyin or initials")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=_blank(_("All")) + MembershipStatus.choices)
    area = AreaFilterField()
