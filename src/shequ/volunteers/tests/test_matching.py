"""Matching: candidates for one need are ranked by skill, availability, distance and
fairness; infeasible volunteers never appear; the week solver fills what a greedy loop
cannot."""

import datetime as dt

import numpy as np
import pytest
from django.utils import timezone

from shequ.volunteers import services
from shequ.volunteers.models import Assignment, Skill
from shequ.volunteers.needs import matching
from shequ.volunteers.people.availability import bit, mask_of, window_mask

from .conftest import person

ALL = (1 << 21) - 1


def next_monday():
    today = timezone.localdate()
    return today + dt.timedelta(days=7 - today.weekday())


def at(day, hour):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def make_need(staff, place, skill, day, hour, building=None, people=1, title="需求"):
    return services.need_create(
        actor=staff, title=title, community=place.community, starts_at=at(day, hour),
        ends_at=at(day, hour + 2), skill=skill, people_needed=people,
        building=building or place.household2.entrance.building)


def test_window_mask_covers_the_bands_a_window_touches():
    monday = next_monday()
    assert window_mask(at(monday, 9), at(monday, 11)) == bit(0, 0)
    assert window_mask(at(monday, 11), at(monday, 13)) == bit(0, 0) | bit(0, 1)
    assert window_mask(at(monday, 23), at(monday, 23) + dt.timedelta(minutes=30)) == bit(0, 2)


def test_candidates_rank_by_level_and_distance_and_skip_the_infeasible(staff, place, skill):
    # given four volunteers near building 2 and one need there on a Monday morning
    monday = next_monday()
    near_expert = person(place.household2, "近专家")
    far_expert = person(place.household1, "远专家")
    near_basic = person(place.household2, "近新手")
    unavailable = person(place.household2, "没空")
    no_skill = person(place.household2, "无技能")
    for r, level, avail in ((near_expert, 3, ALL), (far_expert, 3, ALL), (near_basic, 1, ALL),
                            (unavailable, 3, mask_of([(2, 2)]))):
        services.volunteer_register(actor=staff, resident=r, skills={skill.pk: level},
                                    availability=avail)
    services.volunteer_register(actor=staff, resident=no_skill, availability=ALL)
    need = make_need(staff, place, skill, monday, 9)
    # when candidates are proposed
    found = matching.candidates(staff, need)
    # then the near expert comes first, then the far one, then the beginner; the
    # unavailable and unskilled volunteers are not proposed
    assert [c.name for c in found] == ["近专家", "远专家", "近新手"]
    assert found[0].km < 0.1 < found[1].km


def test_fairness_prefers_who_has_served_less(staff, place, skill):
    monday = next_monday()
    busy, fresh = person(place.household2, "常来"), person(place.household2, "新人")
    v_busy = services.volunteer_register(actor=staff, resident=busy, skills={skill.pk: 2},
                                         availability=ALL)
    services.volunteer_register(actor=staff, resident=fresh, skills={skill.pk: 2},
                                availability=ALL)
    for day in range(2, 5):
        earlier = make_need(staff, place, skill, monday + dt.timedelta(days=day), 14)
        services.assignment_confirm(actor=staff, need=earlier, volunteer=v_busy)
    need = make_need(staff, place, skill, monday, 9)
    assert [c.name for c in matching.candidates(staff, need)] == ["新人", "常来"]


def test_busy_volunteers_and_the_requester_are_not_candidates(staff, place, skill, carol):
    monday = next_monday()
    v = services.volunteer_register(actor=staff, resident=carol, skills={skill.pk: 3},
                                    availability=ALL)
    other = make_need(staff, place, skill, monday, 9)
    services.assignment_confirm(actor=staff, need=other, volunteer=v)
    clash = make_need(staff, place, skill, monday, 10)
    assert matching.candidates(staff, clash) == []
    own = services.need_create(actor=staff, title="帮我", community=place.community,
                               starts_at=at(monday, 15), ends_at=at(monday, 16), skill=skill,
                               requester=carol)
    assert matching.candidates(staff, own) == []


def test_candidates_stay_inside_the_staff_scope(staff, place, skill):
    from shequ.testing import factories
    from shequ.testing.factories import Tree
    other = Tree()
    outsider = person(other.household1, "外社区")
    admin = factories.user("district_admin", other.district)
    services.volunteer_register(actor=admin, resident=outsider, skills={skill.pk: 3},
                                availability=ALL)
    need = make_need(staff, place, skill, next_monday(), 9)
    assert matching.candidates(staff, need) == []


def greedy(staff, needs):
    """Each need in turn takes its best candidate not yet used."""
    used, out = set(), {}
    for need in needs:
        for c in matching.candidates(staff, need):
            if c.volunteer_id not in used:
                used.add(c.volunteer_id)
                out[need.pk] = c.volunteer_id
                break
    return out


def test_solver_fills_both_needs_where_greedy_leaves_one_empty(staff, place, skill):
    # given two volunteers: X can do both kinds of work and lives next to both needs,
    # Y only cares for the elderly and lives farther away
    monday = next_monday()
    legal = Skill.objects.get(code="legal_aid")
    x, y = person(place.household2, "全能"), person(place.household1, "专一")
    vx = services.volunteer_register(actor=staff, resident=x,
                                     skills={skill.pk: 3, legal.pk: 2}, availability=ALL)
    vy = services.volunteer_register(actor=staff, resident=y, skills={skill.pk: 2},
                                     availability=ALL)
    # and two needs: elderly care first (both qualify, X scores higher), then legal aid
    # (only X qualifies), on different days
    care = make_need(staff, place, skill, monday, 9, title="照护")
    law = make_need(staff, place, legal, monday + dt.timedelta(days=1), 9, title="法律")
    # when greedy goes need by need, X goes to the first need and legal aid is unfilled
    assert greedy(staff, [care, law]) == {care.pk: vx.pk}
    # then the assignment solver fills both: Y cares, X gives legal aid
    solution = matching.solve_week(staff, week_start=monday)
    assert {(n, v) for n, v, _s in solution.pairs} == {(care.pk, vy.pk), (law.pk, vx.pk)}
    assert solution.unfilled == {}


def test_solver_respects_headcount_and_one_slot_per_volunteer(staff, place, skill):
    monday = next_monday()
    people = [person(place.household2, f"志愿{i}") for i in range(3)]
    for r in people:
        services.volunteer_register(actor=staff, resident=r, skills={skill.pk: 2},
                                    availability=ALL)
    big = make_need(staff, place, skill, monday, 9, people=2)
    small = make_need(staff, place, skill, monday + dt.timedelta(days=2), 14, people=2)
    solution = matching.solve_week(staff, week_start=monday)
    assert solution.slots == 4 and solution.filled == 3
    assert len({v for _n, v, _s in solution.pairs}) == 3
    assert sum(solution.unfilled.values()) == 1
    # and storing the solution makes proposals that staff then confirm
    stored = services.proposals_replace(actor=staff, pairs=solution.pairs,
                                        needs=solution.needs)
    assert stored == 3
    assert Assignment.objects.filter(state="proposed", need__in=[big, small]).count() == 3
    again = services.proposals_replace(actor=staff, pairs=solution.pairs, needs=solution.needs)
    assert again == 3 and Assignment.objects.filter(state="proposed").count() == 3


def test_assign_maximises_filled_slots_before_score():
    inf = matching.INFEASIBLE
    costs = np.array([[0.1, 0.2], [0.15, inf]])
    assert sorted(matching.assign(costs)) == [(0, 1), (1, 0)]


@pytest.mark.parametrize("accept", [True, False])
def test_volunteer_answers_a_confirmed_assignment(staff, place, skill, alice, accept):
    v = services.volunteer_register(actor=alice.user, resident=alice, skills={skill.pk: 1},
                                    availability=ALL)
    need = make_need(staff, place, skill, next_monday(), 9)
    row = services.assignment_confirm(actor=staff, need=need, volunteer=v)
    services.assignment_respond(actor=alice.user, assignment=row, accept=accept)
    need.refresh_from_db()
    assert need.state == ("filled" if accept else "open")
