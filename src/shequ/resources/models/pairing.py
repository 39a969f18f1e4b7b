"""城乡结对共建: a community paired with a village, and the exchanges between them in the
three forms the seed names."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident
from shequ.territory.models import Area

from .contacts import ContactPhone
from .resources import Resource, StoredFile


class Pairing(ContactPhone):
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    village = models.CharField(_("village"), max_length=60)
    township = models.CharField(_("township"), max_length=60)
    contact = models.CharField(_("contact person"), max_length=60, blank=True)
    started_on = models.DateField(_("paired since"), null=True, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "village", "id"]
        verbose_name = _("urban-rural pairing")

    def __str__(self):
        return f"{self.township}{self.village}"


class ExchangeForm(models.TextChoices):
    MEMBERS = "members", _("Party members attend each other's organisational life")
    CADRES = "cadres", _("Cadres take part in each other's work")
    RESOURCES = "resources", _("Resources support each other's development")


class Exchange(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="exchanges")
    form = models.CharField(_("form"), max_length=10, choices=ExchangeForm.choices)
    on_date = models.DateField(_("date"))
    residents = models.ManyToManyField(Resident, blank=True, related_name="+",
                                       verbose_name=_("people from the registry"))
    people_text = models.CharField(_("other people"), max_length=300, blank=True)
    resources = models.ManyToManyField(Resource, blank=True, related_name="+",
                                       verbose_name=_("resources lent"))
    resources_text = models.CharField(_("other resources"), max_length=300, blank=True)
    outcome = models.TextField(_("outcome"), max_length=2000, blank=True)
    photos = models.ManyToManyField(StoredFile, blank=True, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-on_date", "-id"]
        verbose_name = _("exchange")

    def __str__(self):
        return f"{self.pairing_id} {self.on_date}"
