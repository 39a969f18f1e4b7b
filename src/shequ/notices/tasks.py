"""Background work of the notices (django-tasks: the database queue run by ``shequ
worker``; the immediate backend in tests)."""

from django_tasks import task


@task()
def deliver_immediate() -> int:
    """Send the notifications due at once (queued by ``notify`` after its commit)."""
    from .delivery import deliver_immediate as run

    return run()


@task()
def send_digest(cadence: str) -> int:
    """The daily or weekly digest (``shequ notices digest`` queues or runs it)."""
    from .delivery import send_digest as run

    return run(cadence=cadence)


@task()
def publish_due() -> int:
    """Publish the scheduled notices whose time has come."""
    from .services import publish_due as run

    return run()
