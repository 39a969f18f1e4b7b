"""Django's SQLite backend with one change: write transactions queue on a file lock instead
of SQLite's busy handler (see ``base``)."""
