"""The built-in import kinds; each module registers its kind with ``pipeline.register``."""

from . import accounts, party_members, party_orgs, territory, units  # noqa: F401
