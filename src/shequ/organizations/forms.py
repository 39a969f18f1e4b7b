from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OrgKind


class PartyOrgFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All types"))] + OrgKind.choices)
