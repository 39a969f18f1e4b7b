"""The online party branch over the JSON API (/api/v1/membership/).

GET   branches                          party organisations with members in my scope
GET   branches/{id}/dues                ?arrears=1  members, monthly dues, months unpaid, owed
POST  branches/{id}/payments            PaymentIn → 201; 400 not_in_branch (a member of
                                        another branch), bad_amount, bad_month; 409 already_paid
POST  branches/{id}/statement           multipart ``file`` (.xlsx/.xls/.csv) → {imported,
                                        total}; 400 statement_rows with ``problems`` [{line,
                                        message}] and nothing written
GET   members/{id}/dues                 ?year=  the annual statement (the income base only to
                                        the member themself)
POST  members/{id}/dues-base/reveal     {reason} → {base}: the income base in clear for those
                                        who keep the branch's books, audited; 403 others
PUT   members/{id}/dues-profile         {category, base?, since?} → the statement
GET   transfers                         ?state=&direction=in|out&area= (leaving, or arriving "in")
POST  transfers                         TransferIn → 201; 404 (field to_org) an organisation
                                        that does not exist; 400 same_branch, no_destination
GET   transfers/{id}
POST  transfers/{id}/send|confirm|return  {letter_number, sent_on?} | {confirmed_on?} | {reason}
GET   posts                             ?org=  branch posts with read counts
POST  posts                             {org, kind, title, body} → 201
GET   posts/mine                        my branch's posts (read or not)
Money is a string of yuan with two decimals (never a float).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from shequ.core.params import Id, Year
from shequ.territory.filters import in_area

from . import selectors, services
from .models import DuesCategory, PaymentMethod, PostKind, Transfer
from .policies import Action, dues_policy
from .statement import read_statement

router = Router(tags=["membership"])
Money = Field(None, pattern=r"^\d{1,9}(\.\d{1,2})?$", description="yuan, e.g. \"12.50\"")


class BranchOut(Schema):
    id: int
    name: str
    kind: str
    members: int


class DuesLineOut(Schema):
    member: int
    name: str
    category: str | None
    monthly: Decimal | None
    unpaid_months: list[str]
    owed: Decimal


class PaymentIn(Schema):
    member: Id
    month: str = Field(..., pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")
    amount: str | None = Money
    method: PaymentMethod = PaymentMethod.TRANSFER
    paid_on: dt.date | None = None
    reference: str = Field("", max_length=60)


class PaymentOut(Schema):
    id: int
    member: int
    month: str
    amount: Decimal
    method: str
    paid_on: dt.date


class ImportOut(Schema):
    imported: int
    total: Decimal


class MonthOut(Schema):
    month: str
    due: Decimal | None
    paid: Decimal | None
    paid_on: dt.date | None
    method: str | None


class StatementOut(Schema):
    member: int
    name: str
    org: int
    year: int
    category: str | None
    monthly: Decimal | None
    base: Decimal | None
    due_total: Decimal
    paid_total: Decimal
    months: list[MonthOut]


class ProfileIn(Schema):
    category: DuesCategory
    base: str | None = Money
    since: dt.date | None = None


class BaseRevealIn(Schema):
    model_config = {"extra": "forbid"}

    reason: str = Field(max_length=300, description="why you need it; kept in the audit trail")


class BaseOut(Schema):
    base: Decimal


class TransferIn(Schema):
    member: Id
    to_org: Id | None = None
    to_external: str = Field("", max_length=100)
    reason: str = Field("", max_length=200)
    letter_number: str = Field("", max_length=40)
    requested_on: dt.date | None = None


class TransferOut(Schema):
    id: int
    member: int
    name: str
    from_org: int
    to_org: int | None
    to_external: str
    reason: str
    letter_number: str
    state: str
    requested_on: dt.date
    sent_on: dt.date | None
    confirmed_on: dt.date | None
    returned_reason: str


class SendIn(Schema):
    letter_number: str = Field(..., max_length=40)
    sent_on: dt.date | None = None


class ConfirmIn(Schema):
    confirmed_on: dt.date | None = None


class ReturnIn(Schema):
    reason: str = Field(..., max_length=200)


class PostIn(Schema):
    org: Id
    kind: PostKind = PostKind.POST
    title: str = Field(..., max_length=120)
    body: str = Field(..., max_length=8000)


class PostOut(Schema):
    id: int
    org: int
    notice: int
    kind: str
    title: str
    recipients: int
    read: int


class MyPostOut(Schema):
    notice: int
    title: str
    published_at: dt.datetime | None
    read_at: dt.datetime | None


@router.get("/branches", response=list[BranchOut])
def branch_list(request):
    return [{"id": o.pk, "name": o.name, "kind": o.kind, "members": o.member_count}
            for o in selectors.branch_list(actor=request.user)[:500]]


@router.get("/branches/{org_id}/dues", response=list[DuesLineOut])
def branch_dues(request, org_id: int, arrears: bool = False):
    org = selectors.branch_get_for_actor(request.user, org_id)
    lines = (selectors.arrears if arrears else selectors.branch_dues)(actor=request.user, org=org)
    return [{"member": x.pk, "name": x.name, "category": x.profile.category if x.profile else None,
             "monthly": x.monthly, "unpaid_months": [f"{m:%Y-%m}" for m in x.unpaid_months],
             "owed": x.owed} for x in lines]


@router.post("/branches/{org_id}/payments", response={201: PaymentOut})
def payment_create(request, org_id: int, payload: PaymentIn):
    org = selectors.branch_get_for_actor(request.user, org_id)
    member = selectors.member_by_id(payload.member)
    p = services.dues_pay(actor=request.user, org=org, member=member,
                          month=dt.date.fromisoformat(payload.month + "-01"),
                          **payload.dict(exclude={"member", "month"}))
    return Status(201, {"id": p.pk, "member": p.member_id, "month": f"{p.month:%Y-%m}",
                        "amount": p.amount, "method": p.method, "paid_on": p.paid_on})


@router.post("/branches/{org_id}/statement", response=ImportOut)
def statement_import(request, org_id: int, file: File[UploadedFile]):
    org = selectors.branch_get_for_actor(request.user, org_id)
    dues_policy.require(request.user, Action.MANAGE_DUES, org.path)
    result = services.dues_import(actor=request.user, org=org,
                                  rows=read_statement(file.read(), file.name or ""))
    return {"imported": result.count, "total": result.total}


def _statement(request, member, year: int) -> dict:
    st = selectors.annual_statement(member=member, year=year)
    p = st.profile
    own = selectors.is_own(request.user, member)
    return {"member": member.pk, "name": member.resident.name, "org": member.org_id,
            "year": year, "category": p.category if p else None,
            "monthly": p.monthly_amount if p else None,
            "base": services.profile_base(p) if p and own else None,
            "due_total": st.due_total, "paid_total": st.paid_total,
            "months": [{"month": f"{m.month:%Y-%m}", "due": m.due,
                        "paid": m.payment.amount if m.payment else None,
                        "paid_on": m.payment.paid_on if m.payment else None,
                        "method": m.payment.method if m.payment else None} for m in st.months]}


@router.get("/members/{member_id}/dues", response=StatementOut)
def member_dues(request, member_id: int, year: Year | None = None):
    member = selectors.member_dues_get(request.user, member_id)
    return _statement(request, member, year or timezone.localdate().year)


@router.post("/members/{member_id}/dues-base/reveal", response=BaseOut)
def base_reveal(request, member_id: int, payload: BaseRevealIn):
    """The income base in clear for a book-keeper: the reason and the audit row first."""
    member = selectors.member_dues_get(request.user, member_id)
    return {"base": services.dues_base_reveal(actor=request.user, member=member,
                                              reason=payload.reason)}


@router.put("/members/{member_id}/dues-profile", response=StatementOut)
def profile_set(request, member_id: int, payload: ProfileIn):
    member = selectors.member_dues_get(request.user, member_id)
    services.dues_profile_set(actor=request.user, member=member, **payload.dict())
    return _statement(request, member, timezone.localdate().year)


def _transfer(t: Transfer) -> dict:
    return {"id": t.pk, "member": t.member_id, "name": t.member.resident.name,
            "from_org": t.from_org_id, "to_org": t.to_org_id, "to_external": t.to_external,
            "reason": t.reason, "letter_number": t.letter_number, "state": t.state,
            "requested_on": t.requested_on, "sent_on": t.sent_on,
            "confirmed_on": t.confirmed_on, "returned_reason": t.returned_reason}


@router.get("/transfers", response=list[TransferOut])
def transfer_list(request, state: str = "", direction: str = "", area: int | None = None):
    rows = in_area(selectors.transfer_list(actor=request.user, state=state[:12],
                                           direction=direction[:4]),
                   actor=request.user, action=Action.VIEW_BRANCH, area_id=area, refuse=True,
                   field="to_path" if direction == "in" else "path")
    return [_transfer(t) for t in rows[:500]]


@router.post("/transfers", response={201: TransferOut})
def transfer_create(request, payload: TransferIn):
    member = selectors.member_dues_get(request.user, payload.member)
    to_org = selectors.org_by_id(payload.to_org) if payload.to_org else None
    t = services.transfer_request(actor=request.user, member=member, to_org=to_org,
                                  **payload.dict(exclude={"member", "to_org"}))
    return Status(201, _transfer(selectors.transfer_get_for_actor(request.user, t.pk)))


@router.get("/transfers/{transfer_id}", response=TransferOut)
def transfer_detail(request, transfer_id: int):
    return _transfer(selectors.transfer_get_for_actor(request.user, transfer_id))


def _step(request, transfer_id: int, service, **data) -> dict:
    t = selectors.transfer_get_for_actor(request.user, transfer_id)
    service(actor=request.user, transfer=t, **data)
    return _transfer(selectors.transfer_get_for_actor(request.user, transfer_id))


@router.post("/transfers/{transfer_id}/send", response=TransferOut)
def transfer_send(request, transfer_id: int, payload: SendIn):
    return _step(request, transfer_id, services.transfer_send, **payload.dict())


@router.post("/transfers/{transfer_id}/confirm", response=TransferOut)
def transfer_confirm(request, transfer_id: int, payload: ConfirmIn):
    return _step(request, transfer_id, services.transfer_confirm, **payload.dict())


@router.post("/transfers/{transfer_id}/return", response=TransferOut)
def transfer_return(request, transfer_id: int, payload: ReturnIn):
    return _step(request, transfer_id, services.transfer_return, **payload.dict())


@router.get("/posts", response=list[PostOut])
def post_list(request, org: int | None = None):
    branch = selectors.branch_get_for_actor(request.user, org) if org else None
    return [{"id": p.pk, "org": p.org_id, "notice": p.notice_id, "kind": p.kind,
             "title": p.notice.title, "recipients": p.recipients, "read": p.read}
            for p in selectors.post_list(actor=request.user, org=branch)[:500]]


@router.post("/posts", response={201: PostOut})
def post_create(request, payload: PostIn):
    org = selectors.branch_get_for_actor(request.user, payload.org, field="org",
                                         action=Action.MANAGE_POSTS)
    p = services.branch_post_create(actor=request.user, org=org,
                                    **payload.dict(exclude={"org"}))
    return Status(201, {"id": p.pk, "org": p.org_id, "notice": p.notice_id, "kind": p.kind,
                        "title": p.notice.title, "recipients": p.notice.recipient_count,
                        "read": 0})


@router.get("/posts/mine", response=list[MyPostOut])
def my_posts(request):
    return [{"notice": r.notice_id, "title": r.notice.title,
             "published_at": r.notice.published_at, "read_at": r.read_at}
            for r in selectors.my_post_list(actor=request.user)[:200]]
