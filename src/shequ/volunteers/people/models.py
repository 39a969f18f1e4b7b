"""Volunteers, their skills (the managed skill list, with a level each) and weekly
availability."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.registry.models import Resident
from shequ.territory.models import Building

# Availability is a bit set: bit (weekday * 3 + band), weekday 0 = Monday.
BANDS = (("morning", 6, 12), ("afternoon", 12, 18), ("evening", 18, 22))
ALL_WEEK = (1 << (7 * len(BANDS))) - 1


class Skill(models.Model):
    """One entry of the managed skill list (陪伴老人, 家电维修, 法律咨询…)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    is_active = models.BooleanField(pgettext_lazy("valid", "active"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("skill")

    def __str__(self):
        return self.name


class Volunteer(models.Model):
    """A resident (or party member) who volunteers. ``building``/``lat``/``lng`` are copied
    from the resident's home when registering, so matching reads one table."""

    resident = models.OneToOneField(Resident, on_delete=models.PROTECT, related_name="volunteer")
    skills = models.ManyToManyField(Skill, through="VolunteerSkill", related_name="volunteers")
    availability = models.PositiveIntegerField(
        _("availability"), default=0, help_text=_("Weekday × time band bit set"))
    building = models.ForeignKey(Building, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    is_active = models.BooleanField(pgettext_lazy("valid", "active"), default=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"
    scope_self_lookups = {"resident": "resident_id"}

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["path", "is_active"], name="volunteer_path_active")]
        verbose_name = _("volunteer")

    def __str__(self):
        return str(self.resident)


class VolunteerSkill(models.Model):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="skill_rows")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(pgettext_lazy("skill", "level"), default=1,
                                             help_text=_("1 basic, 2 experienced, 3 expert"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["volunteer", "skill"], name="volunteer_skill_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=3),
                                   name="volunteer_skill_level_1_3"),
        ]
        indexes = [models.Index(fields=["skill", "volunteer"], name="vskill_skill_volunteer")]
        verbose_name = _("volunteer skill")

    def __str__(self):
        return f"{self.volunteer_id}:{self.skill_id}:{self.level}"


