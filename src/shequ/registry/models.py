"""Residents, their tags and party memberships.

Personal data (ID number, phone) is stored only as AES-GCM ciphertext (``*_enc``), a keyed
hash for exact look-up (``*_hash``), a masked display form and the last four characters for
search. Name search keys (simplified, pinyin, initials) are written by the registry services.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import PartyOrg, Unit
from shequ.territory.models import Household


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("Registered (户籍)")
    FLOATING = "floating", _("Floating (流动)")
    # 寄住: lives in a household here (a relative's, an employer's) while their 户籍 is
    # elsewhere; offices count them apart from 流动 people, who rent or stay on their own.
    LODGING = "lodging", _("Lodging (寄住)")


class PoliticalStatus(models.TextChoices):
    MASSES = "masses", _("Masses")
    CPC_MEMBER = "cpc_member", _("CPC member")
    CPC_PROBATIONARY = "cpc_probationary", _("CPC probationary member")
    CYL_MEMBER = "cyl_member", _("Communist Youth League member")
    DEMOCRATIC_PARTY = "democratic_party", _("Democratic party member")
    NON_PARTISAN = "non_partisan", _("Non-partisan")


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    CHILD_IN_LAW = "child_in_law", _("Child-in-law")
    OTHER = "other", _("Other")


class Tag(models.Model):
    """A care or attention tag: 独居老人, 残疾人, 低保, 退役军人, 留守儿童, 重点人员…"""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=30)
    sensitive = models.BooleanField(default=False, help_text=_("Only staff see it"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("tag")

    def __str__(self):
        return self.name


class Resident(models.Model):
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="residents")
    relation = models.CharField(_("relation to head"), max_length=16, choices=Relation.choices)
    name = models.CharField(_("name"), max_length=40)
    name_simplified = OrderedKeyField(max_length=40, db_index=True)
    name_pinyin = OrderedKeyField(max_length=120, db_index=True)
    name_initials = OrderedKeyField(max_length=40, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    political_status = models.CharField(
        _("political status"), max_length=20, choices=PoliticalStatus.choices,
        default=PoliticalStatus.MASSES,
    )
    residence_type = models.CharField(
        _("residence type"), max_length=12, choices=ResidenceType.choices,
        default=ResidenceType.REGISTERED,
    )
    id_number_enc = models.BinaryField()
    id_number_hash = models.CharField(max_length=64, unique=True)
    id_number_masked = models.CharField(_("ID number"), max_length=18)
    id_tail4 = models.CharField(max_length=4, db_index=True)
    phone_enc = models.BinaryField(null=True, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=16, blank=True)
    phone_tail4 = models.CharField(max_length=4, blank=True, db_index=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="residents")
    note = models.CharField(_("note"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="resident",
    )
    path = OrderedKeyField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "pk", "household": "household_id"}

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["path", "id"], name="resident_path_id"),
            # Scope counts (home page) read only this index: path range, active flag.
            models.Index(fields=["path", "is_active"], name="resident_path_active"),
        ]
        constraints = [
            # 户主: one head among a household's active members (a deceased or departed head
            # stays recorded as head and no longer counts).
            models.UniqueConstraint(fields=["household"],
                                    condition=Q(relation="head", is_active=True),
                                    name="resident_one_head_per_household"),
        ]
        verbose_name = _("resident")

    def __str__(self):
        return self.name


class MembershipStatus(models.TextChoices):
    FULL = "full", _("Full member")
    PROBATIONARY = "probationary", _("Probationary member")


class RelationLocation(models.TextChoices):
    LOCAL = "local", _("In this community's organisation")
    UNIT = "unit", _("In the member's unit")
    FALLBACK = "fallback", _("Fallback management (区域兜底)")


class PartyMember(models.Model):
    resident = models.OneToOneField(Resident, on_delete=models.PROTECT, related_name="membership")
    org = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="members")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    joined_on = models.DateField(_("joined on"))
    status = models.CharField(_("status"), max_length=14, choices=MembershipStatus.choices)
    relation_location = models.CharField(
        _("membership relation"), max_length=10, choices=RelationLocation.choices,
        default=RelationLocation.LOCAL,
    )
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "resident_id"}

    class Meta:
        ordering = ["id"]
        verbose_name = _("party member")

    def __str__(self):
        return str(self.resident)
