"""Cell tolerance: what people type into rosters is understood when it is certain, and
rejected with a reason when it is not. Each rule with a small workbook built here."""

import datetime as dt

import pytest

from shequ.core.actors import SYSTEM
from shequ.registry.models import Resident
from shequ.rosters.planning import plan_import
from shequ.rosters.services import import_file

from .conftest import HEADER, person, row

FULLWIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def _plan(path, tree, **kw):
    return plan_import(path=path, community=tree.community, **kw)


def _codes(plan):
    return {r.number: sorted(c for c, _f, _m in r.errors) for r in plan.rejected}


def test_full_width_digits_and_letters_are_read(tree, book):
    # given an ID and a phone typed with full-width characters (X included)
    idn = next(person(n) for n in range(1, 400) if person(n).endswith("X"))
    path = book([row(1, id_number=idn.translate(FULLWIDTH),
                     phone="１３８００１３８０００")])
    # when
    import_file(actor=SYSTEM, path=path, community=tree.community)
    # then
    r = Resident.objects.get()
    assert r.id_number_masked == idn[:3] + "*" * 14 + idn[-1:]
    assert r.phone_masked == "138****8000"


def test_stray_spaces_and_lowercase_x_are_tolerated(tree, book):
    # given spaces around and inside the ID, an ideographic space in the name, a lowercase x
    idn = next(person(n) for n in range(1, 400) if person(n).endswith("X"))
    spaced = f"  {idn[:6]} {idn[6:14]} {idn[14:].lower()} "
    path = book([row(1, "\u3000王 小明 ", id_number=spaced)])
    # when
    import_file(actor=SYSTEM, path=path, community=tree.community)
    # then
    r = Resident.objects.get()
    assert r.name == "王 小明"
    assert r.id_tail4 == idn[-4:]


def test_ids_excel_destroyed_are_rejected_never_guessed(tree, book):
    # given an ID stored as a number (digits lost), one already shown as 5.11703E+17 text,
    # and a short number stored as a number
    idn = person(1)
    path = book([row(1, id_number=float(idn[:17] + "0")),
                 row(2, id_number="5.11703E+17"),
                 row(3, id_number=511703800517123.0)])
    # when
    plan = _plan(path, tree)
    # then
    assert _codes(plan) == {2: ["id_scientific"], 3: ["id_scientific"], 4: ["id_length"]}
    assert "5.11703E+17" in plan.rejected[0].errors[0][2]  # the reason shows what was read


def test_masked_ids_from_an_export_are_rejected(tree, book):
    path = book([row(1, id_number="511703********1234")])
    assert _codes(_plan(path, tree)) == {2: ["id_masked"]}


@pytest.mark.parametrize("birth", [
    dt.datetime(1980, 5, 17), 29358, "1980-05-17", "1980/5/17", "1980.05.17", "19800517",
    "1980年5月17日", "1980-05-17 00:00:00",
])
def test_birth_dates_in_many_forms_are_read(tree, book, birth):
    # given a birth date as an Excel date, an Excel serial, or text in several formats
    path = book([[1, "张三", "男", person(1, birth=dt.date(1980, 5, 17)), birth,
                  "金竹苑7栋2单元302"]],
                header=["序号", "姓名", "性别", "公民身份号码", "出生日期", "现住址"])
    # when
    plan = _plan(path, tree)
    # then the date agrees with the ID number and the row is accepted
    assert plan.counts()["new"] == 1, _codes(plan)


def test_birth_date_and_gender_must_agree_with_the_id(tree, book):
    # given a wrong birth date, a wrong gender, and an unreadable date
    header = ["姓名", "性别", "身份证号", "出生日期", "现住址"]
    idn = person(1, gender="M", birth=dt.date(1980, 5, 17))
    path = book([["甲", "男", idn, "1980-05-18", "金竹苑7栋2单元302"],
                 ["乙", "女", person(2, gender="M"), "", "金竹苑7栋2单元302"],
                 ["丙", "男", person(3, gender="M"), "80年5月", "金竹苑7栋2单元302"]],
                header=header)
    # when
    plan = _plan(path, tree)
    # then
    assert _codes(plan) == {2: ["id_birth_mismatch"], 3: ["id_gender_mismatch"],
                            4: ["date_format"]}


@pytest.mark.parametrize("phone,masked", [
    ("+86 138-0013-8000", "138****8000"), ("138 0013 8000", "138****8000"),
    ("0086 13800138000", "138****8000"), ("(0818)2345678", "081****5678"),
    (13800138000.0, "138****8000"), ("", ""),
])
def test_phones_with_prefixes_dashes_and_spaces(tree, book, phone, masked):
    # given
    path = book([row(1, phone=phone)])
    # when
    import_file(actor=SYSTEM, path=path, community=tree.community)
    # then
    assert Resident.objects.get().phone_masked == masked


def test_short_or_lettered_phones_are_rejected(tree, book):
    path = book([row(1, phone="1380013800"), row(2, phone="138abc")])
    assert _codes(_plan(path, tree)) == {2: ["phone_format"], 3: ["phone_format"]}


def test_traditional_characters_are_kept_as_written(tree, book):
    # given a name in traditional characters
    path = book([row(1, "張曉東")])
    # when
    import_file(actor=SYSTEM, path=path, community=tree.community)
    # then the name is stored as written, and found by its simplified form
    r = Resident.objects.get()
    assert r.name == "張曉東"
    assert r.name_simplified == "张晓东"


def test_relations_political_status_and_categories_are_mapped(tree, book):
    # given the words rosters use
    header = ["姓名", "身份证号码", "现住址", "与户主关系", "政治面貌", "人员类别", "民族"]
    addr = "金竹苑7栋2单元302"
    path = book([["甲", person(1), addr, "本人", "中共党员", "流动人口", "回族"],
                 ["乙", person(2), addr, "之女", "预备党员", "户籍", ""],
                 ["丙", person(3), addr, "外孙女", "团员", "", ""],
                 ["丁", person(4), addr, "表哥哥", "群众", "", ""]], header=header)
    # when
    result = import_file(actor=SYSTEM, path=path, community=tree.community)
    # then unknown words are rejected naming the accepted ones, the rest mapped
    assert _codes(result.plan) == {5: ["relation_unknown"]}
    got = {r.name: (r.relation, r.political_status, r.residence_type, r.ethnicity)
           for r in Resident.objects.all()}
    assert got == {"甲": ("head", "cpc_member", "floating", "回族"),
                   "乙": ("child", "cpc_probationary", "registered", "汉族"),
                   "丙": ("grandchild", "cyl_member", "registered", "汉族")}


def test_duplicate_ids_inside_the_file_reject_the_later_rows(tree, book):
    # given the same person twice (once with a lowercase x variant of the same number)
    path = book([row(1), row(2, "李四"), row(3, id_number=person(1))])
    # when
    plan = _plan(path, tree)
    # then the first occurrence stays, the later one is rejected naming the first row
    assert _codes(plan) == {4: ["duplicate_in_file"]}
    assert "2" in plan.rejected[0].errors[0][2]


def test_required_fields(tree, book):
    path = book([[1, "", "男", person(1), "", "金竹苑", "7栋", "2单元", "302", "户主"],
                 [2, "李四", "男", "", "", "金竹苑", "7栋", "2单元", "302", "户主"],
                 [3, "王五", "男", person(3), "", "", "", "", "", "户主"]], header=HEADER)
    assert _codes(_plan(path, tree)) == {2: ["required"], 3: ["required"],
                                         4: ["address_missing"]}
