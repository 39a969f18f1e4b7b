from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "shequ.members"
    label = "members"
    verbose_name = _("Party member co-management")
