"""The residence type (类别, 人员类别, 户籍类型: 户籍 / 流动 / 寄住) and the special groups
(特殊人群, 人员标签) are read, not silently ignored: unknown words refuse the row with a
reason, the special groups become the registry's tags, added and never taken away."""

from __future__ import annotations

from shequ.core.actors import SYSTEM
from shequ.core.models import AuditEvent
from shequ.registry.models import Resident
from shequ.rosters.services import import_file

from .conftest import HEADER, row


def _import(path, tree, **kw):
    return import_file(actor=SYSTEM, path=path, community=tree.community, **kw)


def _tags(name: str) -> list[str]:
    return sorted(Resident.objects.get(name=name).tags.values_list("code", flat=True))


def test_the_residence_type_column_is_read_under_the_words_offices_use(tree, book):
    # given a roster whose residence column is headed 类别, with the words offices write
    path = book([row(1, "甲", address=("金竹苑", "7栋", "2单元", "302"), relation="户主") + ["户籍"],
                 row(2, "乙", address=("金竹苑", "7栋", "2单元", "302")) + ["流动人口"],
                 row(3, "丙", address=("金竹苑", "7栋", "2单元", "302")) + ["寄住"],
                 row(4, "丁", address=("金竹苑", "7栋", "2单元", "302")) + ["境外人员"]],
                header=[*HEADER, "类别"])
    # when
    result = _import(path, tree)
    # then
    assert result.counts["new"] == 3 and result.counts["rejected"] == 1
    assert dict(Resident.objects.values_list("name", "residence_type")) == {
        "甲": "registered", "乙": "floating", "丙": "lodging"}
    (rejected,) = result.plan.rejected
    code, field, message = rejected.errors[0]
    assert (rejected.number, code, field) == (5, "residence_type_unknown", "residence_type")
    assert "境外人员" in message and "户籍人口" in message
    assert "类别" not in result.plan.report()["ignored_columns"]


def test_each_residence_header_is_recognised(tree, book):
    for n, header in enumerate(("人员类别", "户籍类型", "户籍性质"), start=1):
        path = book([row(n, f"人{n}", address=("金竹苑", "7栋", "2单元", "302")) + ["流动"]],
                    header=[*HEADER, header])
        result = _import(path, tree)
        assert result.counts["new"] == 1, header
        assert Resident.objects.get(name=f"人{n}").residence_type == "floating"


def test_special_groups_become_tags_split_on_common_separators(tree, book):
    # given
    address = ("金竹苑", "7栋", "2单元", "302")
    path = book([row(1, "甲", address=address, relation="户主") + ["独居老人、低保户"],
                 row(2, "乙", address=address) + ["残疾人,退伍军人；低保"],
                 row(3, "丙", address=address) + ["无"],
                 row(4, "丁", address=address) + [""],
                 row(5, "戊", address=address) + ["低保 孤寡老人"]],
                header=[*HEADER, "特殊人群"])
    # when
    result = _import(path, tree)
    # then
    assert result.counts["new"] == 4 and result.counts["rejected"] == 1
    assert _tags("甲") == ["elderly_alone", "subsistence"]
    assert _tags("乙") == ["disabled", "subsistence", "veteran"]
    assert _tags("丙") == [] and _tags("丁") == []
    (rejected,) = result.plan.rejected
    code, field, message = rejected.errors[0]
    assert (code, field) == ("tag_unknown", "tags")
    assert "孤寡老人" in message and "独居老人" in message
    # when the same file is imported again, nothing changes
    audits = AuditEvent.objects.count()
    again = _import(path, tree)
    assert (again.counts["new"], again.counts["updated"], again.counts["unchanged"]) == (0, 0, 4)
    assert AuditEvent.objects.count() == audits


def test_a_later_roster_adds_tags_and_never_takes_one_away(tree, book):
    # given 甲 tagged 低保 and 独居老人
    address = ("金竹苑", "7栋", "2单元", "302")
    first = book([row(1, "甲", address=address, relation="户主") + ["低保、独居老人"]],
                 header=[*HEADER, "人员标签"])
    _import(first, tree)
    # when a later roster names only 低保: nothing to do
    same = _import(book([row(1, "甲", address=address, relation="户主") + ["低保"]],
                        header=[*HEADER, "人员标签"]), tree)
    assert same.counts["unchanged"] == 1
    # when it names 残疾人 as well: added, audited
    audits = AuditEvent.objects.count()
    more = _import(book([row(1, "甲", address=address, relation="户主") + ["低保、残疾人"]],
                        header=[*HEADER, "人员标签"]), tree)
    # then
    assert more.counts["updated"] == 1
    assert _tags("甲") == ["disabled", "elderly_alone", "subsistence"]
    update = AuditEvent.objects.filter(entity="resident").order_by("-id").first()
    assert update.after["tags"] == ["disabled", "elderly_alone", "subsistence"]
    assert AuditEvent.objects.count() > audits
