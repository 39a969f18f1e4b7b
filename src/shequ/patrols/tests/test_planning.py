"""The planner's properties (hypothesis): nobody over the maximum or twice a day, only
available people of a pool above the slot's grid, and as many slots covered as a maximum
flow allows — checked against a brute-force bound on small cases."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from shequ.patrols.planning import Band, Person, Slot, assign, required_slots

MONTH = dt.date(2026, 3, 1)
GRIDS = ["01.01.001.001", "01.01.001.002", "01.01.002.001"]
HOMES = ["01.01.001", "01.01.002", "01.01"]
BANDS = [(dt.time(19), dt.time(23)), (dt.time(6), dt.time(8)), (dt.time(20), dt.time(0))]

people_st = st.lists(st.builds(
    lambda i, home, days, start, end: (i, home, days, start, end),
    st.integers(), st.sampled_from(HOMES), st.integers(0, 127),
    st.sampled_from([dt.time(0), dt.time(7), dt.time(18)]),
    st.sampled_from([dt.time(22), dt.time(23, 59), dt.time(9)])), max_size=12)
slots_st = st.lists(st.builds(
    lambda g, day, band: Slot(g, hash(g) % 5, MONTH + dt.timedelta(days=day), *band),
    st.sampled_from(GRIDS), st.integers(0, 9), st.sampled_from(BANDS)), max_size=30)


def _people(raw):
    return [Person(n, home, days, start, end) for n, (_i, home, days, start, end)
            in enumerate(raw)]


@settings(max_examples=150, deadline=None)
@given(slots=slots_st, raw=people_st, max_shifts=st.integers(1, 4))
def test_assignment_respects_every_rule(slots, raw, max_shifts):
    people = _people(raw)
    chosen = assign(slots, people, max_shifts)
    per_person = Counter(chosen.values())
    assert all(n <= max_shifts for n in per_person.values())
    per_day = Counter((p, slots[s].date) for s, p in chosen.items())
    assert all(n == 1 for n in per_day.values())
    for s, p in chosen.items():
        person, slot = people[p], slots[s]
        assert person.available(slot)
        assert slot.grid == person.home or slot.grid.startswith(person.home + ".")


@settings(max_examples=100, deadline=None)
@given(slots=slots_st, raw=people_st)
def test_nothing_left_uncovered_that_a_free_person_could_take(slots, raw):
    """Maximality: no uncovered slot has an eligible person with a free day and room."""
    people = _people(raw)
    chosen = assign(slots, people, 31)
    busy = {(p, slots[s].date) for s, p in chosen.items()}
    for s, slot in enumerate(slots):
        if s in chosen:
            continue
        for p, person in enumerate(people):
            eligible = person.available(slot) and (
                slot.grid == person.home or slot.grid.startswith(person.home + "."))
            assert not (eligible and (p, slot.date) not in busy)


def test_required_slots_rotate_routes_and_skip_weekdays():
    # two routes, one guard, weekdays only (Mon–Fri = 0b0011111), March 2026
    bands = [Band(GRIDS[0], dt.time(19), dt.time(23), 0b0011111, 1)]
    slots = required_slots(MONTH, bands, {GRIDS[0]: [10, 11]})
    assert len(slots) == 22  # March 2026 has 22 weekdays
    assert {s.route for s in slots} == {10, 11}
    assert all(s.date.weekday() < 5 for s in slots)
    assert required_slots(MONTH, bands, {}) == []


def test_used_shifts_and_busy_days_count():
    slot = Slot(GRIDS[0], 1, MONTH, dt.time(19), dt.time(23))
    tired = Person(1, HOMES[0], 127, dt.time(0), dt.time(23, 59), used=2)
    away = Person(2, HOMES[0], 127, dt.time(0), dt.time(23, 59), busy=frozenset({MONTH}))
    assert assign([slot], [tired, away], 2) == {}
    assert assign([slot], [tired, away], 3) == {0: 1}


# People drawn from a few availability profiles, so many share the same one exactly.
PROFILES = [(HOMES[0], 127, dt.time(0), dt.time(23, 59)),
            (HOMES[0], 0b0011111, dt.time(18), dt.time(23, 59)),
            (HOMES[2], 127, dt.time(7), dt.time(23, 59)),
            (HOMES[1], 0b1010101, dt.time(0), dt.time(23, 59))]


@settings(max_examples=150, deadline=None)
@given(slots=slots_st, profiles=st.lists(st.integers(0, len(PROFILES) - 1), max_size=10),
       max_shifts=st.integers(1, 6))
def test_fair_plan_spreads_shifts_and_covers_as_much(slots, profiles, max_shifts):
    """Among people with the same pool and availability, loads differ by at most one;
    the fair plan covers exactly as many slots as one plain maximum flow."""
    people = [Person(n, *PROFILES[k]) for n, k in enumerate(profiles)]
    fair = assign(slots, people, max_shifts)
    assert len(fair) == len(assign(slots, people, max_shifts, fair=False))
    load = Counter(fair.values())
    for k in set(profiles):
        loads = [load[n] for n, kk in enumerate(profiles) if kk == k]
        assert max(loads) - min(loads) <= 1
    assert all(n <= max_shifts for n in load.values())
    assert all(n == 1 for n in Counter((p, slots[s].date) for s, p in fair.items()).values())


def test_fair_plan_evens_out_a_lopsided_flow():
    """Ten evenings, five identical people, up to eight shifts each: two apiece."""
    slots = [Slot(GRIDS[0], 1, MONTH + dt.timedelta(days=d), dt.time(19), dt.time(23))
             for d in range(10)]
    people = [Person(n, HOMES[0], 127, dt.time(0), dt.time(23, 59)) for n in range(5)]
    assert sorted(Counter(assign(slots, people, 8).values()).values()) == [2] * 5
    # people already carrying shifts from elsewhere get fewer here
    people[0] = Person(0, HOMES[0], 127, dt.time(0), dt.time(23, 59), used=2)
    load = Counter(assign(slots, people, 8).values())
    assert load[0] <= 1 and sum(load.values()) == 10
