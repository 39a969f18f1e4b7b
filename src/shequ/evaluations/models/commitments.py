"""Commitments 承诺→践诺→述诺→评诺: a party member or a part-time committee member
publishes what they promise for a period (承诺), records what they did with evidence (践诺),
reports at the period's end (述诺), and residents and the committee rate it (评诺, one
rating per person, held by the database)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import PartTimeMember, PartyOrg, Unit
from shequ.registry.models import PartyMember
from shequ.territory.models import Area


class PersonKind(models.TextChoices):
    PARTY_MEMBER = "party_member", _("Party member")
    PART_TIME = "part_time", _("Part-time committee member")  # 兼职委员


class CommitmentState(models.TextChoices):
    PUBLISHED = "published", _("Published")    # 承诺, 践诺 under way
    REPORTED = "reported", _("Reported")        # 述诺 done, 评诺 open


class Commitment(models.Model):
    """What one person promises a community for a period. ``org`` and ``unit`` are the
    person's party organisation and unit when it was published (progress per organisation
    and per unit reads them); ``path`` is the community's."""

    kind = models.CharField(_("type"), max_length=16, choices=PersonKind.choices)
    # The account that keeps it online; none for a commitment recorded for someone
    # without an account (the 承诺书 on paper, entered by the office).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    person = models.CharField(_("name"), max_length=40)
    member = models.ForeignKey(PartyMember, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    # A part-time member leaving the 大党委, or an organisation dissolved, keeps the
    # commitment (its ``person``, unit and community say whose it was).
    part_timer = models.ForeignKey(PartTimeMember, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    org = models.ForeignKey(PartyOrg, null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("commitment"), max_length=100)
    body = models.CharField(_("details"), max_length=1000, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    state = models.CharField(_("state"), max_length=10, choices=CommitmentState.choices,
                             default=CommitmentState.PUBLISHED)
    progress = models.PositiveSmallIntegerField(_("progress %"), default=0)
    report = models.CharField(_("report"), max_length=2000, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100),
                                   name="evaluation_commitment_progress"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="evaluation_commitment_period"),
        ]
        indexes = [models.Index(fields=["state", "period_end"], name="evaluation_commit_due")]
        verbose_name = _("commitment")

    def __str__(self):
        return self.title

    def is_overdue(self, today) -> bool:
        return self.state == CommitmentState.PUBLISHED and self.period_end < today


class LinkKind(models.TextChoices):
    CASE = "case", _("Case")
    ACTIVITY = "activity", _("Activity")
    VOLUNTEER_RECORD = "volunteer_record", _("Volunteer service record")


class CommitmentAction(models.Model):
    """践诺: one thing done towards a commitment, with a photo or document and, optionally,
    the case, activity or volunteer record it was (looked up in the person's own scope)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="actions")
    done_on = models.DateField(_("done on"))
    note = models.CharField(_("what was done"), max_length=500)
    evidence = models.FileField(_("evidence"), upload_to="evaluations/%Y/%m/", blank=True)
    link_kind = models.CharField(_("linked record"), max_length=20, choices=LinkKind.choices,
                                 blank=True)
    link_id = models.PositiveIntegerField(_("record number"), null=True, blank=True)
    link_label = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["commitment_id", "-done_on", "-id"]
        verbose_name = _("commitment action")

    def __str__(self):
        return self.note


class CommitmentRating(models.Model):
    """评诺: one person's rating of a reported commitment (1–5), as a resident or as a
    member of the committee (staff)."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE,
                                   related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+")
    by_committee = models.BooleanField(_("as the committee"), default=False)
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commitment", "rater"],
                                    name="evaluation_commitment_rated_once"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5),
                                   name="evaluation_commitment_score"),
        ]
        verbose_name = _("commitment rating")

    def __str__(self):
        return f"{self.commitment_id}:{self.score}"
