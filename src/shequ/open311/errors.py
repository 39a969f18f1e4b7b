"""GeoReport v2 errors: an HTTP status and a description, rendered as the spec's
``<errors><error><code/><description/></error></errors>`` or its JSON array."""

from __future__ import annotations


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description
