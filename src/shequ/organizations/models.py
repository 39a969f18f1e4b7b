"""The party-organisation tree and the units (驻区单位) of a territory.

区委 → 街道党工委 → 社区党委 (大党委) → 片区党总支 → 小区(楼栋)党支部 → 居民单元党小组.
Each organisation attaches to the territory node it covers and copies that node's path for
scoping; a unit's own organisation attaches to the unit and may join a community 大党委.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.territory.models import Area


class OrgKind(models.TextChoices):
    DISTRICT_COMMITTEE = "district_committee", _("District party committee")
    STREET_WORKING_COMMITTEE = "street_working_committee", _("Street party working committee")
    COMMUNITY_COMMITTEE = "community_committee", _("Community party committee")
    AREA_GENERAL_BRANCH = "area_general_branch", _("Area general party branch")
    BRANCH = "branch", _("Party branch")
    GROUP = "group", _("Party group")
    UNIT_ORG = "unit_org", _("Unit party organisation")


ALLOWED_PARENT = {
    OrgKind.DISTRICT_COMMITTEE: {None},
    OrgKind.STREET_WORKING_COMMITTEE: {OrgKind.DISTRICT_COMMITTEE},
    OrgKind.COMMUNITY_COMMITTEE: {OrgKind.STREET_WORKING_COMMITTEE},
    OrgKind.AREA_GENERAL_BRANCH: {OrgKind.COMMUNITY_COMMITTEE},
    OrgKind.BRANCH: {OrgKind.COMMUNITY_COMMITTEE, OrgKind.AREA_GENERAL_BRANCH, OrgKind.UNIT_ORG},
    OrgKind.GROUP: {OrgKind.BRANCH},
    OrgKind.UNIT_ORG: {OrgKind.STREET_WORKING_COMMITTEE, OrgKind.DISTRICT_COMMITTEE},
}


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Government agency")
    ENTERPRISE = "enterprise", _("Enterprise")
    INSTITUTION = "institution", _("Public institution")
    SOCIAL_ORG = "social_org", _("Social organisation")
    TWO_NEW = "two_new", _("New economic / social organisation")
    COMMERCIAL_BUILDING = "commercial_building", _("Commercial building")


class Unit(models.Model):
    """驻区单位, identified by its unified social credit code (GB 32100-2015)."""

    name = models.CharField(_("name"), max_length=100)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    kind = models.CharField(_("type"), max_length=24, choices=UnitKind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="units")
    address = models.CharField(_("address"), max_length=200, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)
    # A unit that left the territory or ceased; kept for its history (reports, members).
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "name"]
        verbose_name = _("unit")

    def __str__(self):
        return self.name


class PartyOrg(models.Model):
    kind = models.CharField(_("type"), max_length=32, choices=OrgKind.choices)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="party_orgs")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="party_orgs"
    )
    # 大党委: unit organisations that are members of a community party committee.
    member_of = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="member_orgs",
        limit_choices_to={"kind": OrgKind.COMMUNITY_COMMITTEE},
    )
    is_fallback = models.BooleanField(
        _("fallback organisation (区域兜底)"), default=False,
        help_text=_("Takes in scattered members whose organisation is unclear"),
    )
    path = OrderedKeyField(max_length=64, db_index=True, help_text="copy of area.path")

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "kind", "name"]
        verbose_name = _("party organisation")

    def __str__(self):
        return self.name


class PartTimeMember(models.Model):
    """兼职委员: a unit's representative sitting on a community 大党委."""

    committee = models.ForeignKey(PartyOrg, on_delete=models.CASCADE, related_name="part_time_members")
    name = models.CharField(_("name"), max_length=40)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    post = models.CharField(_("post"), max_length=60)
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        verbose_name = _("part-time committee member")

    def __str__(self):
        return self.name
