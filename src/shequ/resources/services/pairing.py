"""城乡结对共建 writes: pair a community with a village and record the exchanges."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import DomainError
from shequ.core.freetext import clean_text

from ..models import Exchange, ExchangeForm, Pairing, Resource
from ..models.contacts import has_phone
from ..policies import Action, pairing_policy
from .contacts import contact_fields
from .resources import PHOTO_TYPES, store_file


@transaction.atomic
def pairing_create(*, actor, community, village: str, township: str, contact: str = "",
                   contact_phone: str = "", started_on: dt.date | None = None) -> Pairing:
    """A community paired with a village; the village's contact phone is kept encrypted."""
    pairing_policy.require(actor, Action.MANAGE_RESOURCES, community)
    row = Pairing.objects.create(
        community=community, path=community.path, started_on=started_on,
        village=clean_text(village, field="village", model=Pairing, required=True,
                           single_line=True),
        township=clean_text(township, field="township", model=Pairing, required=True,
                            single_line=True),
        **contact_fields(model=Pairing, name=contact, phone=contact_phone))
    audit.record(actor=actor, action="create", entity="pairing", entity_id=row.pk,
                 summary=str(row))
    return row


@transaction.atomic
def exchange_add(*, actor, pairing: Pairing, form: str, on_date: dt.date, residents=(),
                 people_text: str = "", resources=(), resources_text: str = "",
                 outcome: str = "", photos=()) -> Exchange:
    """One exchange in one of the three forms: people from the registry (in the actor's
    scope) or named in free text, resources lent from the list, the outcome, photos."""
    pairing_policy.require(actor, Action.MANAGE_RESOURCES, pairing)
    if form not in ExchangeForm.values:
        raise DomainError(_("Unknown form."), field="form")
    people_text = clean_text(people_text, field="people_text", model=Exchange)
    if not residents and not people_text:
        raise DomainError(_("Name the people who took part."), field="people_text")
    if has_phone(people_text):  # names only: a number here would be kept and shown in clear
        raise DomainError(_("Name the people only; do not write phone numbers here."),
                          field="people_text")
    foreign = [r for r in resources if not isinstance(r, Resource)
               or not (r.path == pairing.path or r.path.startswith(pairing.path + "."))]
    if foreign:
        raise DomainError(_("Resources lent must be the community's."), field="resources")
    row = Exchange.objects.create(
        pairing=pairing, form=form, on_date=on_date, path=pairing.path,
        people_text=people_text,
        resources_text=clean_text(resources_text, field="resources_text", model=Exchange),
        outcome=clean_text(outcome, field="outcome", model=Exchange))
    row.residents.set(residents)
    row.resources.set(resources)
    row.photos.set([store_file(actor=actor, upload=f, types=PHOTO_TYPES, field="photos")
                    for f in photos])
    audit.record(actor=actor, action="exchange_add", entity="pairing", entity_id=pairing.pk,
                 summary=f"{row.get_form_display()} {on_date}")
    return row
