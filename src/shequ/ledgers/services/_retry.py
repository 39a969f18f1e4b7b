"""The ledgers' services import the retry from here; it lives in core (core/retry.py) since
the resources app retries its bookings the same way."""

from shequ.core.retry import retry_when_locked

__all__ = ["retry_when_locked"]
