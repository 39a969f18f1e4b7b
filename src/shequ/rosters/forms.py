from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.territory.models import Area

from .models import ImportMode

MAX_UPLOAD_BYTES = 60 * 1024 * 1024


class UploadForm(forms.Form):
    community = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("Community"))
    file = forms.FileField(label=_("Roster file (.xlsx, .xls or .csv)"))
    mode = forms.ChoiceField(choices=ImportMode.choices, initial=ImportMode.VALID_ROWS,
                             widget=forms.RadioSelect, label=_("When some rows are rejected"))
    build_structure = forms.BooleanField(
        required=False, label=_("Add the housing the roster names"),
        help_text=_("Compounds, buildings, unit entrances and rooms named in the roster that "
                    "do not exist yet are listed with the check and created once you confirm "
                    "the list."))
    grid = forms.ModelChoiceField(queryset=Area.objects.none(), required=False,
                                  label=_("Grid for new buildings"),
                                  help_text=_("Default: the community's first grid."))

    def __init__(self, *args, communities=None, grids=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities if communities is not None else \
            Area.objects.none()
        self.fields["grid"].queryset = grids if grids is not None else Area.objects.none()
        only = list(self.fields["community"].queryset[:2])
        if len(only) == 1:
            self.fields["community"].initial = only[0].pk

    def clean_file(self):
        f = self.cleaned_data["file"]
        if f.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 60 MB."))
        return f

    def clean(self):
        data = super().clean()
        grid, community = data.get("grid"), data.get("community")
        if grid is not None and community is not None and grid.parent_id != community.pk:
            self.add_error("grid", _("Choose a grid of this community."))
        return data


class ExportForm(forms.Form):
    scope = forms.ModelChoiceField(queryset=Area.objects.none(), label=_("Area"))
    reveal = forms.BooleanField(required=False,
                                label=_("ID numbers and phones in clear (logged)"))
    reason = forms.CharField(required=False, max_length=300, label=_("Reason"))

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].queryset = areas if areas is not None else Area.objects.none()
        first = self.fields["scope"].queryset.first()
        if first is not None:
            self.fields["scope"].initial = first.pk  # the actor's widest area
