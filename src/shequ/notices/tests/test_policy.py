"""The role × action table of notices, written out by hand (independent of policies.py):
who may send a notice to their community and who may read its receipts."""

import pytest
from django.utils import timezone

from shequ.notices.models import Notice
from shequ.notices.policies import Action, notice_policy
from shequ.testing import factories

pytestmark = pytest.mark.django_db

#            role              send   view receipts
TABLE = [
    ("district_admin",   True,  True),
    ("street_admin",     True,  True),
    ("community_staff",  True,  True),
    ("supervisor",       False, True),
    ("grid_worker",      False, False),
    ("unit_liaison",     False, False),
    ("party_member",     False, False),
    ("resident",         False, False),
    ("sysadmin",         False, False),
    ("secadmin",         False, False),
    ("auditor",          False, False),
]


@pytest.mark.parametrize(("role", "send", "view"), TABLE)
def test_role_action_table(tree, role, send, view):
    place = {"district_admin": tree.district, "street_admin": tree.street,
             "grid_worker": tree.grid1}.get(role, tree.community)
    user = factories.user(role, place)
    notice = Notice.objects.create(title="t", body="b", area=tree.community,
                                   path=tree.community.path, publish_at=timezone.now())
    assert notice_policy.can(user, Action.SEND_NOTICES, tree.community) is send
    assert notice_policy.can(user, Action.VIEW_NOTICES, notice) is view


@pytest.mark.parametrize("role", ["district_admin", "street_admin", "community_staff"])
def test_senders_reach_no_other_place(tree, role):
    other = factories.Tree()
    place = {"district_admin": tree.district, "street_admin": tree.street}.get(
        role, tree.community)
    user = factories.user(role, place)
    assert not notice_policy.can(user, Action.SEND_NOTICES, other.community)
