"""创业联助 over the JSON API (/api/v1/talent/). Refusals are ``{"code","message","field"}``.

GET   alliance/members                 ?q= &active=   alliance members (staff)
POST  alliance/members                 {community, resident|unit, business?, joined_on?} → 201
POST  alliance/members/{id}/leave
GET   sessions                         ?kind=help|salon
POST  sessions                         SessionIn → 201
GET   sessions/{id}                    with attendance and follow-ups
PATCH sessions/{id}                    {title?, held_on?, place?, notes?}
PUT   sessions/{id}/attendance         {present: [member id]}
POST  sessions/{id}/follow-ups         {text, owner, due, member?} → 201
POST  follow-ups/{id}/done             409 already_done
GET   demands                          ?q= &state= &area=   staff scope, recruiters' units
POST  demands                          DemandIn → 201 (pay_band, deadline_passed…)
GET   demands/{id}
POST  demands/{id}/close | reopen      409 demand_closed / deadline_passed
GET   demands/{id}/candidates          ?limit=  best consenting residents, score parts
POST  demands/{id}/referrals           {profile, kind?, note?} → 201; 409 demand_closed,
                                       no_consent, duplicate
GET   profiles                         ?q= &consented= &area=   the reserve (staff)
POST  profiles                         {resident, consent, consent_note, …} → 201 (staff)
GET   profiles/{id}                    with completed job training
GET   profiles/{id}/posts              best open posts, score parts; 409 no_consent
POST  profiles/{id}/withdraw           {reason?}
GET   me                               my profile (404 none yet)
PUT   me                               {consent?, …} create or change my profile
GET   referrals                        ?state=
POST  referrals/{id}/step              {state: interviewed|hired|declined, note?}
"""

from __future__ import annotations

from ninja import Router, Status

from shequ.core.errors import NotFound
from shequ.registry.selectors import resident_of
from shequ.territory.filters import in_area

from . import picks, selectors, services
from .apischemas import (
    AttendanceIn,
    DemandIn,
    DemandOut,
    FollowUpIn,
    MatchOut,
    MemberIn,
    MemberOut,
    ProfileIn,
    ProfileOut,
    ReasonIn,
    ReferIn,
    ReferralOut,
    SessionIn,
    SessionOut,
    SessionPatch,
    StaffProfileIn,
    StepIn,
    demand_data,
    demand_out,
    member_out,
    profile_data,
    profile_out,
    referral_out,
    session_out,
)
from .policies import Action, profile_policy

router = Router(tags=["talent"])
LIMIT = 500


# -- the alliance ------------------------------------------------------------------------------
@router.get("/alliance/members", response=list[MemberOut])
def member_list(request, q: str = "", active: bool | None = True):
    return [member_out(m) for m in selectors.member_list(actor=request.user, q=q[:40],
                                                      active=active)[:LIMIT]]


@router.post("/alliance/members", response={201: MemberOut})
def member_join(request, payload: MemberIn):
    user = request.user
    community = picks.community_get(user, payload.community)
    resident = picks.resident_get(user, payload.resident) if payload.resident else None
    unit = picks.unit_get(user, payload.unit) if payload.unit else None
    return Status(201, member_out(services.member_join(
        actor=user, community=community, resident=resident, unit=unit,
        business=payload.business, joined_on=payload.joined_on)))


@router.post("/alliance/members/{member_id}/leave", response=MemberOut)
def member_leave(request, member_id: int):
    member = selectors.member_get_for_actor(request.user, member_id)
    return member_out(services.member_leave(actor=request.user, member=member))


@router.get("/sessions", response=list[SessionOut])
def session_list(request, kind: str = ""):
    return [session_out(s) for s in selectors.session_list(actor=request.user, kind=kind[:8])[:LIMIT]]


@router.post("/sessions", response={201: SessionOut})
def session_add(request, payload: SessionIn):
    community = picks.community_get(request.user, payload.community)
    data = payload.dict(exclude={"community"}) | {"kind": str(payload.kind)}
    return Status(201, session_out(services.session_add(actor=request.user, community=community,
                                                     **data), full=True))


@router.get("/sessions/{session_id}", response=SessionOut)
def session_detail(request, session_id: int):
    return session_out(selectors.session_get_for_actor(request.user, session_id), full=True)


@router.patch("/sessions/{session_id}", response=SessionOut)
def session_update(request, session_id: int, payload: SessionPatch):
    s = selectors.session_get_for_actor(request.user, session_id)
    given = payload.dict(exclude_unset=True)
    data = {k: given.get(k, getattr(s, k)) for k in ("title", "held_on", "place", "notes")}
    return session_out(services.session_update(actor=request.user, session=s, **data), full=True)


@router.put("/sessions/{session_id}/attendance", response=SessionOut)
def session_attendance(request, session_id: int, payload: AttendanceIn):
    s = selectors.session_get_for_actor(request.user, session_id)
    services.attendance_set(actor=request.user, session=s, member_ids=payload.present)
    return session_out(s, full=True)


@router.post("/sessions/{session_id}/follow-ups", response={201: SessionOut})
def follow_up_add(request, session_id: int, payload: FollowUpIn):
    s = selectors.session_get_for_actor(request.user, session_id)
    services.follow_up_add(actor=request.user, session=s, text=payload.text,
                           owner=picks.owner_get(s, payload.owner), due=payload.due,
                           member=picks.member_get(s, payload.member))
    return Status(201, session_out(s, full=True))


@router.post("/follow-ups/{follow_up_id}/done", response=SessionOut)
def follow_up_done(request, follow_up_id: int):
    row = selectors.follow_up_get(actor=request.user, follow_up_id=follow_up_id)
    services.follow_up_done(actor=request.user, follow_up=row)
    return session_out(row.session, full=True)


def _in_area(request, qs, area):
    """``area``: one where the user sees talent records (404 on ``area`` else)."""
    return in_area(qs, actor=request.user, action=Action.VIEW_TALENT, area_id=area,
                   refuse=True)


# -- demands and matching ----------------------------------------------------------------------
@router.get("/demands", response=list[DemandOut])
def demand_list(request, q: str = "", state: str = "", area: int | None = None):
    qs = selectors.demand_list(actor=request.user, q=q[:40], state=state[:8])
    return [demand_out(d) for d in _in_area(request, qs, area)[:LIMIT]]


@router.post("/demands", response={201: DemandOut})
def demand_create(request, payload: DemandIn):
    unit = picks.unit_get(request.user, payload.unit, posting=True)
    return Status(201, demand_out(services.demand_create(actor=request.user, unit=unit,
                                                      **demand_data(payload))))


@router.get("/demands/{demand_id}", response=DemandOut)
def demand_detail(request, demand_id: int):
    return demand_out(selectors.demand_get_for_actor(request.user, demand_id))


@router.post("/demands/{demand_id}/close", response=DemandOut)
def demand_close(request, demand_id: int):
    d = selectors.demand_get_for_actor(request.user, demand_id)
    return demand_out(services.demand_close(actor=request.user, demand=d))


@router.post("/demands/{demand_id}/reopen", response=DemandOut)
def demand_reopen(request, demand_id: int):
    d = selectors.demand_get_for_actor(request.user, demand_id)
    return demand_out(services.demand_reopen(actor=request.user, demand=d))


@router.get("/demands/{demand_id}/candidates", response=list[MatchOut])
def demand_candidates(request, demand_id: int, limit: int = 20):
    user = request.user
    d = selectors.demand_get_for_actor(user, demand_id)
    if not profile_policy.holds(user, Action.VIEW_TALENT):
        raise NotFound()
    rows = selectors.candidates_for(actor=user, demand=d, limit=max(1, min(limit, 100)))
    return [{**r, "name": r["profile"].resident.name} for r in rows]


@router.post("/demands/{demand_id}/referrals", response={201: ReferralOut})
def demand_refer(request, demand_id: int, payload: ReferIn):
    user = request.user
    d = selectors.demand_get_for_actor(user, demand_id)
    profile = selectors.profile_get_for_actor(user, payload.profile)
    return Status(201, referral_out(services.refer(actor=user, demand=d, profile=profile,
                                                kind=str(payload.kind), note=payload.note)))


# -- the reserve -------------------------------------------------------------------------------
@router.get("/profiles", response=list[ProfileOut])
def profile_list(request, q: str = "", consented: bool | None = None,
                 area: int | None = None):
    qs = selectors.profile_list(actor=request.user, q=q[:40], consented=consented)
    return [profile_out(p) for p in _in_area(request, qs, area)[:LIMIT]]


@router.post("/profiles", response={201: ProfileOut})
def profile_create(request, payload: StaffProfileIn):
    resident = picks.resident_get(request.user, payload.resident)
    return Status(201, profile_out(services.profile_save(actor=request.user, resident=resident,
                                                      **profile_data(payload)), True))


@router.get("/profiles/{profile_id}", response=ProfileOut)
def profile_detail(request, profile_id: int):
    return profile_out(selectors.profile_get_for_actor(request.user, profile_id), True)


@router.get("/profiles/{profile_id}/posts", response=list[MatchOut])
def profile_posts(request, profile_id: int, limit: int = 20):
    p = selectors.profile_get_for_actor(request.user, profile_id)
    rows = selectors.posts_for(profile=p, limit=max(1, min(limit, 100)))
    return [{**r, "name": f"{r['demand'].unit.name} · {r['demand'].title}"} for r in rows]


@router.post("/profiles/{profile_id}/withdraw", response=ProfileOut)
def profile_withdraw(request, profile_id: int, payload: ReasonIn):
    p = selectors.profile_get_for_actor(request.user, profile_id)
    return profile_out(services.consent_withdraw(actor=request.user, profile=p,
                                              reason=payload.reason))


@router.get("/me", response=ProfileOut)
def me(request):
    p = selectors.my_profile(request.user)
    if p is None:
        raise NotFound()
    return profile_out(p, True)


@router.put("/me", response=ProfileOut)
def me_save(request, payload: ProfileIn):
    resident = resident_of(request.user)
    if resident is None:
        raise NotFound()
    return profile_out(services.profile_save(actor=request.user, resident=resident,
                                          **profile_data(payload)), True)


# -- referrals ---------------------------------------------------------------------------------
@router.get("/referrals", response=list[ReferralOut])
def referral_list(request, state: str = "", area: int | None = None):
    qs = selectors.referral_list(actor=request.user, state=state[:12])
    return [referral_out(r) for r in _in_area(request, qs, area)[:LIMIT]]


@router.post("/referrals/{referral_id}/step", response=ReferralOut)
def referral_step(request, referral_id: int, payload: StepIn):
    r = selectors.referral_get_for_actor(request.user, referral_id)
    return referral_out(services.referral_advance(actor=request.user, referral=r,
                                               state=str(payload.state), note=payload.note))
