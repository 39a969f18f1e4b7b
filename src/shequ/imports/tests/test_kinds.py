"""The set-up imports on the sample workbooks and on other offices' layouts: what each
accepts, what it refuses and why, that a dry run writes nothing and a second import changes
nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from shequ.accounts.models import Grant, User
from shequ.core.actors import SYSTEM
from shequ.core.errors import DomainError, NotFound
from shequ.imports import services
from shequ.imports.pipeline import ALL_OR_NOTHING, kind_get
from shequ.organizations.models import OrgKind, PartyOrg, Unit
from shequ.registry.models import PartyMember, Resident
from shequ.territory.models import Area
from shequ.testing import factories

SAMPLES = Path(__file__).resolve().parents[4] / "tests" / "data" / "setup"


def book(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def district(db):
    return services.district_ensure("511703", "达川区")


def run(kind, path, into, **kw):
    return services.import_file(actor=kw.pop("actor", SYSTEM), kind=kind, path=path, into=into,
                                **kw)


def rejected(result) -> dict[int, list[str]]:
    return {r.number: [c for c, _f, _m in r.errors] for r in result.rejected}


@pytest.fixture
def sampled(district):
    """The sample territory, party organisations and units, imported."""
    for kind in ("territory", "party-orgs", "units"):
        run(kind, SAMPLES / f"{kind}.xlsx", district)
    return district


def test_sample_dry_runs_list_each_bad_row_with_its_reason_and_write_nothing(district):
    result = run("territory", SAMPLES / "territory.xlsx", district, dry_run=True)
    assert rejected(result) == {9: ["phone_format"]}
    assert result.summary_line().startswith("would import: 34 new")
    assert not Area.objects.filter(kind="street").exists()


def test_every_sample_imports_then_a_second_import_changes_nothing(district, tmp_path):
    expected = {"territory": {9: ["phone_format"]},
                "party-orgs": {43: ["org_unknown"], 44: ["parent_kind"]},
                "units": {8: ["uscc_checksum"]}}
    for kind, bad in expected.items():
        first = run(kind, SAMPLES / f"{kind}.xlsx", district)
        assert rejected(first) == bad, kind
        again = run(kind, SAMPLES / f"{kind}.xlsx", district)
        c = again.counts()
        assert (c["new"], c["updated"], c["rejected"]) == (0, 0, len(bad)), kind
    members = run("party-members", SAMPLES / "party-members.xlsx", district)
    codes = {c for errs in rejected(members).values() for c in errs}
    assert codes == {"joined_future", "org_unknown", "id_checksum", "joined_under_18"}
    assert run("party-members", SAMPLES / "party-members.xlsx", district).counts()["unchanged"] \
        == members.counts()["new"]
    pw = tmp_path / "pw.xlsx"
    accounts = run("accounts", SAMPLES / "accounts.xlsx", district, passwords_out=pw)
    assert rejected(accounts) == {50: ["role_unknown"], 51: ["area_unknown"],
                                  52: ["username_taken"]}
    assert pw.stat().st_mode & 0o777 == 0o600
    assert User.objects.get(username="wg001").phone_masked.endswith("2989")  # kept, masked
    again = run("accounts", SAMPLES / "accounts.xlsx", district)
    assert again.counts()["new"] == 0 and not again.outputs


def test_territory_in_another_layout(district, tmp_path):
    """A title, the columns in another order with other names, a street merged down its
    rows, full-width digits, no street code (derived) and no grid codes (assigned), a
    footer."""
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某某区网格划分表"])
    ws.append([])
    ws.append(["序号", "网格名称", "所属社区", "统计用区划代码", "街道办事处", "备注"])
    ws.append([1, "一网格", "东门社区", "５１１７０３００９００１", "东城街道", ""])
    ws.append([2, "二网格", "东门社区", "511703009001", None, ""])
    ws.append([3, "一网格", "西门社区", "511703009002", None, ""])
    ws.merge_cells("E4:E6")
    ws.append(["合计", "3个网格"])
    wb.save(path)
    result = run("territory", path, district)
    assert result.counts()["new"] == 3, result.report()
    assert result.header.ignored == ["序号", "备注"]
    street = Area.objects.get(kind="street")
    assert (street.code, street.name) == ("511703009", "东城街道")
    assert sorted(Area.objects.filter(kind="grid").values_list("code", flat=True)) == [
        "511703009001001", "511703009001002", "511703009002001"]


def test_territory_refusals(district, tmp_path):
    path = book(tmp_path / "t.xlsx", [
        ["街道", "社区", "社区代码", "网格", "网格编号"],
        ["东城街道", "东门社区", "51170300900", "一网格", ""],           # 11 digits
        ["东城街道", "东门社区", "520000009001", "一网格", ""],          # another district
        ["东城街道", "东门社区", "511703009001", "一网格", "511703009002001"],  # not under
        ["东城街道", "东门社区", "511703009001", "", ""],                # grid empty
    ])
    result = run("territory", path, district)
    assert rejected(result) == {2: ["code_format"], 3: ["code_parent"], 4: ["code_parent"],
                                5: ["required"]}
    assert not Area.objects.exclude(kind="district").exists()


def test_a_file_without_the_kinds_header_is_refused(district, tmp_path):
    path = book(tmp_path / "x.xlsx", [["姓名", "身份证号码"], ["张三", "1"]])
    with pytest.raises(DomainError) as exc:
        run("territory", path, district)
    assert exc.value.code == "missing_columns"


def test_party_org_words_and_full_names(sampled, tmp_path):
    path = book(tmp_path / "o.xlsx", [
        ["组织名称", "隶属党组织", "所属社区"],
        ["中共北门社区第一片区总支部委员会", "北门社区党委", "北门社区"],
        ["中共北门社区锦园小区支部委员会", "中共北门社区第一片区总支部委员会", ""],
        ["北门社区锦园小区第1党小组", "中共北门社区锦园小区支部委员会", ""],
        ["中共北门社区委员会", "", ""],
    ])
    result = run("party-orgs", path, sampled)
    kinds = dict(PartyOrg.objects.filter(name__startswith="中共北门社区").values_list(
        "name", "kind"))
    assert kinds == {"中共北门社区第一片区总支部委员会": OrgKind.AREA_GENERAL_BRANCH,
                     "中共北门社区锦园小区支部委员会": OrgKind.BRANCH}
    assert PartyOrg.objects.get(name="北门社区锦园小区第1党小组").kind == OrgKind.GROUP
    assert rejected(result) == {5: ["parent_required"]}


def test_units_credit_code_lower_case_and_unit_party_org(sampled, tmp_path):
    from shequ.core.validators import uscc_check_char

    body = "91511703MA0000000"
    code = body + uscc_check_char(body)
    path = book(tmp_path / "u.xlsx", [
        ["单位全称", "统一社会信用代码", "单位性质", "所在社区", "单位党组织"],
        ["某某科技公司", code.lower(), "民营企业", "北门社区", "中共某某科技公司支部委员会"],
        ["另一公司", code, "外星企业", "北门社区", ""],
        ["第三公司", "91511703MA00000001", "企业", "不存在社区", ""],
    ])
    result = run("units", path, sampled)
    assert rejected(result) == {3: ["unit_kind_unknown"], 4: ["uscc_checksum"]}
    unit = Unit.objects.get(credit_code=code)
    org = PartyOrg.objects.get(unit=unit)
    assert org.kind == OrgKind.UNIT_ORG
    assert [c.name for c in org.member_of.all()] == ["北门社区党委"]


def test_party_member_links_an_existing_resident_by_id_number(sampled, tmp_path):
    grid = Area.objects.get(code="511703001001001")
    compound = __import__("shequ.territory.services", fromlist=["x"]).compound_get_or_create(
        community=grid.parent, name="锦园")[0]
    home = factories.household(grid, compound, "1栋", "1单元", "101")
    number = factories.make_id_number(dt.date(1980, 1, 2), "M")
    person = factories.resident(home, name="王五", id_number=number)
    path = book(tmp_path / "m.xlsx", [
        ["党员姓名", "身份证号", "党支部", "入党日期", "党员类别"],
        ["王五", number, "北门社区第1党支部", "2005年7月1日", "预备"],
        ["王六", number, "北门社区第1党支部", "2005/7/1", "正式"],
    ])
    result = run("party-members", path, sampled)
    assert rejected(result) == {3: ["duplicate_in_file"]}
    assert result.rows[0].status == "updated"
    member = PartyMember.objects.get(resident=person)
    assert (member.joined_on, member.status) == (dt.date(2005, 7, 1), "probationary")
    assert Resident.objects.count() == 1
    person.refresh_from_db()
    assert person.political_status == "cpc_probationary"


def test_a_member_not_yet_a_resident_is_registered_floating(sampled, tmp_path):
    number = factories.make_id_number(dt.date(1970, 3, 4), "F")
    path = book(tmp_path / "m.xlsx", [["姓名", "性别", "身份证号码", "所属党组织", "入党时间",
                                       "工作单位", "是否在职"],
                                      ["李梅", "女", number, "北门社区第2党支部", "1995-05-04",
                                       "达川区邮政局", "在职"]])
    run("party-members", path, sampled)
    person = Resident.objects.get(name="李梅")
    assert person.residence_type == "floating" and person.path.startswith(
        Area.objects.get(code="511703001001").path)
    assert PartyMember.objects.get(resident=person).unit.name == "达川区邮政局"


def test_accounts_path_like_names_and_first_login(sampled, tmp_path):
    path = book(tmp_path / "a.xlsx", [
        ["登录名", "姓名", "岗位", "负责区域"],
        ["A1", "甲", "专职网格员", "北门社区第二网格"],
        ["a2", "乙", "社区工作者", "511703001002"],
        ["a3", "丙", "监委会成员", "金山社区"],
        ["a4", "丁", "网格员", "北门社区"],            # a grid worker needs a grid
        ["a5", "戊", "区级管理员", "达川区"],
    ])
    out = tmp_path / "pw.xlsx"
    result = run("accounts", path, sampled, passwords_out=out)
    assert rejected(result) == {5: ["area_unknown"]}
    a1 = User.objects.get(username="a1")
    assert a1.must_change_password
    assert Grant.objects.get(user=a1).area.code == "511703001001002"
    ws = openpyxl.load_workbook(out).active
    head = [c.value for c in ws[1]]
    assert {"用户名", "初始密码"} <= set(head)
    row = [c.value for c in ws[2]]
    assert a1.check_password(row[head.index("初始密码")])


def test_accounts_cli_needs_a_passwords_file(sampled, tmp_path):
    with pytest.raises(CommandError, match="passwords_required"):
        call_command("import", "accounts", str(SAMPLES / "accounts.xlsx"))


def test_all_or_nothing_writes_nothing_while_a_row_is_rejected(district):
    result = run("territory", SAMPLES / "territory.xlsx", district, mode=ALL_OR_NOTHING)
    assert not result.committed and result.counts()["rejected"] == 1
    assert not Area.objects.filter(kind="grid").exists()


def test_error_workbook_keeps_the_row_and_its_number(district, tmp_path):
    out = tmp_path / "e.xlsx"
    run("territory", SAMPLES / "territory.xlsx", district, errors_out=out)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][-2:] == ("错误原因", "原行号")
    assert rows[1][2] == "通川桥社区" and rows[1][-1] == 9 and "11" in rows[1][-2]


def test_an_actor_imports_only_into_their_scope(sampled, tmp_path):
    street = Area.objects.get(code="511703001")
    admin = factories.user("street_admin", street)
    with pytest.raises(NotFound):
        services.into_for(admin, kind_get("party-orgs"), "511703")
    into = services.into_for(admin, kind_get("party-orgs"), "511703001")
    result = run("party-orgs", SAMPLES / "party-orgs.xlsx", into, actor=admin)
    # organisations of other streets are outside: refused, not created
    assert result.counts()["new"] == 0
    assert all(code in {"org_unknown", "area_unknown", "parent_kind", "parent_required",
                        "area_required", "forbidden"}
               for errs in rejected(result).values() for code in errs)


def test_templates_have_each_kinds_header(tmp_path):
    for name in ("territory", "party-orgs", "units", "party-members", "accounts"):
        out = tmp_path / f"{name}.xlsx"
        call_command("import", name, "--template", str(out))
        kind = kind_get(name)
        ws = openpyxl.load_workbook(out).active
        assert [c.value for c in ws[1]] == [c.aliases[0] for c in kind.columns]
        shutil.copy(out, tmp_path / "again.xlsx")


def test_a_corrected_party_org_workbook_updates_then_changes_nothing(sampled, tmp_path):
    from shequ.core.models import AuditEvent

    group = PartyOrg.objects.get(name="北门社区第1党支部第1党小组")
    path = book(tmp_path / "o.xlsx", [
        ["党组织名称", "类型", "上级组织", "所在社区"],
        # moved to another branch (the office's correction)
        ["北门社区第1党支部第1党小组", "党小组", "北门社区第2党支部", "北门社区"],
        # re-typed: a branch becomes a general branch under the same committee
        ["北门社区第一片区", "党支部", "北门社区党委", "北门社区"],
        # a branch cannot go under the street's committee: refused, left as it was
        ["北门社区第2党支部", "党支部", "翠屏街道党工委", "北门社区"],
    ])
    first = run("party-orgs", path, sampled)
    assert rejected(first) == {4: ["parent_kind"]}
    assert (first.counts()["new"], first.counts()["updated"]) == (1, 1)
    retype = path.with_name("o2.xlsx")
    book(retype, [["党组织名称", "类型", "上级组织", "所在社区"],
                  ["北门社区第一片区", "党总支", "北门社区党委", "北门社区"]])
    second = run("party-orgs", path, sampled)
    assert (second.counts()["unchanged"], second.counts()["updated"]) == (2, 0)
    group.refresh_from_db()
    assert group.parent.name == "北门社区第2党支部"
    assert AuditEvent.objects.filter(action="move", entity="party_org",
                                     entity_id=str(group.pk)).exists()
    assert run("party-orgs", retype, sampled).counts()["updated"] == 1
    assert PartyOrg.objects.get(name="北门社区第一片区").kind == OrgKind.AREA_GENERAL_BRANCH
    assert run("party-orgs", retype, sampled).counts()["unchanged"] == 1
    assert PartyOrg.objects.get(name="北门社区第2党支部").parent.name == "北门社区党委"


def test_a_corrected_units_workbook_updates_then_changes_nothing(sampled, tmp_path):
    unit = Unit.objects.get(credit_code="11511703XA644FBT1J")
    assert (unit.name, unit.area.name) == ("达川区人民医院", "凤西社区")
    path = book(tmp_path / "u.xlsx", [
        ["单位名称", "信用代码", "类别", "社区", "地址"],
        ["达川区第一人民医院", "11511703xa644fbt1j", "事业单位", "北门社区", "北门路1号"],
    ])
    assert run("units", path, sampled).counts()["updated"] == 1
    unit.refresh_from_db()
    assert (unit.name, unit.kind, unit.area.name, unit.address) == (
        "达川区第一人民医院", "institution", "北门社区", "北门路1号")
    again = run("units", path, sampled).counts()
    assert (again["updated"], again["unchanged"]) == (0, 1)


def test_residents_template_is_the_roster_header(tmp_path):
    from shequ.rosters.headers import detect_header

    out = tmp_path / "roster.xlsx"
    call_command("import", "residents", "--template", str(out))
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out).active.iter_rows()]
    assert rows[0][:4] == ["姓名", "性别", "民族", "身份证号码"]
    header = detect_header(rows)  # the roster importer reads every column of it
    assert header.ignored == []
    assert {"name", "id_number", "building", "entrance", "room", "residence_type",
            "tags"} <= set(header.columns)


def test_territory_dry_run_with_district_creates_nothing(db, tmp_path):
    out = __import__("io").StringIO()
    call_command("import", "territory", str(SAMPLES / "territory.xlsx"), "--district",
                 "511703", "--district-name", "达川区", "--dry-run", stdout=out)
    assert out.getvalue().rstrip().splitlines()[-1].startswith("would import: 34 new")
    assert not Area.objects.exists()
    call_command("import", "territory", str(SAMPLES / "territory.xlsx"), "--district",
                 "511703", "--district-name", "达川区", stdout=out)
    assert Area.objects.filter(kind="district", code="511703").exists()
    assert Area.objects.filter(kind="grid").count() == 34
