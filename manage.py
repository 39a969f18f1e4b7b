#!/usr/bin/env python
"""Django's manage.py for development: same as the ``shequ`` command with dev settings."""

import os
import sys

if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shequ.settings.dev")
    from shequ.cli import main

    main(sys.argv)
