from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def _create_cache_table(sender, using="default", verbosity=1, **kwargs):
    """The shared cache lives in the database (settings.CACHES); create its table whenever
    the schema is migrated, so `migrate` alone sets up a working installation."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "shequ.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        post_migrate.connect(_create_cache_table, sender=self,
                             dispatch_uid="shequ.core.create_cache_table")

        from django.utils.translation import pgettext_lazy

        from . import manifest, retention_core
        from .appendonly import register_sqlite_function

        connection_created.connect(register_sqlite_function,
                                   dispatch_uid="shequ.core.append_only_function")
        # Verbs every module records, and the keys their before/after values share.
        labels = manifest.AuditLabels(actions={
            "create": pgettext_lazy("audit", "Created"),
            "update": pgettext_lazy("audit", "Changed"),
            "deactivate": pgettext_lazy("audit", "Deactivated"),
            "reactivate": pgettext_lazy("audit", "Reactivated"),
            "reveal": pgettext_lazy("audit", "Viewed personal data"),
            "cancel": pgettext_lazy("audit", "Cancelled"),
            "confirm": pgettext_lazy("audit", "Confirmed"),
            "reject": pgettext_lazy("audit", "Rejected"),
            "sign_up": pgettext_lazy("audit", "Signed up"),
            "check_in": pgettext_lazy("audit", "Checked in"),
            "check_out": pgettext_lazy("audit", "Checked out"),
            "register": pgettext_lazy("audit", "Registered"),
            "audit_archive": pgettext_lazy("audit", "Audit records archived"),
            "retention": pgettext_lazy("audit", "Expired data removed"),
        }, fields={
            "is_active": pgettext_lazy("audit", "In use"),
            "name": pgettext_lazy("audit", "Name"),
            "kind": pgettext_lazy("audit", "Type"),
            "area": pgettext_lazy("audit", "Area"),
            "path": pgettext_lazy("audit", "Place code"),
            "state": pgettext_lazy("audit", "State"),
            "role": pgettext_lazy("audit", "Role"),
            "user": pgettext_lazy("audit", "User"),
            "note": pgettext_lazy("audit", "Note"),
            "reason": pgettext_lazy("audit", "Reason"),
            "source": pgettext_lazy("audit", "Source"),
            "amount": pgettext_lazy("audit", "Amount"),
            "balance": pgettext_lazy("audit", "Balance"),
            "quantity": pgettext_lazy("audit", "Quantity"),
            "hours": pgettext_lazy("audit", "Hours"),
            "rows": pgettext_lazy("audit", "Rows"),
            "scope": pgettext_lazy("audit", "Scope"),
            "community": pgettext_lazy("audit", "Community"),
            "code": pgettext_lazy("audit", "Code"),
        })
        manifest.register(manifest.AppManifest(
            label=self.label, audit_labels=labels, retention=retention_core.categories()))
