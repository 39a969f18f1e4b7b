"""Branch posts and study materials: a notice addressed to the branch's members (the
``notices`` app fixes the audience as receipts and notifies them), recorded here with the
branch and its kind so the branch's pages list them with who has read them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.errors import DomainError
from shequ.notices import services as notice_services
from shequ.organizations.models import PartyOrg

from ..models import BranchPost, PostKind
from ..policies import Action, post_policy


@transaction.atomic
def branch_post_create(*, actor, org: PartyOrg, title: str, body: str,
                       kind: str = PostKind.POST, files: Iterable = ()) -> BranchPost:
    """Post to the members of ``org`` (and of the groups under it). Refused: a branch out
    of the actor's ``manage_posts`` scope; the notice's own refusals (empty title or text,
    files of another type or too large, no ``send_notices`` over the branch's area)."""
    post_policy.require(actor, Action.MANAGE_POSTS, org.path)
    if kind not in PostKind.values:
        raise DomainError(_("Choose a type from the list."), field="kind")
    notice = notice_services.notice_create(actor=actor, area=org.area, title=title, body=body,
                                           org_ids=[org.pk], files=files)
    post = BranchPost.objects.create(org=org, notice=notice, kind=kind, path=org.path)
    audit.record(actor=actor, action="branch_post", entity="branch_post", entity_id=post.pk,
                 summary=f"{org.name}: {notice.title}",
                 after={"kind": kind, "recipients": notice.recipient_count})
    return post
