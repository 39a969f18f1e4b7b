"""民生联解's service points and the 15-minute service circle computed from them.

A service point sits at a community (or a street, for an office that serves several) and
copies its path, so the scoping engine serves it like every other record. Coordinates may be
missing: such a point is listed with a warning and left out of the circle, never dropped.
``BuildingCoverage`` holds, per building and category, the walking distance to the nearest
point and whether it is within the 15 minutes; ``CoverageRun`` records how the current
figures were computed (the model and its parameters, stated on the pages)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.territory.models import Area, Building


class PointCategory(models.TextChoices):
    WATER = "water", _("Water office")  # 自来水营业厅
    POWER = "power", _("Electricity office")  # 供电营业厅
    GAS = "gas", _("Gas office")  # 燃气营业厅
    TELECOM = "telecom", _("Telecom office")  # 电信营业厅
    BANK = "bank", _("Bank")
    CLINIC = "clinic", _("Clinic")  # 社区卫生服务站
    SCHOOL = "school", _("School")
    MARKET = "market", _("Market")  # 农贸市场、超市
    PHARMACY = "pharmacy", _("Pharmacy")
    ELDERLY_CARE = "elderly_care", _("Elderly care")  # 日间照料、养老服务站
    PARTY_MASS = "party_mass", _("Party-mass service centre")  # 党群服务中心


class ServicePoint(models.Model):
    category = models.CharField(_("category"), max_length=16, choices=PointCategory.choices)
    name = models.CharField(pgettext_lazy("service point", "name"), max_length=80)
    address = models.CharField(pgettext_lazy("service point", "address"), max_length=200,
                               blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                              blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                              blank=True)
    opening_hours = models.CharField(pgettext_lazy("service point", "opening hours"),
                                     max_length=120, blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("community"))
    path = OrderedKeyField(max_length=64)
    is_active = models.BooleanField(pgettext_lazy("service point", "open"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "category", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["area", "category", "name"],
                                               name="service_point_unique_name")]
        indexes = [models.Index(fields=["path", "category"], name="service_point_path")]
        verbose_name = _("service point")

    def __str__(self):
        return self.name

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lng is not None


class CoverageRun(models.Model):
    """One computation of the circle over an area: the model it used (straight-line with a
    detour factor, or a street graph), its parameters and what it covered."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    path = OrderedKeyField(max_length=64)
    mode = models.CharField(_("distance model"), max_length=10)
    detour = models.FloatField(_("detour factor"))
    speed_kmh = models.FloatField(_("walking speed (km/h)"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    graph_name = models.CharField(_("street graph"), max_length=120, blank=True)
    buildings = models.PositiveIntegerField(default=0)
    unlocated_buildings = models.PositiveIntegerField(default=0)
    points = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    computed_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-computed_at", "-id"]
        verbose_name = _("coverage computation")

    def __str__(self):
        return f"{self.path} {self.mode} {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def radius_m(self) -> float:
        return self.speed_kmh * 1000 / 60 * self.minutes


class BuildingCoverage(models.Model):
    """Whether one building reaches one category within the walk (``distance_m``: walking
    metres to the nearest point; null when none is reachable on the street graph)."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=16, choices=PointCategory.choices)
    covered = models.BooleanField(_("within 15 minutes"))
    distance_m = models.PositiveIntegerField(_("walking distance (m)"), null=True)
    point = models.ForeignKey(ServicePoint, null=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("nearest point"))
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "building_id", "category"]
        constraints = [models.UniqueConstraint(fields=["building", "category"],
                                               name="coverage_once_per_category")]
        indexes = [models.Index(fields=["path", "category", "covered"],
                                name="coverage_path_category")]
        verbose_name = _("building coverage")

    def __str__(self):
        return f"{self.building_id} {self.category} {self.covered}"
