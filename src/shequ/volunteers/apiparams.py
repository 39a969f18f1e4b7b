"""Input helpers the volunteers API modules share: a PATCH's fields, and the skill or area a
payload names by id (a wrong id is an error on that field, not a 404 of the endpoint)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shequ.core.errors import DomainError, ErrorCode, NotFound

from .people import selectors as people_selectors


def sent(payload) -> dict:
    """The fields a PATCH actually sent (an explicit null included)."""
    return payload.dict(exclude_unset=True)


def pick(payload, key: str, stored):
    """A PATCH field's new value, or the stored one when it was not sent (or sent null)."""
    value = getattr(payload, key)
    return stored if value is None else value


def skill_or_field_error(pk):
    """The active skill of the managed list with id ``pk`` (None for none)."""
    if pk is None:
        return None
    skill = people_selectors.skill_list().filter(pk=pk).first()
    if skill is None:
        raise DomainError(_("Choose skills from the list."), field="skill")
    return skill


def area_or_field_error(actor, pk, field: str = "community"):
    """A community or grid of the actor's scope named in a payload."""
    from shequ.territory.selectors import area_get_for_actor
    try:
        return area_get_for_actor(actor, pk)
    except NotFound:
        raise DomainError(_("Not found or outside your area."), code=ErrorCode.NOT_FOUND,
                          field=field) from None
