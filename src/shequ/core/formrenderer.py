"""The one form renderer (``settings.FORM_RENDERER``): every form of every app, whatever
template draws it, renders its labels and drop-downs through here, so the house rules for
forms live in one place instead of a mixin each form must remember:

- labels end without a colon (the Chinese label is the whole question) and a required
  field's label carries a marker (``.required-mark``; hand-written labels get the same mark
  from the stylesheet through ``:has(:required)``);
- a drop-down's empty choice reads 请选择… instead of Django's ``---------``;
- a required drop-down with a single real choice (one community) shows it chosen.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

DASHES = "---------"
_SUFFIXES = (":", "：")


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == "django/forms/label.html":
            template_name = "core/forms/label.html"
            _label(context)
        elif template_name in ("django/forms/widgets/select.html",):
            _select(context["widget"])
        return super().render(template_name, context, request=request)


def _label(context) -> None:
    """Drop the suffix Django appended to the field's own label (a label a template passed
    in on purpose is left alone)."""
    label, field = context.get("label"), context.get("field")
    if field is None:
        return
    if label and str(label)[:-1] == str(conditional_escape(field.label)) and \
            str(label).endswith(_SUFFIXES):
        context["label"] = field.label
    context["required"] = field.field.required


def _select(widget: dict) -> None:
    options = [o for _group, opts, _i in widget.get("optgroups", ()) for o in opts]
    for option in options:
        if option["value"] in ("", None) and option["label"] in (DASHES, ""):
            option["label"] = _("Please choose…")
    if widget["attrs"].get("required") and not widget.get("allow_multiple_selected"):
        real = [o for o in options if o["value"] not in ("", None)]
        if len(real) == 1 and not any(o["selected"] for o in options):
            real[0]["selected"] = True
            real[0]["attrs"]["selected"] = True
