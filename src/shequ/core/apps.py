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
        from .appendonly import register_sqlite_function

        connection_created.connect(register_sqlite_function,
                                   dispatch_uid="shequ.core.append_only_function")
        from . import retention_core

        retention_core.register()
