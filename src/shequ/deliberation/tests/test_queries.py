"""Lists read a fixed number of queries whatever their length: the matter list page, the
public page and the meeting page."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shequ.deliberation import services
from shequ.deliberation.models import Matter


def _bulk(tree, n, start=0):
    Matter.objects.bulk_create([Matter(
        community=tree.community, path=tree.community.path, kind="funds", title=f"事项{i}",
        status="passed", decided_at=timezone.now(), votes_for=3)
        for i in range(start, start + n)])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_matter_list_and_the_public_page_do_not_grow_with_rows(client, tree, staff):
    _bulk(tree, 2)
    client.force_login(staff)
    page, public = reverse("deliberation:matter-list"), reverse("deliberation:public",
                                                                args=[tree.community.code])
    few = _count(client, page), _count(client, public)
    _bulk(tree, 25, start=2)
    assert (_count(client, page), _count(client, public)) == few


def test_the_meeting_page_does_not_grow_with_votes(client, tree, staff, committee, approved,
                                                   council):
    client.force_login(staff)
    item = services.agenda_add(actor=staff, meeting=council, matter=approved)
    services.attendance_set(actor=staff, meeting=council,
                            present=list(council.invitees.values_list("pk", flat=True)))
    before = _count(client, council.get_absolute_url())
    for invitee in council.invitees.all():
        services.vote_cast(actor=staff, item=item, invitee=invitee, choice="for")
    assert _count(client, council.get_absolute_url()) == before
