"""Model fields shared by apps."""

from django.db import models


class OrderedKeyField(models.CharField):
    """A CharField compared byte-wise on every database.

    Materialised paths and search keys are queried as ranges (``>= p AND < p + sentinel``).
    That is only a prefix test under a byte-order collation; PostgreSQL's default locale
    collation ignores punctuation and would break it, so the column gets ``COLLATE "C"``
    there. SQLite already compares with BINARY.
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params
