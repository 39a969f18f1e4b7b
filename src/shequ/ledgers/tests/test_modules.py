"""Intake from other modules: a patrol incident or a monitoring rule files a case as the
system through one documented call, once per incident."""

import pytest

from shequ.core.errors import DomainError
from shequ.core.models import AuditEvent
from shequ.ledgers import services
from shequ.ledgers.models import Case, EarlyWarning
from shequ.ledgers.services import modules
from shequ.registry.models import Tag
from shequ.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_incident(place, django_capture_on_commit_callbacks):
    def file(**kw):
        kw.setdefault("source", "patrol")
        kw.setdefault("source_ref", "patrol-incident:77")
        kw.setdefault("category_code", "safety_hazard")
        kw.setdefault("description", "巡逻发现消防通道被电动车占用")
        kw.setdefault("building", place.building1)
        with django_capture_on_commit_callbacks(execute=True):
            return services.case_file_from_module(**kw)

    return file


def test_a_patrol_incident_becomes_a_stability_case(file_incident, place):
    case = file_incident()
    assert (case.ledger, case.source, case.source_ref) == ("stability", "patrol",
                                                           "patrol-incident:77")
    assert case.grid == place.grid1 and case.created_by is None and case.state == "received"
    assert case.events.get().actor_name == "system"
    assert AuditEvent.objects.filter(action="case_create", entity_id=str(case.pk)).exists()


def test_the_same_incident_is_filed_once(file_incident):
    first = file_incident()
    again = file_incident(description="重复推送")
    assert again.pk == first.pk and Case.objects.count() == 1
    other = file_incident(source_ref="patrol-incident:78")
    rule = file_incident(source="rule", category_code="sanitation")  # same ref, other source
    assert len({first.pk, other.pk, rule.pk}) == 3


def test_a_race_between_two_workers_still_files_once(file_incident, monkeypatch):
    # given the other worker's case committed between our look-up and our insert
    first = file_incident()
    real = modules._existing
    calls = []

    def stale_then_real(source, ref):
        calls.append(ref)
        return None if len(calls) == 1 else real(source, ref)

    monkeypatch.setattr(modules, "_existing", stale_then_real)
    # when we file the same incident, the unique index refuses ours and theirs is returned
    assert file_incident().pk == first.pk and Case.objects.count() == 1


def test_a_rule_can_route_later_by_filing_under_a_community(file_incident, place):
    case = file_incident(source="rule", source_ref="rule:spike:2027-w12",
                         category_code="sanitation", building=None, area=place.community)
    assert case.grid is None and case.path == place.community.path


@pytest.mark.parametrize("change,field", [
    ({"source": "portal"}, "source"),
    ({"source": "visit"}, "source"),
    ({"source_ref": ""}, "source_ref"),
    ({"source_ref": "x" * 61}, "source_ref"),
    ({"category_code": "no-such-category"}, "category"),
    ({"description": ""}, "description"),
    ({"building": None}, "building"),
])
def test_refusals_write_nothing(file_incident, change, field):
    with pytest.raises(DomainError) as exc:
        file_incident(**change)
    assert exc.value.field == field
    assert Case.objects.count() == 0 and not AuditEvent.objects.filter(
        action="case_create").exists()


def test_an_incident_about_a_key_person_raises_a_red_warning(file_incident, place):
    tag, _ = Tag.objects.get_or_create(code="key_person", defaults={"name": "重点人员"})
    person = factories.resident(place.household1, name="王五")
    person.tags.add(tag)
    case = file_incident(category_code="conflict_risk", subject=person)
    (warning,) = EarlyWarning.objects.filter(kind="key_person")
    assert warning.level == "red" and list(warning.cases.all()) == [case]
