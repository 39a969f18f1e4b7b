"""The resources app's models: the shared-resource list, bookings and negotiations, and
urban-rural pairing (one module each)."""

from .bookings import (
    LIVE,
    Booking,
    BookingSeries,
    BookingStatus,
    Negotiation,
    NegotiationMessage,
    NegotiationState,
)
from .pairing import Exchange, ExchangeForm, Pairing
from .resources import (
    Bookers,
    OpeningHours,
    PlatformMember,
    Resource,
    ResourceKind,
    ResourcePhoto,
    SharingAgreement,
    StoredFile,
)

__all__ = [
    "LIVE", "Bookers", "Booking", "BookingSeries", "BookingStatus", "Exchange", "ExchangeForm",
    "Negotiation", "NegotiationMessage", "NegotiationState", "OpeningHours", "Pairing",
    "PlatformMember", "Resource", "ResourceKind", "ResourcePhoto", "SharingAgreement",
    "StoredFile",
]
