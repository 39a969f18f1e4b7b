"""``accounts``: one row per staff account — name, phone, role in an office's words
(网格员, 社区工作人员, 街道管理员, 区管理员, 监委会委员…), area by name, path-like name
(北门社区/第一网格, 北门社区第一网格) or code, username.

Run by the operator (the command line without --actor), each new account gets a one-time
password, returned in ``ctx.outputs`` for the password workbook, and must change it at first
sign-in. Run by a system administrator (web, API, --actor), accounts are made the way the
accounts pages make them: the owner is sent a one-time link to choose the password (never
a password to the administrator, 三权分立) and data roles wait for a security
administrator's approval."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from shequ.accounts.models import Grant
from shequ.accounts.roles import Action, Role
from shequ.accounts.services import grant_add, user_create
from shequ.core.actors import SYSTEM, is_system
from shequ.core.errors import Forbidden
from shequ.rosters.cells import compact, parse_phone_cell
from shequ.territory.models import AreaKind

from ..pipeline import NEW, UNCHANGED, UPDATED, Column, Context, Kind, Row, RowRejected, register
from .common import area_find

ROLE_WORDS = {
    "网格员": Role.GRID_WORKER, "专职网格员": Role.GRID_WORKER, "兼职网格员": Role.GRID_WORKER,
    "网格长": Role.GRID_WORKER, "网格管理员": Role.GRID_WORKER,
    "社区工作者": Role.COMMUNITY_STAFF, "社区工作人员": Role.COMMUNITY_STAFF,
    "社区干部": Role.COMMUNITY_STAFF, "社区专职工作者": Role.COMMUNITY_STAFF,
    "社区书记": Role.COMMUNITY_STAFF, "社区主任": Role.COMMUNITY_STAFF,
    "社区管理员": Role.COMMUNITY_STAFF,
    "街道管理员": Role.STREET_ADMIN, "街道工作人员": Role.STREET_ADMIN,
    "街道干部": Role.STREET_ADMIN, "街道级管理员": Role.STREET_ADMIN,
    "区管理员": Role.DISTRICT_ADMIN, "区级管理员": Role.DISTRICT_ADMIN,
    "区县管理员": Role.DISTRICT_ADMIN, "区工作人员": Role.DISTRICT_ADMIN,
    "监委会委员": Role.SUPERVISOR, "监委会成员": Role.SUPERVISOR,
    "监督委员会委员": Role.SUPERVISOR, "居务监督委员会委员": Role.SUPERVISOR,
    "监委会主任": Role.SUPERVISOR,
    "单位联络员": Role.UNIT_LIAISON, "联络员": Role.UNIT_LIAISON,
    "驻区单位联络员": Role.UNIT_LIAISON,
}
ROLE_AREA = {Role.GRID_WORKER: (AreaKind.GRID,), Role.COMMUNITY_STAFF: (AreaKind.COMMUNITY,),
             Role.STREET_ADMIN: (AreaKind.STREET,), Role.DISTRICT_ADMIN: (AreaKind.DISTRICT,),
             Role.SUPERVISOR: (AreaKind.COMMUNITY,),
             Role.UNIT_LIAISON: (AreaKind.COMMUNITY, AreaKind.STREET)}
PASSWORD_LENGTH = 14


def one_time_password() -> str:
    """14 characters from four classes, without look-alikes (0/O, 1/l/I)."""
    pools = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789", "#%+=@"]
    chars = [secrets.choice(p) for p in pools]
    everything = "".join(pools)
    chars += [secrets.choice(everything) for _ in range(PASSWORD_LENGTH - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


class AccountsKind(Kind):
    name = "accounts"
    label = "工作人员账号"
    into_kinds = ("district", "street")
    action = "manage_accounts"
    min_fields = 3
    columns = (
        Column("name", ("姓名", "名字", "人员姓名"), required=True),
        Column("phone", ("手机", "手机号", "手机号码", "联系电话", "电话")),
        Column("role", ("角色", "岗位", "职务", "身份", "账号角色", "人员类型"), required=True),
        Column("area", ("所在区域", "区域", "所属区域", "所在网格", "负责区域", "管辖区域",
                        "所在社区", "所属社区", "单位", "所属单位"), required=True),
        Column("username", ("用户名", "账号", "登录名", "登录账号", "帐号"), required=True),
        Column("email", ("邮箱", "电子邮箱", "电子邮件", "email", "e-mail")),
    )
    template_example = ("张三", "13800000000", "网格员", "北门社区/第一网格", "wg001", "")

    def apply_row(self, row: Row, ctx: Context) -> str:
        phone = parse_phone_cell(row.cells.get("phone"))
        word = row.compact("role")
        role = ROLE_WORDS.get(word) or (word if word in ROLE_AREA else None)
        if role is None:
            raise RowRejected("role_unknown", "role", _(
                "Unknown role %(v)s; write 网格员, 社区工作人员, 街道管理员, 区管理员 or "
                "监委会委员.") % {"v": row.get("role")})
        area = area_find(ctx, row.get("area"), kinds=ROLE_AREA[role], fld="area")
        username = compact(row.get("username")).lower()
        name = row.get("name")
        User = get_user_model()
        user = User.objects.filter(username__iexact=username).first()
        if user is not None:
            if user.display_name != name:
                raise RowRejected("username_taken", "username", _(
                    "The username %(u)s is already taken by another person; choose another.")
                    % {"u": username})
            if Grant.all_objects.filter(user=user, role=role, area=area).exists():
                return UNCHANGED
            grant_add(actor=ctx.actor, user=user, role=role, area=area)
            return UPDATED
        if is_system(ctx.actor):
            password = one_time_password()
            user = user_create(actor=SYSTEM, username=username, password=password,
                               display_name=name, home_area=area, must_change_password=True,
                               grants=[(role, area)], phone=phone)
            ctx.outputs.append({"username": user.username, "name": name, "role": word,
                                "area": area.name, "password": password})
        elif ctx.dry_run:
            # Checked, not made: making it would send its owner a link for an account the
            # administrator has not confirmed yet.
            if not ctx.actor.can(Action.MANAGE_ACCOUNTS):
                raise Forbidden(field="role")
        else:
            user_create(actor=ctx.actor, username=username, display_name=name, home_area=area,
                        email=row.get("email"), phone=phone, grants=[(role, area)],
                        site=ctx.cache.get("site", ""))
        return NEW


register(AccountsKind())
