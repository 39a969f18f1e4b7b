"""The public text of a case: what Open311 publishes of a report the public filed."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import DomainError

from ..models import DESCRIPTION_MAX, Case
from ..policies import Action, case_policy
from ..selectors.public import PUBLIC_TEXT_SOURCES, public_text
from ._limits import limited
from ._retry import retry_when_locked


@retry_when_locked
@transaction.atomic
def case_public_text_set(*, actor, case: Case, text: str) -> Case:
    """Replace what is published of a report filed by the public (empty: publish its
    description again). Staff who dispatch cases over its place only; the text is masked
    like anything public; the change is audited with both texts."""
    case_policy.require(actor, Action.ASSIGN_CASES, case)
    if case.source not in PUBLIC_TEXT_SOURCES:
        raise DomainError(_("Only reports filed by the public have a public text."),
                          field="public_text")
    text = public_text(limited(text, field="public_text", maximum=DESCRIPTION_MAX))
    before = case.public_description
    Case.objects.filter(pk=case.pk).update(public_description=text)
    case.public_description = text
    audit.record(actor=actor, action="case_public_text", entity="case", entity_id=case.pk,
                 summary=f"#{case.pk} public text", before={"public_text": before},
                 after={"public_text": text})
    return case
