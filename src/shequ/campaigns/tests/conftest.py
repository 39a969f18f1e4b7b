import datetime as dt

import pytest
from django.utils import timezone

from shequ.campaigns import services
from shequ.volunteers.tests.conftest import alice, bob, carol, earn, place, skill, volunteer  # noqa: F401


@pytest.fixture
def activity(staff, place):  # noqa: F811
    start = timezone.now() + dt.timedelta(minutes=30)
    return services.activity_create(actor=staff, community=place.community, title="道德讲堂",
                                    kind="moral_lecture", place="社区活动室", starts_at=start,
                                    ends_at=start + dt.timedelta(hours=2), capacity=1,
                                    volunteer_places=1)


@pytest.fixture
def selection(staff, place):  # noqa: F811
    return services.selection_create(actor=staff, community=place.community, title="和谐家庭评选",
                                     kind="harmonious_family", votes_per_voter=1)


@pytest.fixture
def voting(selection, staff):
    a = services.nomination_submit(actor=staff, selection=selection, nominee="王家",
                                   reason="邻里和睦，孝敬老人")
    b = services.nomination_submit(actor=staff, selection=selection, nominee="陈家",
                                   reason="热心公益，乐于助人")
    for n in (a, b):
        services.nomination_review(actor=staff, nomination=n, accept=True)
    now = timezone.now()
    services.selection_open_voting(actor=staff, selection=selection,
                                   opens_at=now - dt.timedelta(minutes=1),
                                   closes_at=now + dt.timedelta(days=3))
    selection.refresh_from_db()
    return selection, a, b
