"""What the ``org`` and ``unit`` commands share: finding an area, an organisation or a unit
the way an office names them, inside the acting user's scope (the system sees everything);
one that is not found exits non-zero with its code and Chinese message (a service's
refusal does the same through ``core.management.actors.SubcommandsAsActor``)."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from shequ.organizations import selectors
from shequ.organizations.models import PartyOrg, Unit
from shequ.territory import selectors as territory_selectors
from shequ.territory.models import Area


def refused(code: str, message: str) -> CommandError:
    return CommandError(f"{code}: {message}")


def area_by_code(actor, code: str) -> Area:
    area = territory_selectors.area_list(actor=actor).filter(code=(code or "").strip()).first()
    if area is None:
        raise refused("not_found", _("No area with code %(code)s in your scope.")
                      % {"code": code})
    return area


def org_by_ref(actor, ref: str) -> PartyOrg:
    """An organisation by id or by its exact name; a name two organisations share must be
    given as an id (the list shows them)."""
    ref = (ref or "").strip()
    qs = selectors.party_org_choices(actor=actor)
    rows = list(qs.filter(pk=int(ref))) if ref.isdigit() else list(qs.filter(name=ref)[:2])
    if not rows:
        raise refused("not_found", _("No party organisation %(ref)s in your scope.")
                      % {"ref": ref})
    if len(rows) > 1:
        raise refused("ambiguous", _("Several party organisations are called %(ref)s: give "
                                     "the id shown by “org list”.") % {"ref": ref})
    return rows[0]


def unit_by_ref(actor, ref: str) -> Unit:
    """A unit by credit code (any case) or id, in the actor's scope."""
    ref = (ref or "").strip()
    qs = selectors.unit_list(actor=actor)
    unit = (qs.filter(pk=int(ref)) if ref.isdigit() else qs.filter(credit_code=ref.upper())
            ).first()
    if unit is None:
        raise refused("not_found", _("No unit %(ref)s in your scope.") % {"ref": ref})
    return unit
