"""文明联创 selections (评选: 和谐家庭, 和谐邻里, 孝善之家, 平安楼栋…): nominations with a
reason, review, a public vote in a window, and the published result.

One resident, one vote per selection — or up to ``votes_per_voter`` different candidates:
a vote takes a numbered *slot* (1..N) and the database holds (selection, voter, slot) and
(selection, voter, nomination) unique, so a repeated or a concurrent extra vote cannot be
stored whatever the timing."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident
from shequ.territory.models import Area, Building, Household


class SelectionKind(models.TextChoices):
    HARMONIOUS_FAMILY = "harmonious_family", _("Harmonious family")
    HARMONIOUS_NEIGHBOURS = "harmonious_neighbours", _("Harmonious neighbours")
    FILIAL_HOME = "filial_home", _("Filial and kind home")
    SAFE_BUILDING = "safe_building", _("Safe building")
    OTHER = "other", _("Other")


class SelectionState(models.TextChoices):
    NOMINATING = "nominating", _("Taking nominations")
    VOTING = "voting", _("Voting")
    PUBLISHED = "published", _("Result published")


class Selection(models.Model):
    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("type"), max_length=24, choices=SelectionKind.choices)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"), max_length=4000, blank=True)
    votes_per_voter = models.PositiveSmallIntegerField(_("votes per resident"), default=1)
    winners = models.PositiveSmallIntegerField(_("number of winners"), default=1)
    hide_results = models.BooleanField(_("hide results until voting closes"), default=True)
    vote_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    vote_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=SelectionState.choices,
                             default=SelectionState.NOMINATING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(votes_per_voter__gte=1),
                                              name="selection_votes_ge_1")]
        verbose_name = _("selection")

    def __str__(self):
        return self.title


class NominationState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    ACCEPTED = "accepted", _("Candidate")
    REJECTED = "rejected", _("Not accepted")


class Nomination(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="nominations")
    nominee = models.CharField(_("nominee"), max_length=60,
                               help_text=_("e.g. 张三家庭, 7栋"))
    household = models.ForeignKey(Household, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    reason = models.TextField(_("reason"), max_length=2000)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(_("state"), max_length=10, choices=NominationState.choices,
                             default=NominationState.SUBMITTED)
    review_note = models.CharField(_("review note"), max_length=200, blank=True)
    votes = models.PositiveIntegerField(_("votes"), default=0)  # written when published
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["id"]
        verbose_name = _("nomination")

    def __str__(self):
        return self.nominee


class Vote(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.PROTECT, related_name="votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    slot = models.PositiveSmallIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64)  # the voter's path

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "voter_id"}

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "voter", "slot"],
                                    name="vote_one_per_slot"),
            models.UniqueConstraint(fields=["selection", "voter", "nomination"],
                                    name="vote_once_per_candidate"),
        ]
        verbose_name = _("vote")

    def __str__(self):
        return f"{self.selection_id}:{self.voter_id}→{self.nomination_id}"
