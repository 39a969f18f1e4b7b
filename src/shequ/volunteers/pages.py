"""What the volunteers pages share beyond the page kit (core.kit): the place filter, the
check-in QR code and yes/no as the downloads write it."""

from __future__ import annotations

import io

import segno
from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

DATE = {"type": "date"}


class AreaChoiceField(forms.ModelChoiceField):
    """A community or grid of the actor's scope, grids indented under their community."""

    def label_from_instance(self, obj):
        return f"— {obj.name}" if obj.kind == "grid" else obj.name


def yes_no(flag: bool) -> str:
    """A flag in a download: "yes" or "no" (the downloads have always spelled out both)."""
    return _("yes") if flag else _("no")


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (segno, no network)."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False,
                                     svgns=True)
    return mark_safe(out.getvalue().decode())  # noqa: S308 - generated SVG, no user markup
