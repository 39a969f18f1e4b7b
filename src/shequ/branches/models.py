"""The online party branch: 三会一课 records, the 五个基本 checklist's manual items and
documents, and the 党建责任 chain cascaded district → street → community → branch.

A branch is an ``organizations.PartyOrg`` of kind ``branch`` (a community's 小区/楼栋党支部)
or ``unit_org`` (a unit's own organisation, a 支部委员会 that holds its 三会一课 like any
branch); its members are the ``registry.PartyMember`` rows of the branch or of its 党小组. Every row copies the path of
the place it belongs to (the branch, or the area of a responsibility item) for scoping."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import OrgKind, PartyOrg
from shequ.registry.models import PartyMember
from shequ.territory.models import Area

BRANCH_KINDS = (OrgKind.BRANCH, OrgKind.UNIT_ORG)


class MeetingKind(models.TextChoices):
    GENERAL = "general", _("Branch general meeting")          # 支部党员大会
    COMMITTEE = "committee", _("Branch committee meeting")    # 支部委员会
    GROUP = "group", _("Party group meeting")                 # 党小组会
    LESSON = "lesson", _("Party lesson")                      # 党课


class Meeting(models.Model):
    """One 三会一课 record: planned on a date, held on a date (never in the future), with
    its attendance, minutes and photos."""

    branch = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=12, choices=MeetingKind.choices)
    topic = models.CharField(_("topic"), max_length=100)
    planned_on = models.DateField(_("planned for"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    minutes = models.TextField(_("minutes"), max_length=8000, blank=True)
    checkin_token = models.CharField(max_length=32, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)  # the branch's path

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-planned_on", "-id"]
        indexes = [models.Index(fields=["branch", "held_on"], name="meeting_branch_held")]
        verbose_name = _("三会一课 record")

    def __str__(self):
        return self.topic


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("QR code")
    ROLL_CALL = "roll_call", _("Roll call")


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=10, choices=AttendanceMethod.choices)
    at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)  # the meeting's (branch's) path

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"],
                                               name="meeting_attendance_once")]
        verbose_name = _("meeting attendance")

    def __str__(self):
        return f"{self.meeting_id}:{self.member_id}"


class MeetingPhoto(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="branches/%Y/%m/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("meeting photo")

    def __str__(self):
        return self.image.name


class MeetingRule(models.Model):
    """How often a kind of meeting is required in a district (rows override the defaults of
    ``branches.rules.DEFAULT_RULES``): ``times`` per ``every_months`` months."""

    district = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=12, choices=MeetingKind.choices)
    every_months = models.PositiveSmallIntegerField(_("period (months)"))
    times = models.PositiveSmallIntegerField(_("times per period"))
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["district", "kind"], name="meeting_rule_once"),
            # OR'd equalities, not IN (1, 3, 6, 12): Django's SQLite introspection splits
            # the table's SQL on ", " and fails on a one-digit piece.
            models.CheckConstraint(condition=Q(every_months=1) | Q(every_months=3)
                                   | Q(every_months=6) | Q(every_months=12),
                                   name="meeting_rule_period"),
            models.CheckConstraint(condition=Q(times__gte=1), name="meeting_rule_times"),
        ]
        verbose_name = _("三会一课 requirement")

    def __str__(self):
        return f"{self.kind} {self.times}/{self.every_months}"


class BranchProfile(models.Model):
    """The 五个基本 items no other record holds: whether the branch committee is complete
    (基本组织) and the year's funds (基本保障)."""

    branch = models.OneToOneField(PartyOrg, on_delete=models.PROTECT, related_name="+")
    committee_complete = models.BooleanField(_("branch committee complete"), default=False)
    funds_amount = models.DecimalField(_("funds this year (yuan)"), max_digits=12,
                                       decimal_places=2, default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(funds_amount__gte=0),
                                              name="branch_funds_not_negative")]
        verbose_name = _("branch profile")

    def __str__(self):
        return str(self.branch_id)


class DocumentKind(models.TextChoices):
    RULES = "rules", _("Branch rules")                    # 基本制度
    COMMITTEE = "committee", _("Committee election record")  # 基本组织 evidence
    FUNDS = "funds", _("Funds record")                    # 基本保障 evidence
    OTHER = "other", _("Other")


class BranchDocument(models.Model):
    branch = models.ForeignKey(PartyOrg, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(upload_to="branches/docs/%Y/%m/", max_length=200)
    original_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["branch", "kind"], name="branch_document_kind")]
        verbose_name = _("branch document")

    def __str__(self):
        return self.original_name


class Level(models.TextChoices):
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")
    COMMUNITY = "community", _("Community")
    BRANCH = "branch", _("Branch")


NEXT_LEVEL = {Level.DISTRICT: Level.STREET, Level.STREET: Level.COMMUNITY,
              Level.COMMUNITY: Level.BRANCH}


class Responsibility(models.Model):
    """A 党建责任 item at one level; a child derives from its parent one level down (a
    street's item from the district's, …, a branch's from its community's)."""

    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    branch = models.ForeignKey(PartyOrg, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    title = models.CharField(_("title"), max_length=100)
    detail = models.TextField(_("detail"), max_length=2000, blank=True)
    owner = models.CharField(_("owner"), max_length=60)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(pgettext_lazy("task", "done on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)  # the area's, or the branch's

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(level="branch", branch__isnull=False)
                                   | (~Q(level="branch") & Q(branch__isnull=True)),
                                   name="responsibility_branch_level"),
            models.UniqueConstraint(fields=["parent", "area"],
                                    condition=Q(parent__isnull=False, branch__isnull=True),
                                    name="responsibility_once_per_area"),
            models.UniqueConstraint(fields=["parent", "branch"],
                                    condition=Q(branch__isnull=False),
                                    name="responsibility_once_per_branch"),
        ]
        verbose_name = _("responsibility item")

    def __str__(self):
        return self.title


class Evidence(models.Model):
    item = models.ForeignKey(Responsibility, on_delete=models.CASCADE, related_name="evidence")
    note = models.CharField(_("note"), max_length=200, blank=True)
    file = models.FileField(upload_to="branches/evidence/%Y/%m/", max_length=200, blank=True)
    original_name = models.CharField(max_length=120, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence")

    def __str__(self):
        return self.note or self.original_name
