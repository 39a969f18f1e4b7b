"""The online party branch of the demo district (``shequ demo`` calls
:func:`generate_membership` after the participation data).

Every party member gets a dues profile (mostly in work with an income by the 2008 bands,
some retired, a few students or unemployed) due from five months ago, and their payments
for the months before this one with a gap now and then — written in bulk (``core.lean``:
COPY on PostgreSQL), since a district has thousands of members. The demo party member
(login ``party_member``) owes last month and this month; in the demo community one transfer
between two branches waits for confirmation and one out of the district is requested; and
the demo member's branch has a study post, a branch of the demo community a post (notices
with receipts), so community staff and the party member have work and reading."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from shequ.accounts.models import Grant
from shequ.core import crypto, lean
from shequ.core.actors import SYSTEM
from shequ.registry.models import PartyMember

from . import services
from .models import DuesBand, DuesPayment, DuesProfile, PaymentMethod, PostKind
from .services.dues import FEN, add_months

CATEGORIES = [("employed", 0.62), ("retired", 0.3), ("student", 0.03), ("unemployed", 0.03),
              ("subsistence", 0.02)]
MONTHS = 6            # due from five months ago, this month included
PAID_SHARE = 0.9      # of the past months, this share is paid


def _amount(bands: list[DuesBand], category: str, base: Decimal | None) -> Decimal:
    for b in bands:
        if b.category != category or (b.up_to is not None and (base is None or base > b.up_to)):
            continue
        if b.fixed_amount is not None:
            return b.fixed_amount
        return (base * b.rate).quantize(FEN, rounding=ROUND_HALF_UP)
    return Decimal("0.20")


def generate_membership(*, seed: int = 2026, progress: Callable[[str], None] | None = None
                        ) -> dict:
    say = progress or (lambda _msg: None)
    rng = random.Random(seed * 1000 + 15)  # noqa: S311 - demo data, reproducible
    say("party dues, transfers, branch posts…")
    this_month = timezone.localdate().replace(day=1)
    since = add_months(this_month, 1 - MONTHS)
    demo = _demo_member()
    with transaction.atomic():
        _dues(rng, since, this_month, demo)
    with transaction.atomic():
        branch = _transfers(demo)
        _post(demo, branch)
    return {"dues_profiles": DuesProfile.objects.count(),
            "dues_payments": DuesPayment.objects.count()}


def _demo_member() -> PartyMember | None:
    user = get_user_model().objects.filter(username="party_member").first()
    return PartyMember.objects.filter(resident__user=user).select_related("org").first() \
        if user else None


def _dues(rng: random.Random, since: dt.date, this_month: dt.date,
          demo: PartyMember | None) -> None:
    bands = list(DuesBand.objects.all())
    names, weights = zip(*CATEGORIES, strict=True)
    now = timezone.now()
    profiles, payments = [], []
    rows = PartyMember.objects.values_list("pk", "org_id", "org__path").order_by("pk")
    for pk, org_id, path in rows.iterator():
        category = rng.choices(names, weights)[0]
        base = (Decimal(rng.randrange(1800, 16000, 50)) if category == "employed"
                else Decimal(rng.randrange(2500, 8000, 50)) if category == "retired" else None)
        amount = _amount(bands, category, base)
        profiles.append((pk, category, crypto.encrypt(str(base)) if base else None, amount,
                         since, now, path))
        month = since
        while month < this_month:
            skip = pk == getattr(demo, "pk", None) and month == add_months(this_month, -1)
            if not skip and rng.random() < PAID_SHARE:
                paid_on = month + dt.timedelta(days=rng.randrange(1, 25))
                method = rng.choice([PaymentMethod.CASH, PaymentMethod.TRANSFER,
                                     PaymentMethod.BANK_IMPORT])
                payments.append((pk, org_id, month, amount, method, paid_on, path))
            month = add_months(month, 1)
    lean.insert_many(DuesProfile, ["member", "category", "base_enc", "monthly_amount", "since",
                                   "updated_at", "path"], profiles)
    lean.insert_many(DuesPayment, ["member", "org", "month", "amount", "method", "paid_on",
                                   "path"], payments, same={"reference": "", "recorded_by": None, "created_at": now})


def _community():
    staff = get_user_model().objects.filter(username="community_staff").first()
    grant = Grant.objects.filter(user=staff).select_related("area").first() if staff else None
    return grant.area if grant else None


def _transfers(demo: PartyMember | None):
    """A transfer between two branches of the demo community, letter sent, and one out of
    the district requested; returns the sending branch (or None)."""
    community = _community()
    if community is None:
        return None
    within = {"org__path__gte": community.path, "org__path__lt": community.path + "~"}
    members = list(PartyMember.objects.filter(**within).exclude(pk=getattr(demo, "pk", None))
                   .select_related("org", "resident").order_by("pk")[:400])
    orgs = sorted({m.org for m in members}, key=lambda o: o.pk)
    if len(orgs) >= 2:
        mover = members[0]
        to_org = next(o for o in orgs if o.pk != mover.org_id)
        t = services.transfer_request(actor=SYSTEM, member=mover, to_org=to_org,
                                      requested_on=timezone.localdate() - dt.timedelta(days=6))
        services.transfer_send(actor=SYSTEM, transfer=t, letter_number="党组字〔2026〕第 015 号",
                               sent_on=timezone.localdate() - dt.timedelta(days=4))
    if len(members) >= 2:
        services.transfer_request(actor=SYSTEM, member=members[1], to_external="成都市武侯区某党支部",
                                  reason="工作调动，随单位迁往成都")
    return members[0].org if members else None


def _post(demo: PartyMember | None, branch) -> None:
    if branch is not None and (demo is None or branch.pk != demo.org_id):
        services.branch_post_create(
            actor=SYSTEM, org=branch, kind=PostKind.POST, title="本月主题党日：社区环境整治志愿服务",
            body="本月主题党日安排在周六上午，集中学习后分组开展楼道清理，请党员准时参加。")
    if demo is None:
        return
    services.branch_post_create(
        actor=SYSTEM, org=demo.org, kind=PostKind.STUDY, title="学习资料：党费收缴和使用管理规定",
        body="请各位党员学习《关于中国共产党党费收缴、使用和管理的规定》，按月足额交纳党费；"
             "本人月收入变化时请及时告知支部重新核定。")
