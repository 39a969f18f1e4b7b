from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "shequ.imports"
    label = "imports"
    verbose_name = _("Set-up imports")

    def ready(self):
        import datetime as dt

        from django.utils.translation import pgettext_lazy

        from shequ.core import manifest, menus, retention

        from . import kinds  # noqa: F401 - registers the built-in kinds
        from .errors import ImportErrorCode
        from .services import jobs_purge

        manifest.register(manifest.AppManifest(
            label=self.label,
            menu=[menus.MenuItem(key="setup_imports", group="admin",
                                 label=_("Set-up imports"), url_name="imports:index",
                                 action="manage_territory", order=70)],
            retention=[retention.Policy(
                "setup_uploads", _("Uploaded set-up workbooks and error workbooks"),
                retention.Disposal.DELETE,
                lambda *, cutoff, dry_run: 0 if dry_run else jobs_purge(
                    now=cutoff, ttl=dt.timedelta(0)))],
            audit_labels=manifest.AuditLabels(actions={}, entities={
                "setup_import": pgettext_lazy("audit", "Set-up import")}),
            error_codes=[ImportErrorCode],
        ))
