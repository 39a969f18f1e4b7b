"""``shequ run-warnings``: the hyphenated name of ``run_warnings``."""

from .run_warnings import Command  # noqa: F401
