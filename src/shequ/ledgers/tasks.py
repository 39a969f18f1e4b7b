"""Background work of the ledgers (django-tasks: the database queue run by
``shequ db_worker``; the immediate backend in tests)."""

from django_tasks import task


@task()
def evaluate_new_cases() -> int:
    """Early warning for the cases taken in since the last batch (see ``alerting``)."""
    from .alerting import evaluate_pending

    return evaluate_pending()
