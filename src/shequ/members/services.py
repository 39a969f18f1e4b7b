"""Writes of 党员联管: service posts, 双报到 registration (one active per member), service
logs and their confirmation (which earns points through the points bank), liaisons, the
periodic unit reports, and 区域兜底 attachments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core import audit
from shequ.core.actors import user_of
from shequ.core.errors import Conflict, DomainError, ErrorCode, NotFound
from shequ.core.freetext import clean_text, limit_of
from shequ.notices.services import notify
from shequ.organizations.models import Unit
from shequ.registry.models import PartyMember
from shequ.volunteers import services as volunteer_services

from .errors import MemberErrorCode
from .models import (
    DualRegistration,
    FallbackAttachment,
    LogState,
    ServiceLog,
    ServicePost,
    UnitLiaison,
    UnitReport,
)
from .policies import (
    Action,
    fallback_policy,
    is_self,
    log_policy,
    post_policy,
    registration_policy,
    report_policy,
)


def _within(path: str, area_path: str) -> bool:
    return path == area_path or path.startswith(area_path + ".")


@transaction.atomic
def post_create(*, actor, community, name: str, description: str = "",
                capacity: int | None = None) -> ServicePost:
    """Define a service post (服务岗位) of a community."""
    post_policy.require(actor, Action.MANAGE_DUAL, community)
    name, description = _post_texts(name, description)
    if capacity is not None and int(capacity) < 1:
        raise DomainError(_("At least one place, or leave it empty."), field="capacity")
    if ServicePost.objects.filter(community=community, name=name).exists():
        raise Conflict(_("This name is already used in the community."), code=ErrorCode.DUPLICATE,
                       field="name")
    post = ServicePost.objects.create(community=community, name=name,
                                      description=description,
                                      capacity=capacity, path=community.path)
    audit.record(actor=actor, action="create", entity="service_post", entity_id=post.pk,
                 summary=name)
    return post


@transaction.atomic
def post_update(*, actor, post: ServicePost, name: str, description: str = "",
                capacity: int | None = None, is_active: bool = True) -> ServicePost:
    """Change a service post. A withdrawn post is no longer offered to members; those who
    already serve it keep it until they change their posts."""
    post_policy.require(actor, Action.MANAGE_DUAL, post)
    name, description = _post_texts(name, description)
    if capacity is not None and int(capacity) < 1:
        raise DomainError(_("At least one place, or leave it empty."), field="capacity")
    if ServicePost.objects.filter(community_id=post.community_id, name=name).exclude(
            pk=post.pk).exists():
        raise Conflict(_("This name is already used in the community."), code=ErrorCode.DUPLICATE,
                       field="name")
    before = {"name": post.name, "description": post.description, "capacity": post.capacity,
              "is_active": post.is_active}
    post.name, post.description = name, description
    post.capacity, post.is_active = capacity, bool(is_active)
    post.save(update_fields=["name", "description", "capacity", "is_active"])
    b, a = audit.diff(before, {"name": post.name, "description": post.description,
                               "capacity": post.capacity, "is_active": post.is_active})
    if a:
        audit.record(actor=actor, action="update", entity="service_post", entity_id=post.pk,
                     summary=post.name, before=b, after=a)
    return post


def _post_texts(name, description) -> tuple[str, str]:
    return (clean_text(name, field="name", limit=limit_of(ServicePost, "name"), required=True,
                       required_message=_("Name is required.")),
            clean_text(description, field="description",
                       limit=limit_of(ServicePost, "description")))


def _posts_ok(posts, community, *, registration=None) -> list[ServicePost]:
    """The posts, re-read and locked: each must be an offered post of ``community`` with a
    place left (its active registrations other than ``registration`` below its capacity).
    The row locks make two members taking the last place one after the other."""
    ids = {p.pk for p in posts or []}
    rows = list(ServicePost.objects.select_for_update()
                .filter(pk__in=ids, community=community, is_active=True).order_by("pk"))
    if len(rows) != len(ids):
        raise DomainError(_("Choose posts of this community."), field="posts")
    for post in rows:
        if post.capacity is None:
            continue
        taken = post.registrations.filter(is_active=True)
        if registration is not None:
            taken = taken.exclude(pk=registration.pk)
        if taken.count() >= post.capacity:
            raise Conflict(_("The post %(post)s has no place left.") % {"post": post.name},
                           code=MemberErrorCode.POST_FULL, field="posts")
    return rows


@transaction.atomic
def dual_register(*, actor, member: PartyMember, community, posts=()) -> DualRegistration:
    """双报到: an in-service member (one with a unit) registers with the community where
    they live — by themselves, or by staff of that community on their behalf (audited as
    such). One active registration at a time: a second is refused (and a concurrent second
    hits the partial unique constraint)."""
    on_behalf = not is_self(actor, member)
    if on_behalf:
        registration_policy.require(actor, Action.MANAGE_DUAL, community)
    if member.unit_id is None:
        raise DomainError(_("Only members serving in a unit report to their community."),
                          code=MemberErrorCode.NOT_IN_SERVICE, field="member")
    if community.kind != "community" or not _within(member.resident.path, community.path):
        raise DomainError(_("Register with the community where you live."),
                          code=MemberErrorCode.NOT_HOME_COMMUNITY, field="community")
    posts = _posts_ok(posts, community)
    if DualRegistration.objects.filter(member=member, is_active=True).exists():
        raise Conflict(_("This member is already registered with a community."),
                       code=MemberErrorCode.ALREADY_REGISTERED, field="member")
    try:
        with transaction.atomic():
            reg = DualRegistration.objects.create(
                member=member, unit_id=member.unit_id, community=community,
                path=member.resident.path)
    except IntegrityError as exc:
        raise Conflict(_("This member is already registered with a community."),
                       code=MemberErrorCode.ALREADY_REGISTERED, field="member") from exc
    reg.posts.set(posts)
    audit.record(actor=actor, action="dual_register", entity="party_member",
                 entity_id=member.pk, summary=str(member),
                 after={"community": community.name, "posts": [p.name for p in posts],
                        "on_behalf": on_behalf})
    return reg


@transaction.atomic
def dual_posts_set(*, actor, registration: DualRegistration, posts) -> DualRegistration:
    """Change the posts a registered member serves."""
    if not is_self(actor, registration.member):
        registration_policy.require(actor, Action.MANAGE_DUAL, registration)
    if not registration.is_active:
        raise Conflict(_("This registration has ended."), code=MemberErrorCode.ENDED)
    posts = _posts_ok(posts, registration.community, registration=registration)
    registration.posts.set(posts)
    audit.record(actor=actor, action="dual_posts", entity="dual_registration",
                 entity_id=registration.pk, after={"posts": [p.name for p in posts]})
    return registration


@transaction.atomic
def dual_end(*, actor, registration: DualRegistration, reason: str) -> DualRegistration:
    """End a registration (moved house, retired…); the member may then register again."""
    if not is_self(actor, registration.member):
        registration_policy.require(actor, Action.MANAGE_DUAL, registration)
    reason = clean_text(reason, field="reason", limit=limit_of(DualRegistration, "end_reason"))
    done = DualRegistration.objects.filter(pk=registration.pk, is_active=True).update(
        is_active=False, ended_at=timezone.now(), end_reason=reason)
    if not done:
        raise Conflict(_("This registration has ended."), code=MemberErrorCode.ENDED)
    registration.refresh_from_db()
    audit.record(actor=actor, action="dual_end", entity="dual_registration",
                 entity_id=registration.pk, reason=reason or "")
    return registration


@transaction.atomic
def service_log_create(*, actor, registration: DualRegistration, served_on: dt.date,
                       hours, description: str, post: ServicePost | None = None) -> ServiceLog:
    """Log service done under an active registration (by the member or staff)."""
    if not is_self(actor, registration.member):
        registration_policy.require(actor, Action.MANAGE_DUAL, registration)
    if not registration.is_active:
        raise Conflict(_("This registration has ended."), code=MemberErrorCode.ENDED)
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Enter the hours as a number."), field="hours") from None
    if not Decimal("0") < hours <= Decimal("24"):
        raise DomainError(_("Between 0.1 and 24 hours."), field="hours")
    if served_on > timezone.localdate() or served_on < registration.registered_at.date() - \
            dt.timedelta(days=1):
        raise DomainError(_("The date must be after registering and not in the future."),
                          field="served_on")
    if post is not None:
        _posts_ok([post], registration.community)
    description = clean_text(description, field="description",
                             limit=limit_of(ServiceLog, "description"), required=True,
                             required_message=_("Say what was done."))
    log = ServiceLog.objects.create(registration=registration, post=post, served_on=served_on,
                                    hours=hours, description=description,
                                    path=registration.path)
    audit.record(actor=actor, action="create", entity="service_log", entity_id=log.pk,
                 after={"hours": hours, "served_on": served_on})
    return log


@transaction.atomic
def service_log_decide(*, actor, log: ServiceLog, confirm: bool):
    """Community staff confirm (points are awarded at the configured 双报到 rate) or
    reject a logged service. Each log is decided once."""
    log_policy.require(actor, Action.MANAGE_DUAL, log)
    new = LogState.CONFIRMED if confirm else LogState.REJECTED
    done = ServiceLog.objects.filter(pk=log.pk, state=LogState.SUBMITTED).update(
        state=new, decided_by=user_of(actor), decided_at=timezone.now())
    if not done:
        raise Conflict(_("This log has already been decided."), code=MemberErrorCode.INVALID_TRANSITION)
    log.state = new
    entry = None
    if confirm:
        entry = volunteer_services.points_award(
            actor=actor, resident=log.registration.member.resident, rate_code=MemberErrorCode.DUAL_REPORT_HOUR,
            source=f"dual_report_log:{log.pk}", quantity=log.hours, note=log.description[:60])
    audit.record(actor=actor, action=new, entity="service_log", entity_id=log.pk)
    notify(recipients=[log.registration.member.resident.user_id], kind="dual_registration",
           title=(_("Your dual-reporting service was confirmed.") if confirm
                  else _("Your dual-reporting service was not confirmed.")),
           body=f"{log.served_on:%Y-%m-%d} {log.description[:60]}", link=reverse("members:me"))
    return log, entry


@transaction.atomic
def unit_liaison_link(*, actor, user, unit: Unit) -> UnitLiaison:
    """Name an account as a unit's liaison (they read that unit's reports). Linking twice
    is a no-op, so re-imports change nothing; a closed unit or inactive account is refused.
    (Lives here, not in organizations.services: UnitLiaison is this app's model.)"""
    report_policy.require(actor, Action.MANAGE_DUAL, unit)
    if unit.closed_at is not None:
        raise DomainError(_("This unit is closed."), field="unit")
    if not user.is_active:
        raise DomainError(_("This account is switched off."), field="user")
    row, created = UnitLiaison.objects.get_or_create(user=user, unit=unit)
    if created:
        audit.record(actor=actor, action="liaison_add", entity="unit", entity_id=unit.pk,
                     summary=f"{user} → {unit}", after={"user": user.pk})
    return row


liaison_add = unit_liaison_link


@transaction.atomic
def unit_liaison_unlink(*, actor, user, unit: Unit) -> None:
    """Remove an account as a unit's liaison."""
    report_policy.require(actor, Action.MANAGE_DUAL, unit)
    deleted, _rows = UnitLiaison.objects.filter(user=user, unit=unit).delete()
    if not deleted:
        raise NotFound(_("This account is not a liaison of this unit."), field="user")
    audit.record(actor=actor, action="liaison_remove", entity="unit", entity_id=unit.pk,
                 summary=f"{user} → {unit}", before={"user": user.pk})


@transaction.atomic
def unit_reports_generate(*, actor, period_start: dt.date, period_end: dt.date,
                          units=None) -> list[UnitReport]:
    """Write (or rewrite) the report of each unit for the period: every member of the
    unit, where they registered, their posts and confirmed hours. ``actor`` SYSTEM is the
    scheduled command."""
    from .selectors import unit_rows
    if period_end < period_start:
        raise DomainError(_("The end must be after the start."), field="period_end")
    units = list(units if units is not None else Unit.objects.all())
    out = []
    for unit in units:
        if not report_policy.can(actor, Action.MANAGE_DUAL, unit):
            raise NotFound()
        rows = unit_rows(unit, period_start, period_end)
        report, _c = UnitReport.objects.update_or_create(
            unit=unit, period_start=period_start, period_end=period_end,
            defaults={"rows": rows, "members": len(rows),
                      "registered": sum(1 for r in rows if r["registered"]),
                      "reported": sum(1 for r in rows if r["hours"] > 0),
                      "hours": sum(Decimal(str(r["hours"])) for r in rows),
                      "path": unit.path})
        out.append(report)
    audit.record(actor=actor, action="unit_reports", entity="unit_report", entity_id="batch",
                 summary=f"{period_start}–{period_end}: {len(out)} units")
    return out


@transaction.atomic
def fallback_attach(*, actor, member: PartyMember, org, reason: str) -> FallbackAttachment:
    """区域兜底: attach a scattered member to the fallback organisation covering their home."""
    fallback_policy.require(actor, Action.MANAGE_FALLBACK, member)
    if not org.is_fallback:
        raise DomainError(_("Choose a fallback organisation."), field="org")
    if not _within(member.path, org.path):
        raise DomainError(_("The organisation does not cover where the member lives."),
                          field="org")
    reason = clean_text(reason, field="reason", limit=limit_of(FallbackAttachment, "reason"),
                        required=True, required_message=_("Give a reason."))
    try:
        with transaction.atomic():
            row = FallbackAttachment.objects.create(
                member=member, org=org, reason=reason,
                attached_by=actor if getattr(actor, "pk", None) else None, path=member.path)
    except IntegrityError as exc:
        raise Conflict(_("This member is already under fallback management."),
                       code=ErrorCode.DUPLICATE, field="member") from exc
    audit.record(actor=actor, action="fallback_attach", entity="party_member",
                 entity_id=member.pk, summary=f"{member} → {org}", reason=reason)
    return row
