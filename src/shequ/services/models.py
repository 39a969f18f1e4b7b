"""民生联解: the one-stop service catalogue (一站式承接下沉服务), residents' requests and
代办 (staff handling them on a resident's behalf under a recorded authorisation), household
visits that produced no case, and 民情说吧 / 民情代述 opinions.

Every row sits at a territory path: a catalogue item at the area that offers it (a
district's item is offered in all its communities), a request, authorisation and visit at
the resident's home, a session and its opinions at the community."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.ledgers.models import Case
from shequ.registry.models import Resident
from shequ.territory.models import Area, Household


class Payer(models.TextChoices):
    FREE = "free", _("Free of charge")
    RESIDENT = "resident", _("The resident pays")
    # 费随事转: the department that sinks the service down pays the community for it.
    GOVERNMENT = "government", _("Bought by the government (费随事转)")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("At the counter")
    BOTH = "both", _("Online or at the counter")


class CatalogueItem(models.Model):
    """One service the community counters take in on a department's behalf."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    department = models.CharField(_("owning department"), max_length=60)
    materials = models.TextField(_("required materials"), max_length=2000, blank=True,
                                 help_text=_("One per line."))
    time_limit_days = models.PositiveSmallIntegerField(_("legal time limit (working days)"))
    fee = models.DecimalField(_("fee (yuan)"), max_digits=8, decimal_places=2, default=0)
    payer = models.CharField(_("who pays"), max_length=12, choices=Payer.choices,
                             default=Payer.FREE)
    channel = models.CharField(_("online/offline"), max_length=8, choices=Channel.choices,
                               default=Channel.BOTH)
    counter = models.CharField(_("counter"), max_length=40)
    home_service = models.BooleanField(_("can be done at home"), default=False)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("offered in"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("service item")

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.retired_at is None

    def material_list(self) -> list[str]:
        return [m.strip() for m in self.materials.splitlines() if m.strip()]


class Authorisation(models.Model):
    """代办授权: a resident (or a relative on their behalf) lets the community act for them —
    for one item or for anything (``item`` empty) — until a date."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    granted_by = models.CharField(_("authorised by"), max_length=40,
                                  help_text=_("The resident, or the relative who signed."))
    purpose = models.CharField(_("for what"), max_length=200)
    item = models.ForeignKey(CatalogueItem, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("service item"))
    valid_until = models.DateField(_("valid until"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        verbose_name = _("authorisation")

    def __str__(self):
        return f"{self.resident} · {self.purpose}"


class RequestChannel(models.TextChoices):
    PORTAL = "portal", _("Resident portal")
    COUNTER = "counter", _("At the counter")
    VISIT = "visit", _("On a visit")


class RequestState(models.TextChoices):
    # A context of their own: other modules' "Accepted", "Refused"… mean something else
    # (受理 and 不予受理 are the one-stop hall's words).
    SUBMITTED = "submitted", pgettext_lazy("service request", "Submitted")
    ACCEPTED = "accepted", pgettext_lazy("service request", "Accepted")
    HANDED_OFF = "handed_off", pgettext_lazy("service request", "With a department")
    COMPLETED = "completed", pgettext_lazy("service request", "Completed")
    REFUSED = "refused", pgettext_lazy("service request", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("service request", "Withdrawn")


OPEN_STATES = (RequestState.SUBMITTED, RequestState.ACCEPTED, RequestState.HANDED_OFF)


class ServiceRequest(models.Model):
    item = models.ForeignKey(CatalogueItem, on_delete=models.PROTECT, related_name="requests",
                             verbose_name=_("service item"))
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("resident"))
    channel = models.CharField(pgettext_lazy("request", "channel"), max_length=8,
                               choices=RequestChannel.choices)
    state = models.CharField(_("state"), max_length=12, choices=RequestState.choices,
                             default=RequestState.SUBMITTED)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    home_service = models.BooleanField(_("home service"), default=False)
    authorisation = models.ForeignKey(Authorisation, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="requests",
                                      verbose_name=_("代办 authorisation"))
    holder = models.CharField(_("now with"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("handled by"))
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    rating_comment = models.CharField(pgettext_lazy("rating", "comment"), max_length=200,
                                      blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    path = OrderedKeyField(max_length=64)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["path", "id"], name="svc_request_path_id"),
                   models.Index(fields=["state", "due_at"], name="svc_request_state_due")]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="svc_request_rating_1_5"),
        ]
        verbose_name = _("service request")

    def __str__(self):
        return f"#{self.pk} {self.item}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class EventKind(models.TextChoices):
    SUBMIT = "submit", pgettext_lazy("service request", "Requested")
    ACCEPT = "accept", pgettext_lazy("service request", "Accepted")
    HAND_OFF = "hand_off", pgettext_lazy("service request", "Handed off")
    COMPLETE = "complete", pgettext_lazy("service request", "Completed")
    REFUSE = "refuse", pgettext_lazy("service request", "Refused")
    WITHDRAW = "withdraw", pgettext_lazy("service request", "Withdrawn")
    RATE = "rate", pgettext_lazy("service request", "Rated")


class RequestEvent(models.Model):
    """The request's trail: every step and every hand-off between counters and
    departments, with who did it and when. Append-only: the database refuses UPDATE and
    DELETE (migration 0002)."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    to_state = models.CharField(max_length=12, blank=True)
    holder = models.CharField(max_length=60, blank=True)
    note = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class Visit(models.Model):
    """入户走访 without a case: the grid worker's visit still counts in their month."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("household"))
    resident = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("resident"))
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    at = models.DateTimeField(_("visited at"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["worker", "at"], name="svc_visit_worker_at")]
        verbose_name = _("household visit")

    def __str__(self):
        return f"{self.household} {self.at:%Y-%m-%d}"


class OpinionSession(models.Model):
    """民情说吧: a sitting where residents speak and staff listen."""

    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("community"))
    title = models.CharField(_("title"), max_length=80)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("民情说吧 session")

    def __str__(self):
        return self.title


class Theme(models.TextChoices):
    ENVIRONMENT = "environment", _("Environment and sanitation")
    PROPERTY = "property", _("Property management")
    ELDERLY = "elderly", _("Elderly care")
    TRAFFIC = "traffic", _("Traffic and parking")
    SAFETY = "safety", _("Public safety")
    SERVICES = "services", _("Public services")
    EMPLOYMENT = "employment", _("Employment")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    OPEN = "open", _("Awaiting an answer")
    ANSWERED = "answered", _("Answered")
    CASE = "case", _("Became a case")
    DELIBERATION = "deliberation", _("Matter for deliberation")


class Opinion(models.Model):
    """One resident's opinion, heard at a session or on a visit (民情代述: staff write it
    down for them), with the answer and what became of it."""

    session = models.ForeignKey(OpinionSession, null=True, blank=True,
                                on_delete=models.PROTECT, related_name="opinions")
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="opinions")
    resident = models.ForeignKey(Resident, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("resident"))
    speaker = models.CharField(_("speaker"), max_length=40, blank=True)
    theme = models.CharField(_("theme"), max_length=12, choices=Theme.choices)
    text = models.TextField(_("opinion"), max_length=2000)
    answer = models.TextField(_("answer given"), max_length=2000, blank=True)
    outcome = models.CharField(pgettext_lazy("request", "outcome"), max_length=12,
                               choices=Outcome.choices,
                               default=Outcome.OPEN)
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    # A matter of ``deliberation`` (that app sits beside this one: a reference, no link).
    deliberation_ref = models.PositiveIntegerField(_("deliberation matter"), null=True,
                                                   blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(session__isnull=False) | Q(visit__isnull=False),
                                   name="svc_opinion_session_or_visit"),
        ]
        verbose_name = _("opinion")

    def __str__(self):
        return self.text[:30]
