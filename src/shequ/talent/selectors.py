"""Reads of 创业联助. Staff read their scope; a unit's recruiters read their unit's demands
and the referrals made to them; a resident reads their own profile, the posts that suit
them and their referrals. Matching reads only profiles whose consent stands."""

from __future__ import annotations

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.actors import is_system
from shequ.core.errors import Conflict, NotFound
from shequ.registry.selectors import resident_of

from . import matching
from .errors import TalentErrorCode
from .models import (
    AllianceMember,
    Demand,
    DemandState,
    FollowUp,
    HelpSession,
    Profile,
    Referral,
)
from .policies import (
    demand_policy,
    followup_policy,
    member_policy,
    profile_policy,
    recruiter_units,
    referral_policy,
    session_policy,
)

HOME = "resident__household__entrance__building"
INDEX_ROW = ("pk", "skills", "education", HOME + "__lat", HOME + "__lng", "wish_kinds",
             "wish_work_types", "wish_pay_min", "wish_max_km")


def _within(qs, area_path: str):
    if not area_path:
        return qs
    return qs.filter(path__gte=area_path, path__lt=area_path + "~")


def _get(qs, pk):
    row = qs.filter(pk=pk if str(pk).isdigit() else 0).first()
    if row is None:
        raise NotFound()
    return row


# -- the alliance ------------------------------------------------------------------------------
def member_list(*, actor, q: str = "", area_path: str = "", active: bool | None = True
                ) -> QuerySet[AllianceMember]:
    """Alliance members in the actor's scope with the sessions each attended."""
    qs = member_policy.instances_for(actor).select_related("resident", "unit", "community")
    qs = _within(qs, area_path)
    if q:
        qs = qs.filter(Q(resident__name__icontains=q) | Q(unit__name__icontains=q)
                       | Q(business__icontains=q))
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.annotate(attended=Count("sessions", distinct=True)).order_by("-id")


def member_get_for_actor(actor, member_id) -> AllianceMember:
    return _get(member_list(actor=actor, active=None), member_id)


def session_list(*, actor, kind: str = "", area_path: str = "") -> QuerySet[HelpSession]:
    """Help sessions and salons, latest first, with attendance and open follow-ups."""
    qs = _within(session_policy.instances_for(actor), area_path).select_related("community")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(
        present=Count("attendees", distinct=True),
        open_follow_ups=Count("follow_ups", filter=Q(follow_ups__done_at__isnull=True),
                              distinct=True)).order_by("-held_on", "-id")


def session_get_for_actor(actor, session_id) -> HelpSession:
    return _get(session_list(actor=actor), session_id)


def follow_ups(*, actor, session: HelpSession | None = None, open_only: bool = False,
               owner=None) -> QuerySet[FollowUp]:
    """Follow-ups in scope (or owned by the actor), soonest due first."""
    qs = followup_policy.instances_for(actor)
    if owner is not None:
        qs = FollowUp.objects.filter(owner=owner) if not is_system(actor) else qs.filter(
            owner=owner)
    if session is not None:
        qs = qs.filter(session=session)
    if open_only:
        qs = qs.filter(done_at__isnull=True)
    return qs.select_related("session", "member__resident", "member__unit", "owner").order_by(
        "due", "id")


def follow_up_get(*, actor, follow_up_id) -> FollowUp:
    pk = follow_up_id if str(follow_up_id).isdigit() else 0
    row = (follow_ups(actor=actor).filter(pk=pk).first()
           or follow_ups(actor=actor, owner=actor).filter(pk=pk).first())
    if row is None:
        raise NotFound()
    return row


def attendance_choices(session: HelpSession) -> list[tuple[AllianceMember, bool]]:
    present = set(session.attendees.values_list("pk", flat=True))
    members = AllianceMember.objects.filter(community_id=session.community_id, is_active=True
                                            ).select_related("resident", "unit").order_by("id")
    return [(m, m.pk in present) for m in members]


# -- demands -----------------------------------------------------------------------------------
def demand_list(*, actor, q: str = "", state: str = "", area_path: str = "",
                recruiting: bool = False) -> QuerySet[Demand]:
    """Demands of the actor's scope and of the units they recruit for, with how many were
    referred and hired. ``recruiting``: open and the deadline not passed (``is_open``)."""
    qs = demand_policy.instances_for(actor)
    units = recruiter_units(actor)
    if units:
        qs = qs | Demand.objects.filter(unit_id__in=units)
    qs = _within(qs, area_path)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(unit__name__icontains=q)
                       | Q(skills__icontains=q))
    if state:
        qs = qs.filter(state=state)
    if recruiting:
        qs = qs.filter(state=DemandState.OPEN, deadline__gte=timezone.localdate())
    return qs.select_related("unit").annotate(
        referred=Count("referrals", distinct=True),
        hired=Count("referrals", filter=Q(referrals__state="hired"), distinct=True),
    ).order_by("-id")


def demand_get_for_actor(actor, demand_id) -> Demand:
    return _get(demand_list(actor=actor), demand_id)


def is_open(demand: Demand) -> bool:
    return demand.state == DemandState.OPEN and demand.deadline >= timezone.localdate()


def post_of(demand: Demand) -> matching.Post:
    return matching.Post(skills=tuple(demand.skill_list), education=demand.education,
                         kind=demand.post_kind, work_type=demand.work_type,
                         pay_max=demand.pay_max, lat=demand.lat, lng=demand.lng)


def open_posts(district_path: str) -> list[Demand]:
    """Open demands of a district whose deadline has not passed (what residents are offered)."""
    return list(_within(Demand.objects.filter(state=DemandState.OPEN,
                                              deadline__gte=timezone.localdate()),
                        district_path).select_related("unit").order_by("-id")[:2000])


# -- the reserve -------------------------------------------------------------------------------
def profile_list(*, actor, q: str = "", consented: bool | None = None, education=None,
                 area_path: str = "") -> QuerySet[Profile]:
    """Reserve profiles in the actor's scope (withdrawn ones too, marked)."""
    qs = _within(profile_policy.instances_for(actor), area_path)
    if q:
        qs = qs.filter(Q(resident__name__icontains=q) | Q(skills__icontains=q))
    if consented is not None:
        qs = qs.filter(consented=consented)
    if education not in (None, ""):
        qs = qs.filter(education__gte=int(education))
    return qs.select_related("resident").annotate(
        referred=Count("referrals", distinct=True)).order_by("-id")


def profile_get_for_actor(actor, profile_id) -> Profile:
    own = my_profile(actor)
    if own is not None and str(own.pk) == str(profile_id):
        return own
    return _get(profile_list(actor=actor), profile_id)


def my_profile(actor) -> Profile | None:
    resident = resident_of(actor)
    if resident is None:
        return None
    return Profile.objects.select_related("resident").filter(resident=resident).first()


def _reserve(actor) -> QuerySet[Profile]:
    """The profiles matching may read: consenting, of residents still registered."""
    return profile_policy.instances_for(actor).filter(consented=True, resident__is_active=True)


def reserve_index(actor) -> matching.Index:
    """The actor's reserve as a matching index, rebuilt when a profile in scope changes,
    is added or withdrawn (its stamp: count and last change)."""
    qs = _reserve(actor)
    key = ("*",) if is_system(actor) else tuple(profile_policy.places(actor))
    stamp = tuple(qs.aggregate(n=Count("pk"), last=Max("updated_at")).values())
    return matching.cached(key, stamp, lambda: matching.Index.build(qs.values_list(*INDEX_ROW)))


def candidates_for(*, actor, demand: Demand, limit: int = 20) -> list[dict]:
    """The best reserve members in the actor's scope for a post, each with its profile
    and the score's parts (skills, education, distance, wishes)."""
    ranked = matching.candidates(reserve_index(actor), post_of(demand), limit=limit)
    profiles = Profile.objects.select_related("resident").in_bulk([r["id"] for r in ranked])
    referred = set(demand.referrals.values_list("profile_id", flat=True))
    return [{**r, "profile": profiles[r["id"]], "referred": r["id"] in referred}
            for r in ranked if r["id"] in profiles]


def profile_row(profile: Profile) -> tuple:
    return Profile.objects.filter(pk=profile.pk).values_list(*INDEX_ROW).get()


def require_consent(profile: Profile) -> None:
    """A profile without a standing consent is never matched nor referred."""
    if not profile.consented:
        raise Conflict(_("The resident has not consented to the talent reserve."),
                       code=TalentErrorCode.NO_CONSENT, field="consent")


def posts_for(*, profile: Profile, limit: int = 20) -> list[dict]:
    """The best open posts of the resident's district for a consenting profile, each with
    its demand and the score's parts. A profile without consent is refused."""
    require_consent(profile)
    offered = open_posts(profile.path.split(".")[0])
    ranked = matching.posts(profile_row(profile), [(d.pk, post_of(d)) for d in offered],
                            limit=limit)
    by_id = {d.pk: d for d in offered}
    return [{**r, "demand": by_id[r["id"]]} for r in ranked]


def score_of(demand: Demand, profile: Profile) -> dict:
    return matching.posts(profile_row(profile), [(demand.pk, post_of(demand))], limit=1)[0]


# -- referrals ---------------------------------------------------------------------------------
def referral_list(*, actor, state: str = "", demand: Demand | None = None,
                  profile: Profile | None = None) -> QuerySet[Referral]:
    """Referrals in the actor's scope, made to their units' posts, or of their own profile."""
    qs = referral_policy.instances_for(actor)
    units = recruiter_units(actor)
    if units:
        qs = qs | Referral.objects.filter(demand__unit_id__in=units)
    mine = resident_of(actor)
    if mine is not None:
        qs = qs | Referral.objects.filter(profile__resident=mine)
    if state:
        qs = qs.filter(state=state)
    if demand is not None:
        qs = qs.filter(demand=demand)
    if profile is not None:
        qs = qs.filter(profile=profile)
    return qs.select_related("demand__unit", "profile__resident").order_by("-id")


def referral_get_for_actor(actor, referral_id) -> Referral:
    return _get(referral_list(actor=actor), referral_id)


# -- training (courses: 就业培训) ----------------------------------------------------------------
def completed_training(resident) -> list[dict]:
    """Job-training courses the resident completed: every session of the course is over and
    they attended at least four in five of them."""
    from shequ.courses.models import Attendance, Course, CourseKind, EnrolmentState
    now = timezone.now()
    courses = (Course.objects.filter(kind=CourseKind.JOB_TRAINING, enrolments__resident=resident,
                                     enrolments__state=EnrolmentState.ENROLLED)
               .annotate(n=Count("sessions", distinct=True), last=Max("sessions__ends_at"))
               .filter(n__gt=0, last__lt=now))
    attended = dict(Attendance.objects.filter(
        resident=resident, session__course__in=courses).values("session__course").annotate(
        k=Count("id")).values_list("session__course", "k"))
    return [{"course": c, "finished": timezone.localdate(c.last), "attended": attended.get(c.pk, 0),
             "sessions": c.n} for c in courses if attended.get(c.pk, 0) * 5 >= c.n * 4]
