"""The shared sample roster imports with exactly the rejections it deserves."""

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.registry.models import Resident
from shequ.rosters.services import import_file

from .conftest import SAMPLE

# row -> codes: what is really wrong with each rejected row of roster-sample.xlsx.
EXPECTED_REJECTIONS = {
    6: {"id_checksum"}, 9: {"required"}, 10: {"id_scientific"}, 11: {"id_gender_mismatch"},
    14: {"phone_format"}, 16: {"id_checksum"}, 17: {"id_birth_mismatch"},
    25: {"duplicate_in_file"}, 27: {"id_checksum"}, 28: {"id_scientific"},
    35: {"id_gender_mismatch"}, 37: {"id_checksum"}, 45: {"id_scientific"},
    47: {"id_checksum"}, 49: {"duplicate_in_file"}, 54: {"phone_format"},
    56: {"id_birth_mismatch"}, 58: {"id_checksum"}, 59: {"id_gender_mismatch"},
    63: {"id_scientific"},
}


def test_sample_imports_with_exactly_the_rejections_it_deserves(tree):
    """Title row, full-width and lowercase-x IDs, +86 phones, an Excel serial date and
    padded names are accepted; destroyed IDs, bad check digits, a missing name, short phones,
    mismatched gender/birth date and repeated rows are rejected, each with its reason."""
    # given a community with no residents yet, building the housing structure
    # when
    result = import_file(actor=SYSTEM, path=SAMPLE, community=tree.community,
                         build_structure=True, confirm_structure=True)
    # then
    rejected = {r.number: {code for code, _f, _m in r.errors} for r in result.plan.rejected}
    assert rejected == EXPECTED_REJECTIONS
    assert result.counts["new"] == 62 - len(EXPECTED_REJECTIONS)
    assert Resident.objects.filter(path__startswith=tree.community.path).count() == 42
    padded = Resident.objects.get(id_tail4="1146")  # " 邵航芳 " on row 13
    assert padded.name == "邵航芳"
    serial = Resident.objects.get(id_tail4="4934")  # birth date as Excel serial 16745
    assert str(serial.birth_date) == "1945-11-04"
    fullwidth = Resident.objects.get(id_tail4="4190")  # ５１１７０３… on row 18
    assert fullwidth.id_number_masked == "511**************0"
    plus86 = Resident.objects.get(id_tail4="2146")  # "+86 150-6562-7516"
    assert plus86.phone_masked == "150****7516"
    lower_x = Resident.objects.get(id_tail4="877X")  # 51170319741119877x
    assert lower_x.relation == "child"
    assert result.plan.new_structure()["compounds"] == 2  # 滨河花园 and 翠屏小区
    event = AuditEvent.objects.get(action="import", entity="roster_import")
    assert event.after["new"] == 42 and event.after["rejected"] == 20


def test_sample_without_structure_rejects_unknown_addresses(tree):
    # given only 金竹苑 7栋2单元302 and 8栋1单元501 exist
    # when
    result = import_file(actor=SYSTEM, path=SAMPLE, community=tree.community, dry_run=True)
    # then every row elsewhere is rejected with the address reason, nothing is written
    codes = {c for r in result.plan.rejected for c, _f, _m in r.errors}
    assert "address_unknown" in codes
    assert result.counts["new"] == 6
    assert not Resident.objects.exists()
