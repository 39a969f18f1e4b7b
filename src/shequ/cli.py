"""The ``shequ`` command: Django's management commands under one name.

``shequ demo``, ``shequ serve``, ``shequ createadmin`` and every Django command
(``shequ migrate``…). Settings default to production (``shequ.settings.prod``); ``make demo``
selects ``shequ.settings.dev``.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings.prod")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "shequ"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
