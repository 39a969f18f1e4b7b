"""Pages of the resources app, one module per concern (the list and calendar, bookings,
urban-rural pairing)."""
