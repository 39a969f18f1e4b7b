"""Meetings: the 议事会 that votes on matters and the 大党委's 联席会议 whose resolutions
go to member units. Both share the agenda, the invitees and the attendance; only the
议事会 votes, only the 联席会议 assigns resolutions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import PartTimeMember, Unit
from shequ.registry.models import Resident
from shequ.territory.models import Area

from .matters import Matter


class MeetingKind(models.TextChoices):
    COUNCIL = "council", _("Deliberation council meeting")  # 议事会
    JOINT = "joint", _("Joint meeting of the committee")  # 大党委联席会议


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CLOSED = "closed", pgettext_lazy("meeting", "Closed")


class Meeting(models.Model):
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=8, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=100)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    secret_ballot = models.BooleanField(_("secret ballot"), default=False)
    # Quorum: present attendees / invitees must reach quorum_num / quorum_den.
    quorum_num = models.PositiveSmallIntegerField(_("quorum numerator"), default=2)
    quorum_den = models.PositiveSmallIntegerField(_("quorum denominator"), default=3)
    minutes = models.TextField(_("meeting minutes"), max_length=20000, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("meeting")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_num__gte=1, quorum_den__gte=1)
                & Q(quorum_num__lte=models.F("quorum_den")),
                name="delib_meeting_quorum_fraction"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("deliberation:meeting-detail", args=[self.pk])


class AgendaItem(models.Model):
    """A matter put to the vote (议事会) or a topic (联席会议). The tally is kept here, so a
    secret ballot's counts are exact while its ballots say only who voted."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=1)
    matter = models.ForeignKey(Matter, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="agenda_items")
    topic = models.CharField(pgettext_lazy("agenda", "topic"), max_length=200, blank=True)
    votes_for = models.PositiveIntegerField(default=0)
    votes_against = models.PositiveIntegerField(default=0)
    votes_abstain = models.PositiveIntegerField(default=0)
    decided = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        constraints = [models.UniqueConstraint(fields=["meeting", "matter"],
                                               name="delib_agenda_matter_once")]

    def __str__(self):
        return self.topic or str(self.matter)


class InviteeKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee member")  # 大党委 part-time member
    STAFF = "staff", _("Neighbourhood committee staff")  # 居委会
    RESIDENT = "resident", _("Residents' representative")


class Invitee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitees")
    kind = models.CharField(_("type"), max_length=10, choices=InviteeKind.choices)
    # A part-time member who leaves the 大党委 stays on past meetings by name (SET_NULL).
    member = models.ForeignKey(PartTimeMember, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=60)
    present = models.BooleanField(_("present"), default=False)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("invitee")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], condition=Q(member__isnull=False),
                                    name="delib_invitee_member_once"),
            models.UniqueConstraint(fields=["meeting", "user"], condition=Q(user__isnull=False),
                                    name="delib_invitee_user_once"),
            models.UniqueConstraint(fields=["meeting", "resident"],
                                    condition=Q(resident__isnull=False),
                                    name="delib_invitee_resident_once"),
        ]

    def __str__(self):
        return self.name


class VoteChoice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")


class Vote(models.Model):
    """One attendee's vote on one agenda item. On a secret ballot ``choice`` stays empty:
    the row records only that the person voted; no time or order ties it to the tally."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    invitee = models.ForeignKey(Invitee, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(pgettext_lazy("meeting", "vote"), max_length=8,
                              choices=VoteChoice.choices, blank=True)

    class Meta:
        ordering = ["item", "invitee"]
        verbose_name = pgettext_lazy("meeting", "vote")
        constraints = [models.UniqueConstraint(fields=["item", "invitee"],
                                               name="delib_one_vote_per_member")]

    def __str__(self):
        return f"{self.item_id}:{self.invitee_id}"


class ResolutionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("resolution", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("resolution", "In progress")
    DONE = "done", _("Done")


class Resolution(models.Model):
    """A 联席会议 resolution a member unit carries out by a deadline."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="resolutions")
    text = models.CharField(_("resolution"), max_length=300)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due"))
    status = models.CharField(_("status"), max_length=12, choices=ResolutionStatus.choices,
                              default=ResolutionStatus.OPEN)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("resolution")

    def __str__(self):
        return self.text

    @property
    def is_overdue(self) -> bool:
        return self.status != ResolutionStatus.DONE and self.due_on < timezone.localdate()


class ResolutionUpdate(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=ResolutionStatus.choices)
    note = models.CharField(_("note"), max_length=500)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("resolution update")

    def __str__(self):
        return self.note
