"""Rows that copy a resident's home path (volunteer, points account, redemptions) follow
the resident: when their building moves to another grid, the grid-scoped lists show
them under the new grid and no longer under the old one. Points entries keep the path
they were written at (append-only ledger)."""

from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.registry import services as registry_services
from shequ.territory import services as territory_services
from shequ.volunteers import selectors, services
from shequ.volunteers.models import PointsAccount, PointsEntry, Redemption, Volunteer


def visible_to(user) -> set[str]:
    return {v.resident.name for v in selectors.volunteer_list(actor=user)}


def test_building_move_takes_the_volunteer_to_the_new_grid(client, place, alice, volunteer,
                                                          earn, grid_worker,
                                                          other_grid_worker):
    # given Alice volunteers in grid 1, with points and a reward to collect
    earn(alice, 3)
    reward = services.reward_create(actor=SYSTEM, community=place.community, name="米",
                                    kind="item", cost=10, stock=1)
    services.points_redeem(actor=alice.user, resident=alice, reward=reward)
    old_entry_path = PointsEntry.objects.filter(account__resident=alice).first().path
    assert "王芳" in visible_to(grid_worker) and "王芳" not in visible_to(other_grid_worker)
    # when her building is moved to grid 2
    building = place.household1.entrance.building
    territory_services.building_move(actor=SYSTEM, building=building, grid=place.grid2)
    # then the grid lists show her under grid 2 only
    assert "王芳" not in visible_to(grid_worker)
    assert "王芳" in visible_to(other_grid_worker)
    client.force_login(other_grid_worker)
    page = client.get(reverse("volunteers:volunteer-list")).content.decode()
    assert f'data-volunteer="{volunteer.pk}"' in page
    client.force_login(grid_worker)
    page = client.get(reverse("volunteers:volunteer-list")).content.decode()
    assert f'data-volunteer="{volunteer.pk}"' not in page
    # and every copied path moved with her, except the ledger's history
    home = place.grid2.path
    assert Volunteer.objects.get(pk=volunteer.pk).path == home
    assert PointsAccount.objects.get(resident=alice).path == home
    assert Redemption.objects.get(account__resident=alice).path == home
    assert set(PointsEntry.objects.filter(account__resident=alice)
               .values_list("path", flat=True)) == {old_entry_path}


def test_a_resident_moving_house_takes_their_volunteer_row_along(place, alice, volunteer,
                                                                 grid_worker,
                                                                 other_grid_worker):
    # when Alice moves to a household in grid 2
    registry_services.resident_update(actor=SYSTEM, resident=alice,
                                      household=place.household2)
    # then she is listed under grid 2, not grid 1
    assert "王芳" in visible_to(other_grid_worker)
    assert "王芳" not in visible_to(grid_worker)


def test_the_move_realigns_home_building_position_and_account(place, alice, volunteer, earn):
    """The registry's resident-move hook runs ``volunteer_follow_home``: matching measures
    distance from the new building, the points account is listed in the new grid."""
    # given
    earn(alice, 1)
    # when
    registry_services.resident_update(actor=SYSTEM, resident=alice,
                                      household=place.household2)
    # then
    volunteer.refresh_from_db()
    assert volunteer.path == place.grid2.path
    assert volunteer.building == place.household2.entrance.building
    assert (volunteer.lat, volunteer.lng) == (31.217, 107.468)
    assert PointsAccount.objects.get(resident=alice).path == place.grid2.path
