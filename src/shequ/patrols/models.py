"""平安联护 (safety co-protection): the security pool, routes with QR checkpoints, the
coverage each grid needs, monthly shift plans, swaps, patrol check-ins, incidents and the
monthly 平安楼栋 rating of buildings.

Every row carries the path of the place it belongs to (a member: their community; a route,
its checkpoints, coverage, shifts, check-ins and incidents: their grid; a plan: its area),
so the scoping engine serves every list from one index range."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import Unit
from shequ.territory.models import Area, Building, Compound
from shequ.volunteers.models import Volunteer

from .planning import available

EVERY_DAY = 0b1111111  # weekday bit set, bit 0 = Monday


class MemberKind(models.TextChoices):
    UNIT_SECURITY = "unit_security", _("Unit security staff")
    VOLUNTEER = "volunteer", _("Volunteer patrol team")  # 义务治安巡防队


class PatrolMember(models.Model):
    """One person of a community's security pool: a unit's security guard (free text, or
    an account) or a member of the volunteer patrol team (a registered volunteer). They
    are available on ``weekdays`` between ``available_from`` and ``available_until``."""

    kind = models.CharField(_("type"), max_length=16, choices=MemberKind.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=40)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    volunteer = models.ForeignKey(Volunteer, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="patrol_memberships")
    weekdays = models.PositiveSmallIntegerField(_("weekdays"), default=EVERY_DAY)
    available_from = models.TimeField(_("available from"), default=dt.time(0, 0))
    available_until = models.TimeField(_("available until"), default=dt.time(23, 59))
    is_active = models.BooleanField(pgettext_lazy("valid", "active"), default=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "volunteer"],
                                    condition=Q(volunteer__isnull=False),
                                    name="patrol_member_volunteer_once"),
            models.CheckConstraint(condition=Q(weekdays__gte=0, weekdays__lte=EVERY_DAY),
                                   name="patrol_member_weekdays"),
        ]
        verbose_name = _("patrol member")

    def __str__(self):
        return self.name

    def available(self, day: dt.date, starts: dt.time, ends: dt.time) -> bool:
        """Whether the member can patrol ``starts``–``ends`` on ``day`` (the planner's
        rule, ``planning.available``)."""
        return self.is_active and available(self.weekdays, self.available_from,
                                            self.available_until, day, starts, ends)


class Route(models.Model):
    """A patrol route of a grid: an ordered walk past checkpoints."""

    grid = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    is_active = models.BooleanField(pgettext_lazy("valid", "active"), default=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["grid", "name"],
                                               name="patrol_route_unique_name")]
        verbose_name = _("patrol route")

    def __str__(self):
        return self.name


class Checkpoint(models.Model):
    """A point on a route, at a building or a compound gate; its QR code encodes the
    check-in URL with ``token``."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="checkpoints")
    order = models.PositiveSmallIntegerField(_("order"))
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    compound = models.ForeignKey(Compound, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    label = models.CharField(_("label"), max_length=60)
    token = models.CharField(max_length=32, unique=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["route_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["route", "order"], name="checkpoint_order_once"),
            models.CheckConstraint(
                condition=Q(building__isnull=False, compound__isnull=True)
                | Q(building__isnull=True, compound__isnull=False),
                name="checkpoint_one_place"),
        ]
        verbose_name = _("checkpoint")

    def __str__(self):
        return self.label


class Coverage(models.Model):
    """What a grid needs: ``guards`` people on patrol from ``starts`` to ``ends`` on the
    weekdays set (e.g. 19:00–23:00 every day)."""

    grid = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    weekdays = models.PositiveSmallIntegerField(_("weekdays"), default=EVERY_DAY)
    guards = models.PositiveSmallIntegerField(_("people on patrol"), default=1)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "starts", "id"]
        constraints = [models.CheckConstraint(condition=Q(guards__gte=1, guards__lte=20),
                                              name="coverage_guards_1_20")]
        verbose_name = _("required coverage")

    def __str__(self):
        return f"{self.starts:%H:%M}–{self.ends:%H:%M}"

    @property
    def hours(self) -> float:
        start = dt.datetime.combine(dt.date.min, self.starts)
        end = dt.datetime.combine(dt.date.min, self.ends)
        if end <= start:
            end += dt.timedelta(days=1)
        return (end - start).total_seconds() / 3600


class PlanState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ShiftPlan(models.Model):
    """A month's shifts for the grids of an area (a grid or a community)."""

    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))  # the first day
    state = models.CharField(_("state"), max_length=10, choices=PlanState.choices,
                             default=PlanState.DRAFT)
    max_shifts = models.PositiveSmallIntegerField(_("most shifts per person"), default=8)
    slots = models.PositiveIntegerField(default=0)  # required, when generated
    covered = models.PositiveIntegerField(default=0)
    generated_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-month", "path", "id"]
        constraints = [models.UniqueConstraint(fields=["area", "month"],
                                               name="shift_plan_once_per_month")]
        verbose_name = _("shift plan")

    def __str__(self):
        return f"{self.area.name} {self.month:%Y-%m}"


class ShiftState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("shift", "Planned")
    ON_PATROL = "on_patrol", _("On patrol")
    DONE = "done", _("Done")
    ABSENT = "absent", _("Absent")


class Shift(models.Model):
    """One person on one route for one band of one day."""

    plan = models.ForeignKey(ShiftPlan, on_delete=models.CASCADE, related_name="shifts")
    member = models.ForeignKey(PatrolMember, on_delete=models.PROTECT, related_name="shifts")
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="shifts")
    date = models.DateField(_("date"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    state = models.CharField(_("state"), max_length=10, choices=ShiftState.choices,
                             default=ShiftState.PLANNED)
    missed = models.JSONField(default=list, blank=True)  # checkpoint ids, flagged at the end
    closed_at = models.DateTimeField(null=True, blank=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [models.UniqueConstraint(fields=["member", "starts_at"],
                                               name="shift_member_once_per_start")]
        indexes = [models.Index(fields=["path", "date"], name="shift_path_date"),
                   models.Index(fields=["member", "date"], name="shift_member_date"),
                   models.Index(fields=["plan", "date"], name="shift_plan_date")]
        verbose_name = _("shift")

    def __str__(self):
        return f"{self.member_id} {self.starts_at:%Y-%m-%d %H:%M}"


class SwapState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class SwapRequest(models.Model):
    """A member asks to hand a shift to another member; staff approve or decline."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="swaps")
    from_member = models.ForeignKey(PatrolMember, on_delete=models.PROTECT, related_name="+")
    to_member = models.ForeignKey(PatrolMember, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=200)
    state = models.CharField(_("state"), max_length=10, choices=SwapState.choices,
                             default=SwapState.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["shift"],
                                               condition=Q(state="pending"),
                                               name="swap_one_pending_per_shift")]
        verbose_name = _("swap request")

    def __str__(self):
        return f"{self.shift_id}→{self.to_member_id}"


class CheckIn(models.Model):
    """A scan of a checkpoint's QR code during a shift."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="checkins")
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")  # copied for the building rating
    at = models.DateTimeField(_("time"))
    photo = models.FileField(_("photo"), upload_to="patrols/%Y/%m/", blank=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["shift", "checkpoint"],
                                               name="checkin_once_per_shift")]
        indexes = [models.Index(fields=["building", "at"], name="checkin_building_at")]
        verbose_name = _("check-in")

    def __str__(self):
        return f"{self.shift_id}:{self.checkpoint_id}"


class IncidentCategory(models.TextChoices):
    FIRE_HAZARD = "fire_hazard", _("Fire hazard")
    SUSPICIOUS = "suspicious", _("Suspicious person or vehicle")
    DISPUTE = "dispute", _("Dispute")
    THEFT = "theft", _("Theft")
    FACILITY = "facility", _("Damaged facility")
    OTHER = "other", _("Other")


class Incident(models.Model):
    """Something seen on patrol. One step files it in the stability ledger (稳定)."""

    category = models.CharField(_("category"), max_length=16, choices=IncidentCategory.choices)
    grid = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    place = models.CharField(_("place"), max_length=100, blank=True)
    note = models.TextField(_("note"), max_length=2000)
    photo = models.FileField(_("photo"), upload_to="patrols/%Y/%m/", blank=True)
    shift = models.ForeignKey(Shift, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="incidents")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("time"))
    case = models.ForeignKey("ledgers.Case", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["building", "at"], name="incident_building_at")]
        verbose_name = _("incident")

    def __str__(self):
        return f"{self.get_category_display()} {self.at:%Y-%m-%d}"


class BuildingRating(models.Model):
    """平安楼栋: one building's rating for one month (formula in ``patrols.rating``)."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    incidents = models.PositiveIntegerField(_("incidents"), default=0)
    cases = models.PositiveIntegerField(_("stability cases"), default=0)
    visits_due = models.PositiveIntegerField(default=0)
    visits_done = models.PositiveIntegerField(default=0)
    score = models.PositiveSmallIntegerField(_("score"))
    computed_at = models.DateTimeField(auto_now=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-score", "path", "id"]
        constraints = [models.UniqueConstraint(fields=["building", "month"],
                                               name="rating_once_per_month")]
        indexes = [models.Index(fields=["path", "month", "score"], name="rating_path_month")]
        verbose_name = _("safe-building rating")

    def __str__(self):
        return f"{self.building_id} {self.month:%Y-%m} {self.score}"

    @property
    def coverage(self) -> float:
        return self.visits_done / self.visits_due if self.visits_due else 0.0
