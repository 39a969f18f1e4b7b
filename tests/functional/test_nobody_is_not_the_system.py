"""The services of accounts, territory, organizations, registry, rosters and Open311 take
the system as ``SYSTEM``; ``None`` is nobody and is refused, writing nothing — as the
services already on a policy do (courses/tests/test_system_actor.py)."""

import pytest

from shequ.accounts import services as accounts
from shequ.accounts.models import User
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.core.scoping import may
from shequ.open311 import services as open311
from shequ.organizations import services as organizations
from shequ.organizations.models import Unit
from shequ.registry import services as registry
from shequ.rosters.services import import_file
from shequ.territory import services as territory
from shequ.territory.models import Area
from shequ.testing import factories

pytestmark = pytest.mark.django_db


def test_none_holds_nothing_and_the_system_everything(tree):
    assert may(SYSTEM, "edit_people", tree.grid1.path)
    assert not may(None, "edit_people", tree.grid1.path)


def test_every_service_refuses_nobody_and_writes_nothing(tree, tmp_path):
    from shequ.members.tests.conftest import code

    resident = factories.resident(tree.household1)
    worker = factories.user("grid_worker", tree.grid1)
    areas = Area.objects.count()
    attempts = [
        lambda: accounts.user_create(actor=None, username="nobody", home_area=tree.grid1),
        lambda: accounts.api_token_create(actor=None, user=worker, name="t"),
        lambda: territory.area_create(actor=None, kind="grid", name="第九网格",
                                      parent=tree.community),
        lambda: organizations.unit_create(actor=None, name="税务局", credit_code=code(1),
                                          kind="government", area=tree.community),
        lambda: registry.resident_reveal(actor=None, resident=resident, field="phone",
                                         reason="核对"),
        lambda: open311.client_issue(actor=None, name="app", area=tree.district),
        lambda: import_file(actor=None, path=tmp_path / "none.xlsx", community=tree.community),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as refused:
            attempt()
        assert refused.value.status in (403, 404), attempt
    assert not User.objects.filter(username="nobody").exists()
    assert not worker.api_tokens.exists()
    assert Area.objects.count() == areas and not Unit.objects.exists()


def test_the_system_does_what_the_operator_may(tree):
    user = accounts.user_create(actor=SYSTEM, username="operator_made", password="Xk9#pq2-Lm7!",
                                home_area=tree.grid1)
    grid = territory.area_create(actor=SYSTEM, kind="grid", name="第九网格",
                                 parent=tree.community)
    assert user.has_usable_password() and grid.code.startswith(tree.community.code)
