"""The staff lists cost the same number of queries for 3 rows as for 13: no query per row."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import Skill


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def grow(staff, place):
    """Add ``n`` of every kind of row a staff list shows."""
    skills = list(Skill.objects.all()[:3])
    counter = iter(range(10_000))

    def more(n):
        for _ in range(n):
            i = next(counter)
            r = factories.resident(place.household2, name=f"志愿{i:03d}")
            v = services.volunteer_register(actor=staff, resident=r, availability=7,
                                            skills={s.pk: 1 for s in skills})
            org = services.organisation_create(actor=staff, community=place.community,
                                               name=f"队{i}")
            services.organisation_set_members(actor=staff, organisation=org, members=[v],
                                              leader=v)
            services.project_create(actor=staff, community=place.community, name=f"项目{i}",
                                    organisation=org, skill=skills[0])
            reward = services.reward_create(actor=staff, community=place.community,
                                            name=f"奖{i}", kind="item", cost=1, stock=5)
            now = timezone.now()
            record = services.attendance_mark(
                actor=staff, volunteer=v, source=f"q:{i}", title="服务", path=r.path,
                check_in_at=now - dt.timedelta(hours=1), check_out_at=now)
            services.record_verify(actor=staff, record=record)
            services.points_redeem(actor=staff, resident=r, reward=reward)
    return more


@pytest.mark.parametrize("name", ["volunteers:volunteer-list", "volunteers:team-list",
                                  "volunteers:project-list", "volunteers:reward-list",
                                  "volunteers:redemption-list"])
def test_list_queries_do_not_grow_with_rows(client, staff, grow, name):
    client.force_login(staff)
    url = reverse(name)
    grow(3)
    few = queries(client, url)
    grow(10)
    assert queries(client, url) == few
