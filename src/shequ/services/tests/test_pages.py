"""The services' pages: what staff, grid workers and residents see and do, refusals on
the page, and lists whose query count does not grow with their rows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shequ.services import services
from shequ.services.models import (
    Authorisation,
    Opinion,
    RequestChannel,
    RequestState,
    ServiceRequest,
    Visit,
)

pytestmark = pytest.mark.django_db


def test_staff_pages_open(client, staff, item, granny):
    req = services.request_submit(actor=staff, item=item, resident=granny,
                                  channel=RequestChannel.COUNTER)
    session = services.session_create(actor=staff, community=req.resident.household.entrance
                                      .building.grid.parent, title="民情说吧",
                                      held_on=timezone.localdate())
    opinion = services.opinion_record(actor=staff, session=session, theme="other", text="意见")
    client.force_login(staff)
    for name, args in [("services:request-list", []), ("services:request-new", []),
                       ("services:request-detail", [req.pk]), ("services:item-list", []),
                       ("services:item-new", []), ("services:item-edit", [item.pk]),
                       ("services:authorisation-new", [granny.pk]),
                       ("services:home-round", []), ("services:session-list", []),
                       ("services:session-new", []), ("services:session-detail", [session.pk]),
                       ("services:opinion-list", []),
                       ("services:opinion-detail", [opinion.pk])]:
        r = client.get(reverse(name, args=args))
        assert r.status_code == 200, name
    r = client.get(reverse("services:request-detail", args=[req.pk]))
    assert granny.phone_masked in r.content.decode() and "****" in granny.phone_masked


def test_grid_worker_finds_the_resident_and_requests_with_proxy(client, grid_worker, item,
                                                                granny):
    client.force_login(grid_worker)
    r = client.get(reverse("services:request-new"), {"q": "王"})
    assert f'data-resident="{granny.pk}"' in r.content.decode()
    r = client.get(reverse("services:request-new"), {"resident": granny.pk})
    page = r.content.decode()
    assert 'data-testid="home-offer"' in page and 'name="authorisation"' in page
    # record the son's authorisation, then ask on his behalf, at home
    r = client.post(reverse("services:authorisation-new", args=[granny.pk]), {
        "granted_by": "王强（儿子）", "purpose": "代办老年优待证",
        "valid_until": (timezone.localdate() + dt.timedelta(days=30)).isoformat()})
    assert r.status_code == 302
    auth = Authorisation.objects.get()
    r = client.post(reverse("services:request-new"), {
        "resident": granny.pk, "item": item.pk, "channel": "visit",
        "authorisation": auth.pk, "home_service": "on", "note": ""})
    assert r.status_code == 302, r.content.decode()
    req = ServiceRequest.objects.get()
    assert req.authorisation == auth and req.home_service and req.channel == "visit"


def test_an_expired_authorisation_is_refused_on_the_page(client, staff, granny):
    client.force_login(staff)
    r = client.post(reverse("services:authorisation-new", args=[granny.pk]), {
        "granted_by": "王强", "purpose": "代办",
        "valid_until": (timezone.localdate() - dt.timedelta(days=1)).isoformat()})
    assert r.status_code == 400 and 'data-error-for="valid_until"' in r.content.decode()
    assert not Authorisation.objects.exists()


def test_a_retired_item_is_refused_on_the_resident_form(client, granny, item, staff):
    client.force_login(granny.user)
    r = client.get(reverse("services:request-new"))
    assert "老年优待证" in r.content.decode()
    services.item_retire(actor=staff, item=item)
    r = client.post(reverse("services:request-new"), {"item": item.pk, "note": ""})
    assert r.status_code == 400 and not ServiceRequest.objects.exists()


def test_steps_and_rating_through_the_page(client, staff, granny, item):
    req = services.request_submit(actor=granny.user, item=item, resident=granny,
                                  channel=RequestChannel.PORTAL)
    client.force_login(staff)
    step = lambda s, **d: client.post(reverse("services:request-step", args=[req.pk, s]), d)  # noqa: E731
    assert step("accept", version=0).status_code == 302
    step("hand-off", version=1, to="区民政局", note="")
    # a stale page is told, not applied
    r = step("complete", version=1, note="")
    assert ServiceRequest.objects.get(pk=req.pk).state == RequestState.HANDED_OFF
    r = step("complete", version=2, note="")
    assert ServiceRequest.objects.get(pk=req.pk).state == RequestState.COMPLETED
    client.force_login(granny.user)
    r = client.get(reverse("services:request-detail", args=[req.pk]))
    assert 'data-testid="rate"' in r.content.decode()
    step("rate", rating="4", comment="好")
    assert ServiceRequest.objects.get(pk=req.pk).rating == 4
    r = client.get(reverse("services:my-requests"))
    assert f'data-request="{req.pk}"' in r.content.decode()


def test_a_resident_gets_404_on_staff_pages_and_others_requests(client, granny, neighbour,
                                                                 item, staff):
    theirs = services.request_submit(actor=staff, item=item, resident=neighbour,
                                     channel=RequestChannel.COUNTER)
    client.force_login(granny.user)
    for url in [reverse("services:request-list"), reverse("services:home-round"),
                reverse("services:item-new"), reverse("services:session-list"),
                reverse("services:request-detail", args=[theirs.pk])]:
        assert client.get(url).status_code == 404, url


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["services:request-list", "services:item-list",
                                  "services:home-round", "services:opinion-list",
                                  "services:session-list", "services:request-list?area"])
def test_list_queries_do_not_grow_with_rows(client, staff, tree, granny, item, name):
    session = services.session_create(actor=staff, community=tree.community, title="s",
                                      held_on=timezone.localdate())

    def add(n):
        for i in range(n):
            services.request_submit(actor=staff, item=item, resident=granny,
                                    channel=RequestChannel.COUNTER)
            services.item_create(actor=staff, area=tree.community, code=f"c{n}-{i}",
                                 name=f"事项{n}{i}", department="d", time_limit_days=1,
                                 counter="c")
            services.opinion_record(actor=staff, session=session, theme="other", text="x")
            from shequ.testing import factories
            r = factories.resident(tree.household1, name=f"老人{n}{i}")
            r.tags.add(*granny.tags.all())

    name, _q, area = name.partition("?")
    url = reverse(name) + (f"?area={tree.grid1.pk}&state=open" if area else "")
    client.force_login(staff)
    add(1)
    few = queries(client, url)
    add(6)
    assert queries(client, url) == few


def test_the_phone_visit_form_logs_a_visit(client, grid_worker, granny, tree):
    client.force_login(grid_worker)
    url = f"{reverse('services:visit-new')}?household={tree.household1.pk}&resident={granny.pk}"
    r = client.get(url)
    assert r.status_code == 200 and re.search(r'name="note"', r.content.decode())
    r = client.post(url, {"resident": granny.pk, "note": "身体尚好", "theme": "",
                          "opinion": "希望上门理发"})
    assert r.status_code == 400 and 'data-error-for="theme"' in r.content.decode()
    assert not Visit.objects.exists()  # nothing half-written
    r = client.post(url, {"resident": granny.pk, "note": "身体尚好", "theme": "elderly",
                          "opinion": "希望上门理发"})
    assert r.status_code == 302
    assert Opinion.objects.get().visit.resident == granny
    r = client.get(reverse("services:home-round"))
    assert f'data-resident="{granny.pk}"' not in r.content.decode()
