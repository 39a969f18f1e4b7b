from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RostersConfig(AppConfig):
    name = "shequ.rosters"
    label = "rosters"
    verbose_name = _("Roster import and export")

    def ready(self):
        import datetime as dt

        from django.utils.translation import pgettext_lazy

        from shequ.accounts.roles import Action
        from shequ.core import manifest, retention
        from shequ.core.menus import MenuItem

        from .errors import RosterErrorCode
        from .services import export_jobs_purge, import_jobs_purge

        manifest.register(manifest.AppManifest(
            label=self.label,
            error_codes=[RosterErrorCode],
            menu=[MenuItem(key="rosters", group="people", label=_("Import / export"),
                           url_name="rosters:index", action=Action.EDIT_PEOPLE, order=60)],
            audit_labels=manifest.AuditLabels(actions={
                "import": pgettext_lazy("audit", "Roster imported"),
                "export": pgettext_lazy("audit", "Roster exported"),
                "download": pgettext_lazy("audit", "Export downloaded"),
            }, entities={
                "roster_import": pgettext_lazy("audit", "Roster import"),
                "resident_export": pgettext_lazy("audit", "Resident export"),
            }),
            # Roster files hold whole communities' personal data: kept RETENTION_DAYS (1 day).
            retention=[
                retention.Policy(
                    category="roster_uploads", label=_("Uploaded rosters and error workbooks"),
                    disposal=retention.Disposal.DELETE,
                    apply=lambda *, cutoff, dry_run: import_jobs_purge(
                        now=cutoff, ttl=dt.timedelta(0), dry_run=dry_run)),
                retention.Policy(
                    category="export_files", label=_("Export workbooks"),
                    disposal=retention.Disposal.DELETE,
                    apply=lambda *, cutoff, dry_run: export_jobs_purge(
                        now=cutoff, ttl=dt.timedelta(0), dry_run=dry_run)),
            ],
        ))
