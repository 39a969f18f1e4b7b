"""Staff pages of 社团联育: a team is registered for incubation, given members and a
leader, registered (never without a leader) or dissolved, and its activity counted;
service projects group recurring needs, posted several weeks at once or not at all."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import ServiceNeed, ServiceOrganisation, ServiceProject


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def team(staff, place):
    return services.organisation_create(actor=staff, community=place.community,
                                        name="金竹苑志愿服务队")


def test_create_a_team_then_add_members_and_a_leader(staff_client, staff, place, volunteer):
    # when staff register a team for incubation
    response = staff_client.post(reverse("volunteers:team-new"), {
        "community": place.community.pk, "name": "银龄互助队", "kind": "volunteer_team"})
    org = ServiceOrganisation.objects.get(name="银龄互助队")
    assert response.url == reverse("volunteers:team-detail", args=[org.pk])
    assert org.status == "incubating"
    # and find Alice by name and add her
    url = reverse("volunteers:team-detail", args=[org.pk])
    page = staff_client.get(url, {"q": "王"}).content.decode()
    assert f'name="add" value="{volunteer.pk}"' in page
    members = reverse("volunteers:team-members", args=[org.pk])
    staff_client.post(members, {"what": "add", "add": [volunteer.pk]})
    # and make her the leader
    staff_client.post(members, {"what": "save", "keep": [volunteer.pk],
                                "leader": volunteer.pk})
    org.refresh_from_db()
    assert list(org.members.all()) == [volunteer] and org.leader == volunteer
    assert AuditEvent.objects.filter(entity="service_org", action="set_members").count() == 2


def test_a_duplicate_team_name_is_refused_on_the_form(staff_client, team, place):
    response = staff_client.post(reverse("volunteers:team-new"), {
        "community": place.community.pk, "name": team.name, "kind": "social_org"})
    assert response.status_code == 400 and 'data-testid="field-error"' in response.content.decode()
    assert ServiceOrganisation.objects.filter(name=team.name).count() == 1


def test_registering_needs_a_leader(staff_client, team, volunteer):
    url = reverse("volunteers:team-register", args=[team.pk])
    staff_client.post(url, {"registered_on": "2026-03-01"})
    team.refresh_from_db()
    assert team.status == "incubating"
    services.organisation_set_members(actor=SYSTEM, organisation=team, members=[volunteer],
                                      leader=volunteer)
    staff_client.post(url, {"registered_on": "2026-03-01"})
    team.refresh_from_db()
    assert (team.status, team.registered_on) == ("registered", dt.date(2026, 3, 1))


def test_dissolving_needs_a_reason_and_stops_its_projects(staff_client, staff, team, place):
    project = services.project_create(actor=staff, community=place.community, name="助餐",
                                      organisation=team)
    url = reverse("volunteers:team-dissolve", args=[team.pk])
    staff_client.post(url, {"reason": ""})
    team.refresh_from_db()
    assert team.status == "incubating"
    staff_client.post(url, {"reason": "成员搬离"})
    team.refresh_from_db()
    project.refresh_from_db()
    assert team.status == "dissolved" and not project.is_active
    assert AuditEvent.objects.get(entity="service_org", action="dissolve").reason == "成员搬离"


def test_a_leader_who_is_not_kept_as_member_is_refused(staff_client, team, volunteer):
    services.organisation_set_members(actor=SYSTEM, organisation=team, members=[volunteer],
                                      leader=volunteer)
    members = reverse("volunteers:team-members", args=[team.pk])
    staff_client.post(members, {"what": "save", "leader": volunteer.pk})  # Alice unticked
    team.refresh_from_db()
    assert team.leader == volunteer and team.members.count() == 1


def test_the_team_list_counts_activity_and_downloads(staff_client, staff, team, volunteer,
                                                    need, alice):
    services.organisation_set_members(actor=SYSTEM, organisation=team, members=[volunteer],
                                      leader=volunteer)
    now = timezone.now()
    record = services.attendance_mark(actor=staff, volunteer=volunteer, source=f"need:{need.pk}",
                                      title=need.title, path=need.path, need=need,
                                      check_in_at=now - dt.timedelta(hours=2), check_out_at=now)
    services.record_verify(actor=staff, record=record)
    page = staff_client.get(reverse("volunteers:team-detail", args=[team.pk])).content.decode()
    assert 'data-testid="member-count">1<' in page
    xlsx = staff_client.get(reverse("volunteers:team-list"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.values)
    assert rows[1][0] == team.name and rows[1][4] == "王芳" and rows[1][5:8] == (1, 1, 2)


def test_read_only_staff_and_other_communities_cannot_change_a_team(client, tree, team,
                                                                    volunteer):
    supervisor = factories.user("supervisor", tree.community)
    client.force_login(supervisor)
    assert client.get(reverse("volunteers:team-list")).status_code == 200
    client.post(reverse("volunteers:team-members", args=[team.pk]),
                {"what": "add", "add": [volunteer.pk]})
    assert team.members.count() == 0
    assert client.post(reverse("volunteers:team-detail", args=[team.pk]),
                       {"name": "改名", "kind": "social_org"}).status_code == 403
    other = factories.Tree()
    client.force_login(factories.user("community_staff", other.community))
    assert client.get(reverse("volunteers:team-detail", args=[team.pk])).status_code == 404
    assert client.post(reverse("volunteers:team-dissolve", args=[team.pk]),
                       {"reason": "x"}).status_code == 404
    team.refresh_from_db()
    assert (team.name, team.status) == ("金竹苑志愿服务队", "incubating")


def test_a_project_takes_a_team_of_its_own_community_only(staff_client, staff, place, team):
    other = factories.Tree()
    foreign = services.organisation_create(actor=SYSTEM, community=other.community, name="外队")
    url = reverse("volunteers:project-new")
    response = staff_client.post(url, {"community": place.community.pk, "name": "助餐",
                                       "organisation": foreign.pk})
    assert response.status_code == 400 and not ServiceProject.objects.exists()
    response = staff_client.post(url, {"community": place.community.pk, "name": "助餐",
                                       "organisation": team.pk})
    project = ServiceProject.objects.get()
    assert response.url == reverse("volunteers:project-detail", args=[project.pk])
    staff_client.post(response.url, {"name": "独居老人助餐", "organisation": team.pk})
    project.refresh_from_db()
    assert project.name == "独居老人助餐" and not project.is_active


def test_a_project_posts_weekly_needs_all_or_nothing(staff_client, staff, place, skill):
    project = services.project_create(actor=staff, community=place.community, name="助餐",
                                      skill=skill)
    page = staff_client.get(reverse("volunteers:need-new"), {"project": project.pk})
    assert f'value="{project.pk}" selected' in page.content.decode()
    start = (timezone.localtime() + dt.timedelta(days=2)).replace(hour=11, minute=0)
    data = {"title": "送餐", "community": place.community.pk, "skill": skill.pk,
            "project": project.pk, "people_needed": 2, "repeat_weeks": 4,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}
    # an end before the start posts no week at all
    bad = {**data, "ends_at": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")}
    assert staff_client.post(reverse("volunteers:need-new"), bad).status_code == 400
    assert not ServiceNeed.objects.exists()
    response = staff_client.post(reverse("volunteers:need-new"), data)
    assert response.url == reverse("volunteers:project-detail", args=[project.pk])
    starts = list(project.needs.order_by("starts_at").values_list("starts_at", flat=True))
    assert len(starts) == 4 and starts[3] - starts[0] == dt.timedelta(days=21)


def test_grid_workers_see_projects_but_cannot_create_them(client, grid_worker, place):
    client.force_login(grid_worker)
    assert client.get(reverse("volunteers:project-list")).status_code == 200
    assert client.post(reverse("volunteers:project-new"),
                       {"community": place.community.pk, "name": "x"}).status_code == 404
    assert not ServiceProject.objects.exists()
