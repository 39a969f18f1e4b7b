"""The dashboard's talent figures: open posts per community (not the closed nor the
expired), the consenting reserve and this month's hires per grid; another area's staff
see only theirs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.core.actors import SYSTEM
from shequ.organizations import services as org_services
from shequ.talent import services
from shequ.talent.figures import FIGURES
from shequ.talent.models import Demand, Profile, Referral
from shequ.talent.tests.conftest import code, post_fields
from shequ.testing import factories as f


def _post(unit, **kw):
    fields = post_fields(**kw) | {"lat": None, "lng": None}
    return Demand.objects.create(unit=unit, path=unit.path, **fields)


def test_talent_figures_per_area_and_in_scope(tree, unit, alice, bob):
    other = f.second_community(tree)
    other_unit = org_services.unit_create(actor=SYSTEM, name="南苑超市", credit_code=code(12),
                                          kind="enterprise", area=other)
    now, today = timezone.now(), timezone.localdate()
    open_post = _post(unit)
    _post(unit, state="closed")
    _post(unit, deadline=today - dt.timedelta(days=1))
    _post(other_unit)
    profiles = [Profile.objects.create(resident=r, consented=consented, path=r.path,
                                       consent_at=now if consented else None)
                for r, consented in ((alice, True), (bob, False))]
    Referral.objects.create(demand=open_post, profile=profiles[0], state="hired",
                            path=profiles[0].path)
    Referral.objects.create(demand=_post(unit), profile=profiles[1], state="interviewed",
                            path=profiles[1].path)
    admin = f.user(Role.STREET_ADMIN, tree.street)
    street = f.figure_place(tree.street, tree.community)
    assert f.figure_values(FIGURES, "talent.open_posts", admin, street) == {
        tree.community.path: 2, other.path: 1}
    theirs = f.user(Role.COMMUNITY_STAFF, other)
    assert f.figure_values(FIGURES, "talent.open_posts", theirs, street) == {other.path: 1}

    grids = f.figure_place(tree.community, tree.grid1)
    assert f.figure_values(FIGURES, "talent.reserve", admin, grids) == {tree.grid1.path: 1}
    assert f.figure_values(FIGURES, "talent.hired", admin, grids) == {tree.grid1.path: 1}
    worker = f.user(Role.GRID_WORKER, tree.grid2)
    assert f.figure_values(FIGURES, "talent.reserve", worker, grids) == {}
    assert f.figure_values(FIGURES, "talent.hired", theirs, grids) == {}


def test_a_hire_counts_in_the_month_it_is_recorded(tree, demand, alice_profile, recruiter):
    # given a referral made long ago
    r = Referral.objects.create(demand=demand, profile=alice_profile, state="interviewed",
                                path=alice_profile.path)
    Referral.objects.filter(pk=r.pk).update(changed_at=timezone.now() - dt.timedelta(days=400))
    grids = f.figure_place(tree.community, tree.grid1)
    assert f.figure_values(FIGURES, "talent.hired", SYSTEM, grids) == {}
    # when the recruiter records the hire today, then it counts this month
    services.referral_advance(actor=recruiter, referral=r, state="hired")
    assert f.figure_values(FIGURES, "talent.hired", SYSTEM, grids) == {tree.grid1.path: 1}
