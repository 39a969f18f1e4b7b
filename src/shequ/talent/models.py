"""创业联助 (entrepreneurship co-help): the community entrepreneur alliance with its monthly
help sessions and salons, units' talent demands, the residents' talent reserve (kept only
with the resident's consent) and referrals of reserve members to posts.

Every record carries the path of its place (a community, a unit, a resident's home) so the
scoping engine reaches it with one indexed range."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import Unit
from shequ.registry.models import Resident
from shequ.territory.models import Area


class Education(models.IntegerChoices):
    """Ordered: a higher value meets every lower requirement."""

    ANY = 0, _("Any")
    PRIMARY = 1, _("Primary school")
    JUNIOR = 2, _("Junior secondary")
    SENIOR = 3, _("Senior secondary / vocational")
    ASSOCIATE = 4, _("Associate degree")
    BACHELOR = 5, _("Bachelor's degree")
    MASTER = 6, _("Master's degree or above")


class PostKind(models.TextChoices):
    PRODUCTION = "production", _("Production")
    SERVICE = "service", pgettext_lazy("talent kind", "Service")
    SALES = "sales", _("Sales")
    TECHNICAL = "technical", _("Technical")
    OFFICE = "office", _("Office")
    FINANCE = "finance", _("Finance")
    EDUCATION = "education", _("Education")
    CARE = "care", _("Care and health")
    OTHER = "other", _("Other")


class WorkType(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    INTERNSHIP = "internship", _("Internship")


# -- the alliance -------------------------------------------------------------------------------
class AllianceMember(models.Model):
    """社区创业者联盟 member: a resident or a unit (exactly one) of a community."""

    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    resident = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    business = models.CharField(_("business"), max_length=200, blank=True)
    joined_on = models.DateField(_("joined the alliance on"))
    is_active = models.BooleanField(_("in the alliance"), default=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(resident__isnull=False, unit__isnull=True)
                           | Q(resident__isnull=True, unit__isnull=False)),
                name="alliance_member_resident_or_unit"),
            models.UniqueConstraint(fields=["community", "resident"],
                                    condition=Q(resident__isnull=False),
                                    name="alliance_resident_once"),
            models.UniqueConstraint(fields=["community", "unit"], condition=Q(unit__isnull=False),
                                    name="alliance_unit_once"),
        ]
        verbose_name = _("alliance member")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.resident.name if self.resident_id else self.unit.name


class SessionKind(models.TextChoices):
    HELP = "help", _("Monthly help session")
    SALON = "salon", _("Brainstorming salon")


class HelpSession(models.Model):
    """A monthly help session (帮扶会) or a 头脑风暴/众创思变 salon, with its notes."""

    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=8, choices=SessionKind.choices)
    title = models.CharField(_("topic"), max_length=100)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), max_length=8000, blank=True)
    attendees = models.ManyToManyField(AllianceMember, blank=True, related_name="sessions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("help session")

    def __str__(self):
        return self.title


class FollowUp(models.Model):
    """What a session decided to do for a member: who owns it, by when, done or not."""

    session = models.ForeignKey(HelpSession, on_delete=models.CASCADE, related_name="follow_ups")
    member = models.ForeignKey(AllianceMember, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="follow_ups")
    text = models.CharField(_("follow-up"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="+", verbose_name=_("owned by"))
    due = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("follow-up")

    def __str__(self):
        return self.text


# -- demands, the reserve, referrals -------------------------------------------------------------
class Recruiter(models.Model):
    """An account that posts and follows a unit's talent demands (its liaison, HR)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="talent_units")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "user"], name="recruiter_once")]
        verbose_name = _("recruiter")

    def __str__(self):
        return f"{self.user} → {self.unit}"


class DemandState(models.TextChoices):
    OPEN = "open", _("Recruiting")
    CLOSED = "closed", _("Post closed")


class Demand(models.Model):
    """A unit's talent demand: one post, its skills (normalised tags), lowest education,
    pay band (yuan a month), how many people, until when. ``lat``/``lng`` place the work."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("job post"), max_length=100)
    post_kind = models.CharField(_("kind of post"), max_length=12, choices=PostKind.choices)
    work_type = models.CharField(_("work type"), max_length=12, choices=WorkType.choices,
                                 default=WorkType.FULL_TIME)
    skills = models.CharField(_("skills"), max_length=400, blank=True)
    education = models.PositiveSmallIntegerField(_("education"), choices=Education.choices,
                                                 default=Education.ANY)
    pay_min = models.PositiveIntegerField(_("pay from"))
    pay_max = models.PositiveIntegerField(_("pay up to"))
    headcount = models.PositiveIntegerField(_("people wanted"), default=1)
    deadline = models.DateField(_("deadline"))
    description = models.TextField(_("description"), max_length=4000, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=DemandState.choices,
                             default=DemandState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(pay_max__gte=models.F("pay_min")),
                                   name="demand_pay_band"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="demand_headcount"),
        ]
        verbose_name = _("talent demand")

    def __str__(self):
        return self.title

    @property
    def skill_list(self) -> list[str]:
        return [s for s in self.skills.split(",") if s]


class Profile(models.Model):
    """A resident's place in the talent reserve. Matching reads it only while the resident's
    consent stands (``consented``); withdrawing hides it at once, the rest is kept."""

    resident = models.OneToOneField(Resident, on_delete=models.PROTECT, related_name="+")
    skills = models.CharField(_("skills"), max_length=400, blank=True)
    education = models.PositiveSmallIntegerField(_("education"), choices=Education.choices,
                                                 default=Education.ANY)
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    wish_kinds = models.CharField(_("kinds of post wished"), max_length=200, blank=True)
    wish_work_types = models.CharField(_("work types accepted"), max_length=60, blank=True)
    wish_max_km = models.PositiveSmallIntegerField(_("farthest distance (km)"), null=True,
                                                   blank=True)
    wish_pay_min = models.PositiveIntegerField(_("lowest pay wished"), null=True, blank=True)
    available_from = models.DateField(_("can start on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    consented = models.BooleanField(_("consent given"), default=False, db_index=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    consent_note = models.CharField(_("how consent was given"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(_("consent withdrawn at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "resident_id"}

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(
            condition=Q(consented=False) | Q(consent_at__isnull=False),
            name="profile_consent_has_time")]
        verbose_name = _("talent profile")

    def __str__(self):
        return str(self.resident_id)

    @property
    def skill_list(self) -> list[str]:
        return [s for s in self.skills.split(",") if s]

    @property
    def wish_kind_labels(self) -> str:
        labels = dict(PostKind.choices)
        return "、".join(str(labels[k]) for k in self.wish_kinds.split(",") if k in labels)


class ReferralKind(models.TextChoices):
    REFERRAL = "referral", _("Referral")
    INTERNSHIP = "internship", _("Internship")


class ReferralState(models.TextChoices):
    REFERRED = "referred", _("Referred")
    INTERVIEWED = "interviewed", _("Interviewed")
    HIRED = "hired", _("Hired")
    DECLINED = "declined", pgettext_lazy("referral", "Declined")


class Referral(models.Model):
    """A reserve member put forward for a post, followed to its outcome."""

    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="referrals")
    profile = models.ForeignKey(Profile, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(_("type"), max_length=12, choices=ReferralKind.choices,
                            default=ReferralKind.REFERRAL)
    state = models.CharField(_("state"), max_length=12, choices=ReferralState.choices,
                             default=ReferralState.REFERRED)
    score = models.PositiveSmallIntegerField(_("match score"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)
    outcome_note = models.CharField(_("outcome note"), max_length=300, blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    referred_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["demand", "profile"],
                                               name="referral_once")]
        verbose_name = _("referral")

    def __str__(self):
        return f"{self.demand_id}:{self.profile_id}"
