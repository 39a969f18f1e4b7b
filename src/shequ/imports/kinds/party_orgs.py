"""``party-orgs``: one row per organisation — name, type in the words offices use (党工委,
社区党委, 党委, 党总支, 党支部, 党小组, or a full name such as 中共XX社区委员会), parent by
name, the community (or street) it sits in. Parents come before children, in this file or
an earlier one; the kind chain of DESIGN §3 is enforced with a reason naming both kinds."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shequ.organizations import selectors as org_selectors
from shequ.organizations.models import ALLOWED_PARENT, OrgKind, PartyOrg
from shequ.organizations.services import party_org_create, party_org_move, party_org_update
from shequ.rosters.cells import compact
from shequ.territory.models import Area, AreaKind

from ..pipeline import NEW, UNCHANGED, UPDATED, Column, Context, Kind, Row, RowRejected, register
from .common import area_find, areas_under, seer

KIND_WORDS = {
    "区委": OrgKind.DISTRICT_COMMITTEE, "县委": OrgKind.DISTRICT_COMMITTEE,
    "区委员会": OrgKind.DISTRICT_COMMITTEE, "区党委": OrgKind.DISTRICT_COMMITTEE,
    "党工委": OrgKind.STREET_WORKING_COMMITTEE, "街道党工委": OrgKind.STREET_WORKING_COMMITTEE,
    "党工作委员会": OrgKind.STREET_WORKING_COMMITTEE, "街道党委": OrgKind.STREET_WORKING_COMMITTEE,
    "社区党委": OrgKind.COMMUNITY_COMMITTEE, "党委": OrgKind.COMMUNITY_COMMITTEE,
    "大党委": OrgKind.COMMUNITY_COMMITTEE, "社区大党委": OrgKind.COMMUNITY_COMMITTEE,
    "社区党组织": OrgKind.COMMUNITY_COMMITTEE,
    "党总支": OrgKind.AREA_GENERAL_BRANCH, "总支": OrgKind.AREA_GENERAL_BRANCH,
    "党总支部": OrgKind.AREA_GENERAL_BRANCH, "片区党总支": OrgKind.AREA_GENERAL_BRANCH,
    "党支部": OrgKind.BRANCH, "支部": OrgKind.BRANCH, "小区党支部": OrgKind.BRANCH,
    "楼栋党支部": OrgKind.BRANCH, "网格党支部": OrgKind.BRANCH,
    "党小组": OrgKind.GROUP, "小组": OrgKind.GROUP, "单元党小组": OrgKind.GROUP,
    "单位党组织": OrgKind.UNIT_ORG, "两新党组织": OrgKind.UNIT_ORG,
    "驻区单位党组织": OrgKind.UNIT_ORG,
}
# Endings of full names (中共北门社区委员会, 中共XX支部委员会) -> kind, longest first.
NAME_ENDINGS = (
    ("党工作委员会", OrgKind.STREET_WORKING_COMMITTEE), ("党工委", OrgKind.STREET_WORKING_COMMITTEE),
    ("总支部委员会", OrgKind.AREA_GENERAL_BRANCH), ("党总支", OrgKind.AREA_GENERAL_BRANCH),
    ("支部委员会", OrgKind.BRANCH), ("党支部", OrgKind.BRANCH), ("党小组", OrgKind.GROUP),
    ("社区委员会", OrgKind.COMMUNITY_COMMITTEE), ("社区党委", OrgKind.COMMUNITY_COMMITTEE),
    ("区委员会", OrgKind.DISTRICT_COMMITTEE), ("县委员会", OrgKind.DISTRICT_COMMITTEE),
)
KIND_WORD = {OrgKind.DISTRICT_COMMITTEE: "区委", OrgKind.STREET_WORKING_COMMITTEE: "党工委",
             OrgKind.COMMUNITY_COMMITTEE: "社区党委", OrgKind.AREA_GENERAL_BRANCH: "党总支",
             OrgKind.BRANCH: "党支部", OrgKind.GROUP: "党小组", OrgKind.UNIT_ORG: "单位党组织"}
# The territory level each kind sits at, when the row does not say.
AREA_KIND = {OrgKind.DISTRICT_COMMITTEE: (AreaKind.DISTRICT,),
             OrgKind.STREET_WORKING_COMMITTEE: (AreaKind.STREET,),
             OrgKind.COMMUNITY_COMMITTEE: (AreaKind.COMMUNITY,)}


def org_kind_of(word: str, name: str) -> str | None:
    w = compact(word)
    if w in KIND_WORDS:
        return KIND_WORDS[w]
    if w in OrgKind.values:
        return w
    n = compact(name)
    for ending, kind in NAME_ENDINGS:
        if n.endswith(ending) or (w and w.endswith(ending)):
            return kind
    return None


def orgs(ctx: Context) -> dict[str, list[PartyOrg]]:
    """Organisations of the import's district that the actor may see, by name, loaded once
    (and after a rejection) through the organisations' scoped selector."""
    got = ctx.cache.get("orgs")
    if got is None:
        qs = org_selectors.party_org_choices(actor=seer(ctx))
        if ctx.into is not None:
            root = ctx.into.path.split(".")[0]
            qs = qs.filter(path__gte=root, path__lt=root + ".~")
        got = {}
        for o in qs:
            got.setdefault(compact(o.name), []).append(o)
        ctx.cache["orgs"] = got
    return got


def org_find(ctx: Context, value: str, fld: str) -> PartyOrg:
    found = orgs(ctx).get(compact(value), [])
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise RowRejected("org_ambiguous", fld, _(
            "More than one party organisation is called %(v)s.") % {"v": value})
    raise RowRejected("org_unknown", fld, _(
        "No party organisation %(v)s: import it first (a parent comes before its "
        "children) or correct the name.") % {"v": value})


class PartyOrgsKind(Kind):
    name = "party-orgs"
    label = "党组织"
    into_kinds = ("district", "street")
    action = "edit_party"
    columns = (
        Column("name", ("党组织名称", "组织名称", "党组织", "名称", "党组织全称"), required=True),
        Column("kind", ("类型", "组织类型", "党组织类型", "类别", "组织类别", "层级")),
        Column("parent", ("上级组织", "上级党组织", "上级党组织名称", "隶属党组织", "上级",
                          "所属上级党组织", "上级组织名称")),
        Column("area", ("所在社区", "所在区域", "所属社区", "所在街道", "社区", "所属区域",
                        "所在网格")),
        Column("secretary", ("书记", "党组织书记", "负责人"), stored=False),
    )
    template_example = ("北门社区第1党支部", "党支部", "北门社区党委", "北门社区", "")

    def apply_row(self, row: Row, ctx: Context) -> str:
        name = row.get("name")
        kind = org_kind_of(row.get("kind"), name)
        if kind is None:
            raise RowRejected("org_kind_unknown", "kind", _(
                "Unknown organisation type %(v)s; write 区委, 党工委, 社区党委, 党总支, 党支部 or "
                "党小组.") % {"v": row.get("kind") or name})
        parent = org_find(ctx, row.get("parent"), "parent") if not row.blank("parent") else None
        parent_kind = parent.kind if parent else None
        if parent_kind not in ALLOWED_PARENT.get(kind, set()):
            allowed = "、".join(KIND_WORD[k] for k in ALLOWED_PARENT[kind] if k) or _("none")
            if parent is None:
                raise RowRejected("parent_required", "parent", _(
                    "A %(k)s needs a parent organisation (%(a)s).")
                    % {"k": KIND_WORD[kind], "a": allowed})
            raise RowRejected("parent_kind", "parent", _(
                "A %(k)s cannot be placed under a %(p)s (%(n)s); its parent is a %(a)s.")
                % {"k": KIND_WORD[kind], "p": KIND_WORD[parent_kind], "n": parent.name,
                   "a": allowed})
        area = self._area(row, ctx, kind, name, parent)
        existing = orgs(ctx).get(compact(name), [])
        if existing:
            return self._update(ctx, existing[0], kind, parent, area)
        org = party_org_create(actor=ctx.actor, kind=kind, name=name, area=area, parent=parent)
        orgs(ctx).setdefault(compact(name), []).append(org)
        return NEW

    def _update(self, ctx: Context, org: PartyOrg, kind: str, parent: PartyOrg | None,
                area: Area) -> str:
        """A corrected workbook re-imported: the organisation of that name takes the file's
        type, parent and area through the same services as its page (checked, audited)."""
        moved = org.parent_id != (parent.pk if parent else None) or org.area_id != area.pk
        if org.kind == kind and not moved:
            return UNCHANGED
        # A new type is checked against the parent it will have: when it does not fit the
        # present parent, move first (the move checks the present type), else re-type first.
        retype_first = org.kind != kind and (org.parent.kind if org.parent else None) \
            in ALLOWED_PARENT.get(kind, set())
        if org.kind != kind and retype_first:
            party_org_update(actor=ctx.actor, org=org, kind=kind)
        if moved:
            party_org_move(actor=ctx.actor, org=org, parent=parent, area=area)
        if org.kind != kind:
            party_org_update(actor=ctx.actor, org=org, kind=kind)
        return UPDATED

    def _area(self, row: Row, ctx: Context, kind: str, name: str,
              parent: PartyOrg | None) -> Area:
        levels = AREA_KIND.get(kind, (AreaKind.COMMUNITY, AreaKind.GRID, AreaKind.STREET,
                                      AreaKind.DISTRICT))
        if not row.blank("area"):
            return area_find(ctx, row.get("area"), kinds=levels, fld="area")
        if kind == OrgKind.DISTRICT_COMMITTEE:
            into = ctx.into
            if into is not None and into.kind == AreaKind.DISTRICT:
                return into
        if kind in AREA_KIND:
            # 翠屏街道党工委, 北门社区党委: the area's name begins the organisation's.
            n = compact(name).removeprefix("中共")
            hits = [a for a in areas_under(ctx) if a.kind in levels and
                    n.startswith(compact(a.name))]
            if len(hits) == 1:
                return hits[0]
            raise RowRejected("area_required", "area", _(
                "Say which %(level)s %(n)s belongs to (所在区域).")
                % {"level": AreaKind(levels[0]).label, "n": name})
        if parent is not None:
            return parent.area
        raise RowRejected("area_required", "area", _("Say where %(n)s belongs (所在社区).")
                          % {"n": name})


register(PartyOrgsKind())
