"""Teams (service organisations) and the service projects they run. 社团联育: volunteer
teams and social organisations are incubated here; a project groups a community's
recurring needs (e.g. 独居老人助餐), optionally run by a team."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.territory.models import Area

from ..people.models import Skill, Volunteer


class OrgKind(models.TextChoices):
    VOLUNTEER_TEAM = "volunteer_team", _("Volunteer team")
    SOCIAL_ORG = "social_org", _("Social organisation")


class OrgStatus(models.TextChoices):
    INCUBATING = "incubating", _("Incubating")
    REGISTERED = "registered", _("Registered")
    DISSOLVED = "dissolved", _("Dissolved")


class ServiceOrganisation(models.Model):
    """志愿服务队 / 社会组织 of a community, with a leader and members."""

    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("type"), max_length=16, choices=OrgKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=OrgStatus.choices,
                              default=OrgStatus.INCUBATING)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(Volunteer, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="leads")
    members = models.ManyToManyField(Volunteer, blank=True, related_name="organisations")
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"],
                                               name="service_org_unique_name")]
        verbose_name = _("service organisation")

    def __str__(self):
        return self.name


class ServiceProject(models.Model):
    """Recurring work grouped under one name (e.g. 独居老人助餐), optionally run by a team."""

    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(ServiceOrganisation, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="projects")
    skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    is_active = models.BooleanField(pgettext_lazy("valid", "active"), default=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["path", "name"]
        verbose_name = _("service project")

    def __str__(self):
        return self.name
