"""A contact's phone (platform member, sharing agreement, pairing) is kept encrypted and shown
masked on every page, download and API response; a number typed into the name or a bad number
is refused with a clear message on every door, nothing written; the migration splits the old
free-text contacts ("张三 13912345678") into the name and the encrypted phone, and back."""

import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from shequ.core import crypto
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError
from shequ.core.models import AuditEvent
from shequ.organizations import services as org_services
from shequ.resources import services
from shequ.resources.models import Pairing, PlatformMember, SharingAgreement
from shequ.resources.models.contacts import split_contact
from shequ.testing import factories

from .conftest import code

pytestmark = pytest.mark.django_db
PHONE, MASKED = "13912345678", "139****5678"
API = "/api/v1/resource-members"


def api(client, method, url, user, body):
    return getattr(client, method)(url, body, content_type="application/json",
                                   **factories.bearer(user))


@pytest.fixture
def school(tree):
    return org_services.unit_create(actor=SYSTEM, name="翠屏小学", credit_code=code(21),
                                    kind="institution", area=tree.community)


def test_the_phone_is_stored_encrypted_and_only_masked_in_clear(tree, staff, school):
    row = services.member_join(actor=staff, unit=school, community=tree.community,
                               contact="李老师", contact_phone="139-1234-5678")
    row.refresh_from_db()
    assert row.contact == "李老师" and row.contact_phone_masked == MASKED
    assert PHONE.encode() not in bytes(row.contact_phone_enc)
    assert crypto.decrypt(bytes(row.contact_phone_enc)) == PHONE
    assert all(PHONE not in str(e.summary) + str(e.before) + str(e.after)
               for e in AuditEvent.objects.all())


@pytest.mark.parametrize(("name", "phone", "field"), [
    ("张三 13912345678", "", "contact"),
    ("张三", "1391234567", "contact_phone"),
    ("张三", "12345", "contact_phone"),
    ("办公室 0818-2345678", "", "contact"),
])
def test_a_number_in_the_name_or_a_bad_number_is_refused(tree, staff, school, name, phone,
                                                          field):
    with pytest.raises(DomainError) as err:
        services.member_join(actor=staff, unit=school, community=tree.community,
                             contact=name, contact_phone=phone)
    assert err.value.field == field and not PlatformMember.objects.exists()


def test_member_pages_and_download_show_the_phone_masked(client, tree, staff, school):
    client.force_login(staff)
    url = reverse("resources:member-new")
    body = {"community": tree.community.pk, "unit": school.pk, "contact": "李老师",
            "contact_phone": "139123"}
    with translation.override("zh-hans"):
        r = client.post(url, body, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert r.status_code == 400 and "手机号" in r.text and not PlatformMember.objects.exists()
    r = client.post(url, {**body, "contact": f"李老师{PHONE}", "contact_phone": ""})
    assert r.status_code == 400 and not PlatformMember.objects.exists()
    assert client.post(url, {**body, "contact_phone": PHONE}).status_code == 302
    listing = client.get(reverse("resources:member-list")).text
    assert MASKED in listing and PHONE not in listing
    download = client.get(reverse("resources:member-list") + "?format=csv")
    text = b"".join(download.streaming_content).decode() if download.streaming \
        else download.content.decode()
    assert MASKED in text and PHONE not in text


def test_agreement_and_pairing_pages_show_the_phone_masked(client, tree, staff, hall):
    client.force_login(staff)
    r = client.post(reverse("resources:agreement-add", args=[hall.pk]), {
        "starts_on": "2026-01-01", "contact": "张主任", "contact_phone": "0818 2345678",
        "terms": "免费开放"})
    assert r.status_code == 302
    agreement = SharingAgreement.objects.get()
    assert agreement.contact == "张主任" and agreement.contact_phone_masked == "081****5678"
    page = client.get(reverse("resources:resource-detail", args=[hall.pk])).text
    assert "081****5678" in page and "2345678" not in page
    r = client.post(reverse("resources:pairing-new"), {
        "community": tree.community.pk, "village": "石桥村", "township": "石桥镇",
        "contact": "村支书", "contact_phone": PHONE})
    pairing = Pairing.objects.get()
    for url in (reverse("resources:pairing-detail", args=[pairing.pk]),
                reverse("resources:pairing-list"), reverse("resources:pairing-list") + "?format=csv"):
        r = client.get(url)
        text = b"".join(r.streaming_content).decode() if r.streaming else r.content.decode()
        assert MASKED in text and PHONE not in text, url
    r = api(client, "get", "/api/v1/pairings", staff, None)
    assert r.json()[0]["contact_phone"] == MASKED and PHONE not in r.text


def test_the_api_takes_the_phone_and_answers_it_masked(client, tree, staff, school):
    body = {"unit": school.pk, "community": tree.community.pk, "contact": "李老师",
            "contact_phone": "+86 139 1234 5678"}
    r = api(client, "post", API, staff, {**body, "contact_phone": "139"})
    assert r.status_code == 400 and r.json()["field"] == "contact_phone"
    assert not PlatformMember.objects.exists()
    r = api(client, "post", API, staff, body)
    assert r.status_code == 201 and r.json()["contact_phone"] == MASKED and PHONE not in r.text
    url = f"{API}/{r.json()['id']}"
    # the name alone changes, the phone stays; then the phone is cleared
    r = api(client, "patch", url, staff, {"contact": "王老师"})
    assert r.json()["contact"] == "王老师" and r.json()["contact_phone"] == MASKED
    r = api(client, "patch", url, staff, {"contact": f"王老师 {PHONE}"})
    assert r.status_code == 400 and r.json()["field"] == "contact"
    r = api(client, "patch", url, staff, {"contact_phone": ""})
    assert r.json()["contact_phone"] == "" and PlatformMember.objects.get().contact_phone_enc is None
    assert PHONE not in api(client, "get", API, staff, None).text
    assert all(PHONE not in str(e.before) + str(e.after) for e in AuditEvent.objects.all())


def test_the_command_takes_the_phone_and_refuses_a_bad_one(tree, staff, school):
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("resources", "join", school.credit_code, "--community", tree.community.code,
                     "--contact", "李老师", "--contact-phone", "12", "--actor", staff.username,
                     stdout=out)
    assert not PlatformMember.objects.exists()
    call_command("resources", "join", school.credit_code, "--community", tree.community.code,
                 "--contact", "李老师", "--contact-phone", PHONE, "--actor", staff.username,
                 stdout=out)
    assert PHONE not in out.getvalue()
    assert PlatformMember.objects.get().contact_phone_masked == MASKED


@pytest.mark.parametrize(("text", "name", "phone"), [
    ("张三 13912345678", "张三", "13912345678"),
    ("电话：0818-2345678 李老师", "李老师", "0818-2345678"),
    ("李四（139 1234 5678）", "李四", "139 1234 5678"),
    ("王馆长", "王馆长", ""),
    ("办公室 13912345678/13812345678", "办公室 /138****5678", "13912345678"),
])
def test_split_contact(text, name, phone):
    assert split_contact(text) == (name, phone)


def test_the_migration_splits_old_contacts_and_joins_them_back(tree, school, hall):
    # given contacts written the old way, straight into the table
    migration = importlib.import_module("shequ.resources.migrations.0003_contact_phones")
    member = PlatformMember.objects.create(unit=school, community=tree.community,
                                           path=tree.community.path,
                                           contact=f"李老师 {PHONE}")
    agreement = SharingAgreement.objects.create(resource=hall, starts_on="2026-01-01",
                                                terms="t", contact="张主任 13800000000")
    pairing = Pairing.objects.create(community=tree.community, path=tree.community.path,
                                     village="石桥村", township="石桥镇", contact="村支书")
    bad = Pairing.objects.create(community=tree.community, path=tree.community.path,
                                 village="柳河村", township="石桥镇", contact="村委 0818-12")
    # when the migration runs
    migration.split(apps, None)
    for row in (member, agreement, pairing, bad):
        row.refresh_from_db()
    # then the phones are encrypted and masked, the names stay, no number is left in clear
    assert (member.contact, member.contact_phone_masked) == ("李老师", MASKED)
    assert crypto.decrypt(bytes(member.contact_phone_enc)) == PHONE
    assert (agreement.contact, agreement.contact_phone_masked) == ("张主任", "138****0000")
    assert pairing.contact == "村支书" and pairing.contact_phone_enc is None
    assert bad.contact == "村委 0818-12"  # not phone-shaped: left as it was
    # and reversed, the contacts read as before
    migration.join(apps, None)
    member.refresh_from_db()
    assert member.contact == f"李老师 {PHONE}" and member.contact_phone_enc is None


def test_an_exchange_refuses_phone_numbers_among_the_people(tree, staff):
    pairing = services.pairing_create(actor=staff, community=tree.community, village="石桥村",
                                      township="石桥镇", contact="村支书")
    with pytest.raises(DomainError) as err:
        services.exchange_add(actor=staff, pairing=pairing, form="members",
                              on_date="2026-07-01", people_text=f"村党员张三 {PHONE}")
    assert err.value.field == "people_text" and not pairing.exchanges.exists()


def test_key_rotation_re_encrypts_contact_phones(tree, staff, school, settings):
    # given a contact phone written under the current primary key
    services.member_join(actor=staff, unit=school, community=tree.community,
                         contact="李老师", contact_phone=PHONE)
    # when k3 becomes primary and the command runs
    settings.ENCRYPTION_KEYS = "k3:" + crypto.generate_key() + "," + settings.ENCRYPTION_KEYS
    out = StringIO()
    call_command("rotate_keys", stdout=out)
    # then it is under k3 and reads back the same
    blob = bytes(PlatformMember.objects.get().contact_phone_enc)
    assert crypto.key_id_of(blob) == "k3" and crypto.decrypt(blob) == PHONE
    assert "1 platform member rows" in out.getvalue()
