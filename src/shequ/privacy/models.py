"""A resident's request about their personal data (PIPL art. 44–48: 查阅复制, 更正补充,
删除, 解释说明), logged by staff and answered within 15 working days (art. 50 requires a
timely answer; 15 working days is the district's rule)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident


class RequestKind(models.TextChoices):
    ACCESS = "access", _("See or copy my data")
    CORRECT = "correct", _("Correct or complete my data")
    DELETE = "delete", _("Delete my data")
    EXPLAIN = "explain", _("Explain how my data is used")


class RequestState(models.TextChoices):
    OPEN = "open", pgettext_lazy("request", "Open")
    DONE = "done", pgettext_lazy("handled", "Done")
    REFUSED = "refused", _("Refused")


class DataRequest(models.Model):
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("resident"))
    path = OrderedKeyField(max_length=64)
    kind = models.CharField(_("request"), max_length=10, choices=RequestKind.choices)
    state = models.CharField(_("state"), max_length=10, choices=RequestState.choices,
                             default=RequestState.OPEN)
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due on"))
    note = models.CharField(_("what was asked"), max_length=500, blank=True)
    outcome = models.CharField(_("answer"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["path", "state", "due_on"], name="datarequest_scope")]
        verbose_name = _("personal data request")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.state == RequestState.OPEN and self.due_on < timezone.localdate()
