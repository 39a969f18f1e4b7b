"""The territory tree: district 区 → street 街道 → community 社区 → grid 网格, then the
housing below a grid: compound 小区 / building 楼栋 → unit entrance 单元 → household 户.

Areas carry a materialised path of fixed-width segments; everything below a grid carries
its grid's path, so one range on an indexed column scopes any record (core.scoping).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet


class AreaKind(models.TextChoices):
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")
    COMMUNITY = "community", _("Community")
    GRID = "grid", _("Grid")


# Width of each path segment by depth: district 2, street 2, community 3, grid 3 digits.
SEGMENT_WIDTH = {AreaKind.DISTRICT: 2, AreaKind.STREET: 2, AreaKind.COMMUNITY: 3, AreaKind.GRID: 3}
CHILD_KIND = {
    AreaKind.DISTRICT: AreaKind.STREET,
    AreaKind.STREET: AreaKind.COMMUNITY,
    AreaKind.COMMUNITY: AreaKind.GRID,
}


class Area(models.Model):
    kind = models.CharField(_("level"), max_length=12, choices=AreaKind.choices)
    name = models.CharField(_("name"), max_length=60)
    code = models.CharField(
        _("code"), max_length=32, unique=True, help_text=_("Administrative or local code")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = OrderedKeyField(max_length=64, unique=True)
    depth = models.PositiveSmallIntegerField()
    polygon = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path"]
        verbose_name = _("area")

    def __str__(self):
        return self.name


class Compound(models.Model):
    """小区: a named residential compound inside a community."""

    community = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="compounds", limit_choices_to={"kind": "community"}
    )
    name = models.CharField(_("compound"), max_length=60)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name")
        ]
        verbose_name = _("compound")

    def __str__(self):
        return self.name


class Building(models.Model):
    """楼栋. Belongs to one grid (for scoping) and usually one compound."""

    grid = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="buildings", limit_choices_to={"kind": "grid"}
    )
    compound = models.ForeignKey(
        Compound, null=True, blank=True, on_delete=models.PROTECT, related_name="buildings"
    )
    name = models.CharField(_("building"), max_length=30, help_text=_("e.g. 7栋"))
    path = OrderedKeyField(max_length=64, db_index=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "compound_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="building_unique_in_compound")
        ]
        verbose_name = _("building")

    def __str__(self):
        return f"{self.compound.name if self.compound_id else ''}{self.name}"


class Entrance(models.Model):
    """单元: a stairwell / unit entrance of a building."""

    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="entrances")
    name = models.CharField(_("unit entrance"), max_length=20, help_text=_("e.g. 2单元"))
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["building_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["building", "name"], name="entrance_unique_in_building")
        ]
        verbose_name = _("unit entrance")

    def __str__(self):
        return f"{self.building}{self.name}"


class Household(models.Model):
    """户: one dwelling (room) and the people registered in it."""

    entrance = models.ForeignKey(Entrance, on_delete=models.PROTECT, related_name="households")
    room = models.CharField(_("room"), max_length=20)
    address = models.CharField(_("address"), max_length=200)
    path = OrderedKeyField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"household": "pk"}

    class Meta:
        ordering = ["path", "address"]
        constraints = [
            models.UniqueConstraint(fields=["entrance", "room"], name="household_unique_room")
        ]
        verbose_name = _("household")

    def __str__(self):
        return self.address
