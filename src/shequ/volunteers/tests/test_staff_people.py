"""Staff pages about people: registering a resident or party member as a volunteer, the
volunteer's page, the list (filters, pages, downloads) and the district's skill list and
points rates. Each success leaves an audit row; each refusal leaves nothing behind."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.registry import services as registry_services
from shequ.testing import factories
from shequ.volunteers import services
from shequ.volunteers.models import PointsRate, Skill, Volunteer

from .conftest import next_link, person


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def admin_client(client, tree):
    client.force_login(factories.user("district_admin", tree.district))
    return client


@pytest.fixture
def party_member(place):
    from shequ.organizations import services as org_services
    org = org_services.party_org_create(actor=SYSTEM, kind="district_committee", name="区委",
                                        area=place.district)
    r = person(place.household2, "党员丙", role="party_member")
    registry_services.party_member_create(actor=SYSTEM, resident=r, org=org,
                                          joined_on=dt.date(2010, 7, 1))
    return r


def test_staff_find_a_resident_and_register_them(staff_client, staff, carol, skill):
    # given a resident of the community who is not a volunteer
    page = staff_client.get(reverse("volunteers:volunteer-new"), {"q": "陈"}).content.decode()
    assert f'data-resident="{carol.pk}"' in page
    # when staff register her with a skill and Saturday afternoon
    url = reverse("volunteers:volunteer-register", args=[carol.pk])
    response = staff_client.post(url, {f"skill_{skill.pk}": "3", "slot_5_1": "on",
                                       "is_active": "on", "note": "周末有空"})
    # then she is a volunteer with that skill, slot and note, and it is audited
    v = Volunteer.objects.get(resident=carol)
    assert response.url == reverse("volunteers:volunteer-detail", args=[v.pk])
    assert v.availability == 1 << (5 * 3 + 1) and v.note == "周末有空"
    assert list(v.skill_rows.values_list("skill_id", "level")) == [(skill.pk, 3)]
    assert AuditEvent.objects.filter(entity="volunteer", entity_id=str(v.pk),
                                     actor=staff).exists()


def test_party_members_only_lists_party_members(staff_client, party_member, carol):
    page = staff_client.get(reverse("volunteers:volunteer-new"), {"party": "on"}).content.decode()
    assert f'data-resident="{party_member.pk}"' in page
    assert f'data-resident="{carol.pk}"' not in page


def test_an_invalid_skill_level_saves_nothing(staff_client, carol, skill):
    url = reverse("volunteers:volunteer-register", args=[carol.pk])
    response = staff_client.post(url, {f"skill_{skill.pk}": "9", "slot_0_0": "on"})
    assert response.status_code == 400
    assert not Volunteer.objects.filter(resident=carol).exists()


def test_registering_twice_leads_to_the_existing_volunteer(staff_client, alice, volunteer):
    url = reverse("volunteers:volunteer-register", args=[alice.pk])
    response = staff_client.get(url)
    assert response.url == reverse("volunteers:volunteer-detail", args=[volunteer.pk])
    staff_client.post(url, {"slot_0_0": "on"})
    assert Volunteer.objects.filter(resident=alice).count() == 1


def test_residents_outside_the_scope_cannot_be_found_or_registered(staff_client):
    other = factories.Tree()
    stranger = factories.resident(other.household1, name="陈外")
    page = staff_client.get(reverse("volunteers:volunteer-new"), {"q": "陈"}).content.decode()
    assert f'data-resident="{stranger.pk}"' not in page
    url = reverse("volunteers:volunteer-register", args=[stranger.pk])
    assert staff_client.post(url, {"slot_0_0": "on"}).status_code == 404
    assert not Volunteer.objects.filter(resident=stranger).exists()


@pytest.mark.parametrize("role", ["grid_worker", "supervisor", "resident"])
def test_other_roles_cannot_register_volunteers(client, tree, carol, role):
    area = tree.grid2 if role == "grid_worker" else tree.community
    client.force_login(factories.user(role, area))
    assert client.get(reverse("volunteers:volunteer-new")).status_code == 404
    url = reverse("volunteers:volunteer-register", args=[carol.pk])
    assert client.post(url, {"slot_0_0": "on"}).status_code == 404
    assert not Volunteer.objects.filter(resident=carol).exists()


def test_staff_change_skills_and_availability(staff_client, volunteer, skill):
    url = reverse("volunteers:volunteer-detail", args=[volunteer.pk])
    other = Skill.objects.get(code="haircut")
    response = staff_client.post(url, {f"skill_{other.pk}": "1", "slot_2_2": "on"})
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.availability == 1 << (2 * 3 + 2) and not volunteer.is_active
    assert list(volunteer.skill_rows.values_list("skill_id", flat=True)) == [other.pk]


def test_a_supervisor_sees_a_volunteer_but_cannot_change_them(client, tree, volunteer):
    client.force_login(factories.user("supervisor", tree.community))
    url = reverse("volunteers:volunteer-detail", args=[volunteer.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="save"' not in page.content.decode()
    assert client.post(url, {"slot_0_0": "on", "is_active": "on"}).status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.availability == (1 << 21) - 1


def test_list_filters_by_skill_and_free_time(staff_client, staff, volunteer, carol, skill):
    services.volunteer_register(actor=staff, resident=carol, availability=1)  # Monday morning
    url = reverse("volunteers:volunteer-list")
    page = staff_client.get(url, {"skill": skill.pk, "active": "1"}).content.decode()
    assert f'data-volunteer="{volunteer.pk}"' in page and "王芳" in page and "陈梅" not in page
    page = staff_client.get(url, {"weekday": "6", "band": "2"}).content.decode()
    assert "王芳" in page and "陈梅" not in page  # only Alice is free on Sunday evening
    page = staff_client.get(url, {"weekday": "6"}).content.decode()
    assert 'role="alert"' in page and "陈梅" in page  # the half filter is refused, not applied


def test_list_pages_and_downloads(staff_client, staff, place, alice):
    for i in range(35):
        r = factories.resident(place.household2, name=f"志愿者{i:02d}")
        services.volunteer_register(actor=staff, resident=r, availability=1)
    url = reverse("volunteers:volunteer-list")
    first = staff_client.get(url).content.decode()
    second = staff_client.get(url + next_link(first)).content.decode()  # the "Next" button
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert first.count("data-volunteer=") == 30 and second.count("data-volunteer=") == 5
    csv = staff_client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert csv.count("\n") == 36 and alice.id_number_masked not in csv
    xlsx = staff_client.get(url, {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.max_row == 36 and sheet["C2"].value == "星期一上午"  # Monday morning


def test_district_admin_keeps_the_skill_list(admin_client):
    url = reverse("volunteers:configuration")
    response = admin_client.post(url, {"code": "sign_language", "name": "手语"})
    assert response.status_code == 302
    skill = Skill.objects.get(code="sign_language")
    # a second skill with the same code is refused, with nothing written
    response = admin_client.post(url, {"code": "sign_language", "name": "手语翻译"})
    assert response.status_code == 400 and Skill.objects.filter(code="sign_language").count() == 1
    # a code that is not lower-case letters is refused by the form
    assert admin_client.post(url, {"code": "Sign Language", "name": "x"}).status_code == 400
    # renaming and withdrawing
    edit = reverse("volunteers:skill-edit", args=[skill.pk])
    admin_client.post(edit, {f"s{skill.pk}-name": "手语翻译"})
    skill.refresh_from_db()
    assert (skill.name, skill.is_active) == ("手语翻译", False)
    assert AuditEvent.objects.filter(entity="skill", action="update").exists()


def test_district_admin_sets_a_points_rate(admin_client):
    rate = PointsRate.objects.get(code="service_hour")
    url = reverse("volunteers:rate-edit", args=[rate.code])
    admin_client.post(url, {f"r{rate.pk}-points": "12", f"r{rate.pk}-is_active": "on"})
    rate.refresh_from_db()
    assert rate.points == 12
    admin_client.post(url, {f"r{rate.pk}-points": "0", f"r{rate.pk}-is_active": "on"})
    rate.refresh_from_db()
    assert rate.points == 12


def test_community_staff_cannot_change_the_district_lists(staff_client, skill):
    assert staff_client.get(reverse("volunteers:configuration")).status_code == 404
    edit = reverse("volunteers:skill-edit", args=[skill.pk])
    assert staff_client.post(edit, {f"s{skill.pk}-name": "x", f"s{skill.pk}-is_active": "on"}
                             ).status_code == 404
    rate = reverse("volunteers:rate-edit", args=["service_hour"])
    assert staff_client.post(rate, {"r1-points": "99"}).status_code == 404
    skill.refresh_from_db()
    assert skill.name != "x" and PointsRate.objects.get(code="service_hour").points != 99
