"""The patrols of the demo district (``shequ demo`` calls :func:`generate_patrols` after
the participation data, whose volunteers form each community's 义务治安巡防队).

Per grid a route past up to four buildings and the first compound's gate, and a
19:00–23:00 band every day; per community a pool of its volunteers (random weekdays and
windows) and two unit guards where it has a unit; this month's plan generated and
published through the services. The demo resident (login ``resident``) joins the pool
with a shift tonight; the demo grid's past shifts have check-ins (one checkpoint missed
now and then), are closed — volunteers' hours verified and paid in points — and one
incident is filed as a stability case. The month's 平安楼栋 ratings of the demo
community are computed."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shequ.accounts.models import User
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.organizations.models import Unit
from shequ.registry.selectors import resident_of
from shequ.territory.models import Area, AreaKind, Building, Compound
from shequ.volunteers import services as volunteer_services
from shequ.volunteers.models import Volunteer

from . import services
from .models import EVERY_DAY, MemberKind, PatrolMember, Shift, ShiftPlan
from .planning import ancestors

DEMO_LOGIN = "resident"


def generate_patrols(*, seed: int = 2026, progress: Callable[[str], None] | None = None
                     ) -> dict:
    say = progress or (lambda _msg: None)
    rng = random.Random(seed * 1000 + 7)  # noqa: S311 - demo data, reproducible
    now = timezone.now()
    month = timezone.localdate(now).replace(day=1)
    communities = list(Area.objects.filter(kind=AreaKind.COMMUNITY).order_by("path"))
    say("patrols…")
    for community in communities:
        with transaction.atomic():
            _community(community, rng, month)
    demo = _demo_member(now)
    with transaction.atomic():
        if demo is not None:
            _demo_work(demo, rng, now, month)
    return {"patrol_members": PatrolMember.objects.count(),
            "shift_plans": ShiftPlan.objects.count(), "shifts": Shift.objects.count()}


def _community(community: Area, rng: random.Random, month: dt.date) -> None:
    within = {"path__gte": community.path, "path__lt": community.path + "~"}
    grids = list(Area.objects.filter(kind=AreaKind.GRID, **within).order_by("path"))
    gate = Compound.objects.filter(community=community).order_by("id").first()
    for grid in grids:
        buildings = list(Building.objects.filter(grid=grid).order_by("id")[:4])
        if not buildings:
            continue
        route = services.route_create(actor=SYSTEM, grid=grid, name="夜间巡防线")
        for b in buildings:
            services.checkpoint_add(actor=SYSTEM, route=route, building=b)
        if gate is not None:
            services.checkpoint_add(actor=SYSTEM, route=route, compound=gate,
                                    label=f"{gate.name}大门")
        services.coverage_add(actor=SYSTEM, grid=grid, starts=dt.time(19), ends=dt.time(23))
    for v in Volunteer.objects.filter(is_active=True, **within).select_related(
            "resident__user")[:60]:
        services.member_add(actor=SYSTEM, community=community, kind=MemberKind.VOLUNTEER,
                            volunteer=v, weekdays=rng.choice([EVERY_DAY, 0b0011111,
                                                              0b1100000, 0b1010101]),
                            available_from=dt.time(rng.choice([0, 8, 18])),
                            available_until=rng.choice([dt.time(23, 59), dt.time(23)]))
    unit = Unit.objects.filter(Q(path__in=ancestors(community.path)) | Q(
        path__gte=community.path, path__lt=community.path + "~")).order_by("id").first()
    for name in ("保安 王师傅", "保安 刘师傅") if unit is not None else ():
        services.member_add(actor=SYSTEM, community=community,
                            kind=MemberKind.UNIT_SECURITY, unit=unit, name=name)
    try:
        plan = services.plan_generate(actor=SYSTEM, area=community, month=month, max_shifts=8)
    except DomainError:  # a community without buildings needs no coverage
        return
    services.plan_publish(actor=SYSTEM, plan=plan)


def _demo_member(now) -> PatrolMember | None:
    """The demo resident joins the patrol team of their community (as a volunteer)."""
    resident = resident_of(User.objects.filter(username=DEMO_LOGIN).first())
    if resident is None:
        return None
    volunteer = Volunteer.objects.filter(resident=resident).first()
    with transaction.atomic():
        if volunteer is None:
            volunteer = volunteer_services.volunteer_register(
                actor=SYSTEM, resident=resident, skills={}, availability=(1 << 21) - 1)
        community = Area.objects.get(path=".".join(resident.path.split(".")[:3]))
        member = PatrolMember.objects.filter(volunteer=volunteer).first()
        return member or services.member_add(actor=SYSTEM, community=community,
                                             kind=MemberKind.VOLUNTEER, volunteer=volunteer)


def _demo_work(member: PatrolMember, rng: random.Random, now, month: dt.date) -> None:
    """The demo grid's shift tonight and its last five that have ended go to the demo
    resident; those are walked (check-ins, a checkpoint missed now and then), closed —
    hours verified, points paid — and one incident is filed as a stability case."""
    grid_path = ".".join(member.volunteer.resident.path.split(".")[:4])
    taken = Shift.objects.filter(member=member).values("date")
    shifts = Shift.objects.filter(Q(member=member) | ~Q(date__in=taken), path=grid_path,
                                  plan__month=month)
    past = list(shifts.filter(ends_at__lte=now).order_by("-starts_at")[:5])
    tonight = list(shifts.filter(date=timezone.localdate(now), ends_at__gt=now)[:1])
    Shift.objects.filter(pk__in=[s.pk for s in past + tonight]).update(member=member)
    walked = Shift.objects.filter(pk__in=[s.pk for s in past]).order_by("starts_at")
    for i, shift in enumerate(walked.select_related("route")):
        points = list(shift.route.checkpoints.order_by("order"))
        skip = rng.randrange(len(points) * 3) if points else 0  # sometimes one is missed
        for k, point in enumerate(points):
            if k != skip:
                services.checkpoint_check_in(
                    actor=member.user, token=point.token,
                    now=shift.starts_at + dt.timedelta(minutes=10 + 20 * k))
        if i == 0 and points:
            incident = services.incident_report(
                actor=member.user, shift=shift, category="fire_hazard",
                building=points[0].building, note="楼道内堆放纸箱杂物，堵塞消防通道",
                now=shift.starts_at + dt.timedelta(minutes=15))
            services.incident_file_case(actor=SYSTEM, incident=incident)
        services.shift_close(actor=SYSTEM, shift=shift, now=now)
    community = Area.objects.get(path=member.path)
    services.ratings_compute(actor=SYSTEM, community=community, month=month, now=now)
