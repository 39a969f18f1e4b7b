"""Every staff list of the volunteers pages (on the page kit): it shows a page of rows, the
"Next" button shows the rest, a filter narrows it, the download holds every row, and a
role without the list's action is told the page does not exist."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shequ.core.actors import SYSTEM
from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import PointsAccount, Redemption

from .conftest import next_link

ROWS = 32  # one more page than the kit's 30 rows


def _teams(ctx):
    for i in range(ROWS):
        services.organisation_create(actor=SYSTEM, community=ctx.community, name=f"队{i:02d}")


def _projects(ctx):
    for i in range(ROWS):
        services.project_create(actor=SYSTEM, community=ctx.community, name=f"项目{i:02d}")


def _needs(ctx):
    monday = timezone.localdate() + dt.timedelta(days=7 - timezone.localdate().weekday())
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time(8)))
    for i in range(ROWS):
        at = start + dt.timedelta(minutes=10 * i)
        services.need_create(actor=SYSTEM, title=f"需求{i:02d}", community=ctx.community,
                             starts_at=at, ends_at=at + dt.timedelta(hours=1))
    return {"week": monday.isoformat()}


def _records(ctx):
    volunteer = services.volunteer_register(
        actor=SYSTEM, resident=factories.resident(ctx.household1, name="赵志愿"))
    end = timezone.now().replace(hour=11) - dt.timedelta(days=1)
    for i in range(ROWS):
        at = end - dt.timedelta(days=i)
        services.record_enter(actor=SYSTEM, volunteer=volunteer, title=f"值守{i:02d}",
                              check_in_at=at - dt.timedelta(hours=1), check_out_at=at,
                              reason="纸质签到")


def _rewards(ctx):
    for i in range(ROWS):
        services.reward_create(actor=SYSTEM, community=ctx.community, name=f"奖品{i:02d}",
                               kind="item", cost=10 + i, stock=5)


def _redemptions(ctx):
    resident = factories.resident(ctx.household1, name="钱居民")
    account = PointsAccount.objects.create(resident=resident, path=resident.path)
    reward = services.reward_create(actor=SYSTEM, community=ctx.community, name="米",
                                    kind="item", cost=1, stock=99)
    for i in range(ROWS):
        Redemption.objects.create(account=account, reward=reward, cost=1, code=f"T{i:04d}",
                                  path=account.path)


# url name, row key, builder (returns the query every request keeps), a filter that
# leaves no row, the download, a role without the list's action
LISTS = [
    ("volunteers:team-list", "team", _teams, {"q": "无此队"}, True, "resident"),
    ("volunteers:project-list", "project", _projects, {"active": "0"}, True, "resident"),
    ("volunteers:need-list", "need", _needs, {"state": "done"}, False, "resident"),
    ("volunteers:record-queue", "record", _records, None, False, "supervisor"),
    ("volunteers:reward-list", "reward", _rewards, {"q": "无此物"}, True, "grid_worker"),
    ("volunteers:redemption-list", "redemption", _redemptions, {"code": "X9999"}, True,
     "supervisor"),
]


@pytest.mark.parametrize(("name", "key", "build", "nothing", "downloads", "role"), LISTS,
                         ids=[row[0].split(":")[1] for row in LISTS])
def test_a_list_pages_filters_downloads_and_refuses(client, tree, name, key, build, nothing,
                                                    downloads, role):
    # given more rows than a page holds, in the community of a member of staff
    kept = build(tree) or {}
    client.force_login(factories.user("community_staff", tree.community))
    url = reverse(name)
    # when the list is opened, then it shows one page and a "Next" button to the rest
    first = client.get(url, kept)
    assert first.status_code == 200
    page = first.content.decode()
    assert page.count(f"data-{key}=") == 30
    rest = client.get(url + next_link(page)).content.decode()
    assert rest.count(f"data-{key}=") == ROWS - 30 and 'rel="prev"' in rest
    # a filter that matches nothing shows the empty state
    if nothing is not None:
        empty = client.get(url, {**kept, **nothing}).content.decode()
        assert f"data-{key}=" not in empty and 'data-testid="empty"' in empty
    # the download holds every row (and a header)
    if downloads:
        csv = client.get(url, {**kept, "format": "csv"}).content.decode("utf-8-sig")
        assert len(csv.splitlines()) == 1 + ROWS
        xlsx = client.get(url, {**kept, "format": "xlsx"})
        sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
        assert sheet.max_row == 1 + ROWS
    # a role without the list's action does not find the page
    client.force_login(factories.user(role, tree.grid1 if role == "grid_worker"
                                      else tree.community))
    assert client.get(url).status_code == 404
