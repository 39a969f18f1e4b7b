"""Background work of the ledgers (django-tasks: the database queue run by
``shequ db_worker``; the immediate backend in tests)."""

from django_tasks import task


@task()
def evaluate_grid_rules(case_id: int) -> None:
    """The deferred run of a grid's window rules after a burst of intake."""
    from .alerting import evaluate_case_id

    evaluate_case_id(case_id, case_rules=False)
