"""The party-organisation and unit set-up pages: create, edit, 大党委 and part-time
members, dissolve; units created, edited and closed; refusals next to the field."""

import pytest
from django.urls import reverse

from shequ.core.actors import SYSTEM
from shequ.organizations import services
from shequ.organizations.models import PartTimeMember, PartyOrg, Unit
from shequ.testing import factories

pytestmark = pytest.mark.django_db
CODE = "91350100M000100Y43"


@pytest.fixture
def street_org(tree):
    d = services.party_org_create(actor=SYSTEM, kind="district_committee", name="区委",
                                  area=tree.district)
    return services.party_org_create(actor=SYSTEM, kind="street_working_committee",
                                     name="街道党工委", area=tree.street, parent=d)


@pytest.fixture
def admin(client, tree):
    client.force_login(factories.user("street_admin", tree.street))
    return client


def test_a_committee_is_created_and_gets_its_da_dang_wei(admin, tree, street_org):
    r = admin.post(reverse("organizations:party-org-new"), {
        "kind": "community_committee", "name": "翠屏社区党委", "area": tree.community.pk,
        "parent": street_org.pk})
    assert r.status_code == 302, r.content.decode()[:500]
    committee = PartyOrg.objects.get(name="翠屏社区党委")
    unit = services.unit_create(actor=SYSTEM, name="医院", credit_code=CODE, kind="institution",
                                area=tree.community)
    unit_org = services.party_org_create(actor=SYSTEM, kind="unit_org", name="医院党委",
                                         area=tree.community, parent=street_org, unit=unit)
    url = reverse("organizations:party-org-setup", args=[committee.pk])
    assert admin.post(url, {"op": "member_add", "org": unit_org.pk}).status_code == 302
    r = admin.post(url, {"op": "pt_add", "name": "李华", "unit": unit.pk, "post": "兼职委员",
                         "term_start": "2026-01-01", "term_end": "2028-12-31"})
    assert r.status_code == 302
    page = admin.get(url).content.decode()
    assert "医院党委" in page and "李华" in page
    # a term that ends before it starts is refused next to the field
    r = admin.post(url, {"op": "pt_add", "name": "王五", "unit": unit.pk, "post": "委员",
                         "term_start": "2027-01-01", "term_end": "2026-01-01"})
    assert r.status_code == 400 and 'data-testid="field-error"' in r.content.decode()
    pt = PartTimeMember.objects.get(name="李华")
    assert admin.post(url, {"op": "pt_remove", "id": pt.pk}).status_code == 302
    assert admin.post(url, {"op": "member_remove", "id": unit_org.pk}).status_code == 302
    assert not committee.member_orgs.exists() and not PartTimeMember.objects.exists()


def test_the_chain_is_refused_on_the_page(admin, tree, street_org):
    r = admin.post(reverse("organizations:party-org-new"), {
        "kind": "group", "name": "党小组", "area": tree.grid1.pk, "parent": street_org.pk})
    assert r.status_code == 400
    assert not PartyOrg.objects.filter(name="党小组").exists()


def test_edit_and_dissolve(admin, tree, street_org):
    branch = services.party_org_create(actor=SYSTEM, kind="community_committee", name="社区党委",
                                       area=tree.community, parent=street_org)
    url = reverse("organizations:party-org-setup", args=[branch.pk])
    r = admin.post(url, {"op": "edit", "name": "翠屏社区党委", "kind": "community_committee"})
    assert r.status_code == 302 and PartyOrg.objects.get(pk=branch.pk).name == "翠屏社区党委"
    r = admin.post(url, {"op": "dissolve", "reason": "撤并"})
    assert r.status_code == 302 and not PartyOrg.objects.filter(pk=branch.pk).exists()


def test_units_are_created_edited_and_closed(admin, tree):
    r = admin.post(reverse("organizations:unit-new"), {
        "name": "某公司", "credit_code": CODE[:-1] + "4", "kind": "enterprise",
        "area": tree.community.pk})
    assert r.status_code == 400 and not Unit.objects.exists()
    r = admin.post(reverse("organizations:unit-new"), {
        "name": "某公司", "credit_code": CODE.lower(), "kind": "enterprise",
        "area": tree.community.pk})
    assert r.status_code == 302
    unit = Unit.objects.get()
    assert unit.credit_code == CODE
    url = reverse("organizations:unit-setup", args=[unit.pk])
    r = admin.post(url, {"op": "edit", "name": "某有限公司", "credit_code": CODE,
                         "kind": "enterprise", "area": tree.community.pk, "address": "一号"})
    assert r.status_code == 302
    assert admin.post(url, {"op": "close", "reason": "迁出"}).status_code == 302
    unit.refresh_from_db()
    assert unit.closed_at and unit.name == "某有限公司"
    listing = admin.get(reverse("organizations:unit-list")).content.decode()
    assert "某有限公司" in listing


def test_grid_workers_and_outsiders_get_404(client, tree, grid_worker, street_org):
    client.force_login(grid_worker)
    assert client.get(reverse("organizations:unit-list")).status_code == 404
    assert client.get(reverse("organizations:party-org-new")).status_code == 404
    other = factories.Tree()
    client.force_login(factories.user("street_admin", other.street))
    url = reverse("organizations:party-org-setup", args=[street_org.pk])
    assert client.get(url).status_code == 404



def _code(body: str) -> str:
    from shequ.core.validators import uscc_check_char

    return body + uscc_check_char(body)


def test_the_unit_list_searches_filters_and_downloads(admin, tree):
    services.unit_create(actor=SYSTEM, name="医院", credit_code=CODE, kind="institution",
                         area=tree.community)
    old = services.unit_create(actor=SYSTEM, name="旧厂", credit_code=_code("91511703MA0000066"),
                               kind="enterprise", area=tree.community)
    services.unit_close(actor=SYSTEM, unit=old, reason="迁出")
    other = factories.Tree()
    services.unit_create(actor=SYSTEM, name="外街单位", credit_code=_code("91511703MA0000077"),
                         kind="enterprise", area=other.community)
    url = reverse("organizations:unit-list")
    page = admin.get(url).content.decode()
    assert "医院" in page and "旧厂" in page and "外街单位" not in page
    assert "旧厂" not in admin.get(url, {"open_only": "on"}).content.decode()
    assert "医院" in admin.get(url, {"q": CODE.lower()}).content.decode()
    assert "医院" not in admin.get(url, {"q": "工厂"}).content.decode()
    download = admin.get(url, {"format": "csv"})
    assert download.status_code == 200 and CODE in download.content.decode("utf-8-sig")
