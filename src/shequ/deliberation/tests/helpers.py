"""Shortcuts of the tests: a matter taken through a 议事会 to a decision."""

from shequ.deliberation import services


def passed(staff, matter, meeting):
    """``matter`` decided at ``meeting`` with every invitee present and voting for."""
    item = services.agenda_add(actor=staff, meeting=meeting, matter=matter)
    services.attendance_set(actor=staff, meeting=meeting,
                            present=list(meeting.invitees.values_list("pk", flat=True)))
    for invitee in meeting.invitees.all():
        services.vote_cast(actor=staff, item=item, invitee=invitee, choice="for")
    return services.item_decide(actor=staff, item=item)
