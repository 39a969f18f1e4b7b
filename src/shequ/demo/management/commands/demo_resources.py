"""``shequ demo_resources [--seed 2026] [--if-empty]``: after ``shequ demo``, give every
community a shared-resource list (its hall and equipment, a platform unit's meeting room with
its sharing agreement), weekday opening hours, a past month and the next two weeks of
confirmed bookings, and a pairing with a village with one exchange of each form. So that the
demo logins have something to do: the demo resident and the unit liaison have requests
waiting for community staff and the liaison (as the meeting room's owner) to confirm.

The background bookings are bulk-inserted without overlaps (the demo's history, as the
residents are); the requests the logins act on go through the services."""

from __future__ import annotations

import datetime as dt
import random
import secrets

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import User
from shequ.core.actors import SYSTEM
from shequ.ledgers.models import Holiday
from shequ.members.models import UnitLiaison
from shequ.organizations.models import Unit
from shequ.resources import services
from shequ.resources.models import Booking, BookingStatus, Resource
from shequ.territory.models import Area

WEEKDAYS = {d: (dt.time(8, 30), dt.time(21, 0)) for d in range(5)}
WEEKEND = {5: (dt.time(9, 0), dt.time(17, 0)), 6: None}
COMMUNITY_RESOURCES = [
    ("党群服务中心多功能厅", "venue", 80, "residents"),
    ("社区会议室", "venue", 20, "units"),
    ("便携投影仪", "equipment", None, "staff"),
    ("文艺队（舞蹈、合唱）", "culture", 30, "residents"),
]


class Command(BaseCommand):
    help = "Add shared resources, bookings and urban-rural pairings to the demo."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--if-empty", action="store_true")

    def handle(self, *args, seed, if_empty, **options):
        if if_empty and Resource.objects.exists():
            self.stdout.write("resources already present; nothing done")
            return
        rng = random.Random(seed + 12)  # noqa: S311 - demo data, reproducible
        days = _open_days(14)
        communities = list(Area.objects.filter(kind="community").order_by("path"))
        liaison = UnitLiaison.objects.select_related("unit", "user").first()
        booker = (User.objects.filter(username="community_staff").first()
                  or User.objects.order_by("pk").first())
        if booker is None:
            self.stdout.write("no accounts yet (run shequ demo first); nothing done")
            return
        self.booker_id = booker.pk
        n = 0
        for community in communities:
            with transaction.atomic():
                n += self._community(community, rng, days, liaison)
        with transaction.atomic():
            self._requests(days, liaison)
        self.stdout.write(f"shared resources added to {len(communities)} communities "
                          f"({n} bookings)")

    def _community(self, community, rng, days, liaison) -> int:
        listed = []
        for name, kind, capacity, bookers in COMMUNITY_RESOURCES:
            r = services.resource_create(actor=SYSTEM, community=community, name=name, kind=kind,
                                         capacity=capacity, bookable_by=bookers,
                                         location="党群服务中心", rules="爱护设施，用后复原。")
            services.hours_set(actor=SYSTEM, resource=r, hours={**WEEKDAYS, **WEEKEND})
            listed.append(r)
        unit = _unit_of(community, liaison)
        if unit is not None:
            delegates = [liaison.user] if liaison and liaison.unit_id == unit.pk else []
            office = f"0818-{rng.randrange(2000000, 3000000)}"
            services.member_join(actor=SYSTEM, unit=unit, community=community,
                                 contact="办公室", contact_phone=office, monthly_quota_hours=40,
                                 delegates=delegates)
            room = services.resource_create(actor=SYSTEM, community=community, owner_unit=unit,
                                            name=f"{unit.name}会议室", kind="venue", capacity=30,
                                            bookable_by="residents", location=unit.address)
            services.hours_set(actor=SYSTEM, resource=room, hours=WEEKDAYS)
            services.agreement_add(actor=SYSTEM, resource=room, contact="办公室",
                                   contact_phone=office,
                                   starts_on=timezone.localdate().replace(month=1, day=1),
                                   ends_on=None, terms="工作日晚间及周末优先向居民开放，免费使用。")
            listed.append(room)
        pairing = services.pairing_create(actor=SYSTEM, community=community,
                                          village=rng.choice(["石桥村", "柳河村", "青山村"]),
                                          township=rng.choice(["石桥镇", "麻柳镇", "罐子镇"]),
                                          contact="村党支部书记",
                                          contact_phone=f"139{rng.randrange(10**8):08d}")
        for i, form in enumerate(("members", "cadres", "resources")):
            services.exchange_add(actor=SYSTEM, pairing=pairing, form=form,
                                  on_date=timezone.localdate() - dt.timedelta(days=30 * (i + 1)),
                                  people_text="社区党员、村党员代表",
                                  resources=[listed[0]] if form == "resources" else [],
                                  outcome="共同开展主题党日活动，助销农产品。")
        return _history(listed, rng, days, self.booker_id)

    def _requests(self, days, liaison) -> None:
        """Requests waiting for the demo logins: the resident asks for a hall (community
        staff confirm), the district admin asks for the liaison's meeting room (the liaison
        confirms as its owner)."""
        users = {u.username: u for u in User.objects.filter(
            username__in=["resident", "district_admin"])}
        day = days[min(3, len(days) - 1)]
        tz = timezone.get_current_timezone()
        at = lambda h: dt.datetime.combine(day, dt.time(h), tzinfo=tz)  # noqa: E731
        resident = users.get("resident")
        if resident is not None and hasattr(resident, "resident"):
            community_path = ".".join(resident.resident.path.split(".")[:3])
            hall = Resource.objects.filter(path=community_path, kind="venue",
                                           owner_unit__isnull=True).first()
            if hall is not None:
                _try(services.booking_request, actor=resident, resource=hall,
                     starts_at=at(17), ends_at=at(18) + dt.timedelta(minutes=30), attendees=12,
                     purpose="楼栋议事会")
        admin = users.get("district_admin")
        if admin is not None and liaison is not None:
            room = Resource.objects.filter(owner_unit=liaison.unit).first()
            if room is not None:
                _try(services.booking_request, actor=admin, resource=room,
                     starts_at=at(11) + dt.timedelta(minutes=30),
                     ends_at=at(13) + dt.timedelta(minutes=30), attendees=15, purpose="网格员培训")


def _try(fn, **kw):
    """A request the demo would like to make; a day the calendar closes is skipped."""
    from shequ.core.errors import DomainError

    try:
        with transaction.atomic():
            fn(**kw)
    except DomainError:
        pass


def _open_days(n: int) -> list[dt.date]:
    today = timezone.localdate()
    closed = set(Holiday.objects.filter(is_workday=False).values_list("date", flat=True))
    days = [today + dt.timedelta(days=i) for i in range(1, n + 1)]
    return [d for d in days if d.weekday() < 5 and d not in closed]


def _unit_of(community, liaison) -> Unit | None:
    if liaison is not None and liaison.unit.path.startswith(community.path + "."):
        return liaison.unit
    return Unit.objects.filter(path__gte=community.path, path__lt=community.path + "~",
                               closed_at__isnull=True).order_by("pk").first()


def _history(resources, rng, days, booker_id: int) -> int:
    """A past month and the next two weeks of confirmed, non-overlapping bookings by the
    demo's community staff (meetings and activities the community organised)."""
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    past = [today - dt.timedelta(days=i) for i in range(1, 31)
            if (today - dt.timedelta(days=i)).weekday() < 5]
    rows = []
    for r in resources:
        if r.kind not in ("venue", "equipment"):
            continue
        for day in past + days:
            for hour in rng.sample([9, 14, 19], rng.randint(0, 2)):
                start = dt.datetime.combine(day, dt.time(hour), tzinfo=tz)
                rows.append(Booking(
                    resource=r, booker_id=booker_id, starts_at=start,
                    ends_at=start + dt.timedelta(hours=2), attendees=rng.randint(5, 20),
                    purpose=rng.choice(["党员活动日", "居民议事会", "文艺排练", "健康讲座"]),
                    status=BookingStatus.CONFIRMED, by_owner=True, path=r.path,
                    checkin_token=secrets.token_hex(16),
                    checked_in_at=start if day < today else None))
    Booking.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
