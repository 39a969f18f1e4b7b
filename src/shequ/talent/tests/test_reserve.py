"""The talent reserve: consent (given, recorded on a resident's behalf, withdrawn),
demands and their refusals, matching with an explained score, referrals to an outcome."""

import pytest
from django.utils import timezone

from shequ.core.actors import SYSTEM
from shequ.core.errors import Conflict, DomainError, NotFound
from shequ.core.models import AuditEvent
from shequ.talent import selectors, services
from shequ.talent.errors import TalentErrorCode
from shequ.talent.models import Profile, Referral

from .conftest import post_fields, profile_fields

pytestmark = pytest.mark.django_db


def test_resident_keeps_own_profile_only_with_consent(alice):
    # given a resident without a profile
    # when they save one without ticking consent
    with pytest.raises(Conflict) as refused:
        services.profile_save(actor=alice.user, resident=alice, **profile_fields())
    # then nothing is written and the code says why
    assert refused.value.code == TalentErrorCode.NO_CONSENT
    assert not Profile.objects.exists()
    # when they consent
    p = services.profile_save(actor=alice.user, resident=alice, consent=True, **profile_fields())
    # then the consent is recorded with its time and the skills are normalised
    assert p.consented and p.consent_at and p.consent_by == alice.user
    assert p.skills == "电工,驾驶"
    assert AuditEvent.objects.filter(action="consent_give", entity_id=str(p.pk)).exists()


def test_staff_need_a_record_of_how_consent_was_given(bob, staff):
    with pytest.raises(DomainError) as refused:
        services.profile_save(actor=staff, resident=bob, consent=True, **profile_fields())
    assert refused.value.field == "consent_note"
    with pytest.raises(Conflict):
        services.profile_save(actor=staff, resident=bob, consent_note="口头", **profile_fields())
    p = services.profile_save(actor=staff, resident=bob, consent=True,
                              consent_note="签字同意书", **profile_fields())
    assert p.consent_note == "签字同意书" and p.consent_by == staff


def test_staff_of_another_community_cannot_keep_a_profile(bob):
    from shequ.testing import factories
    other = factories.Tree()
    outsider = factories.user("community_staff", other.community)
    with pytest.raises(NotFound):
        services.profile_save(actor=outsider, resident=bob, consent=True, consent_note="x",
                              **profile_fields())


def test_withdrawal_hides_the_profile_from_matching_at_once(located, demand, alice_profile,
                                                            staff):
    # given alice is the best candidate
    assert [c["id"] for c in selectors.candidates_for(actor=staff, demand=demand)] == [
        alice_profile.pk]
    # when she withdraws
    services.consent_withdraw(actor=alice_profile.resident.user, profile=alice_profile,
                              reason="找到工作了")
    # then the same staff's next match no longer finds her, and she cannot be referred
    assert selectors.candidates_for(actor=staff, demand=demand) == []
    with pytest.raises(Conflict) as refused:
        services.refer(actor=staff, demand=demand, profile=alice_profile)
    assert refused.value.code == TalentErrorCode.NO_CONSENT
    with pytest.raises(Conflict):
        selectors.posts_for(profile=alice_profile)
    assert AuditEvent.objects.filter(action="consent_withdraw").count() == 1
    # and editing the profile needs consent again
    with pytest.raises(Conflict):
        services.profile_save(actor=staff, resident=alice_profile.resident, **profile_fields())


def test_score_is_explained_part_by_part(located, demand, alice_profile, bob_profile, staff):
    best = selectors.candidates_for(actor=staff, demand=demand)
    assert [c["id"] for c in best] == [alice_profile.pk, bob_profile.pk]
    alice = best[0]
    # all skills, education met, same building (0 km), every wish met
    assert alice["parts"] == {"skills": 40.0, "education": 20.0, "distance": 20.0,
                              "wishes": 20.0}
    assert alice["score"] == 100 and alice["km"] == 0.0
    bob = best[1]
    assert bob["parts"]["skills"] == 0.0 and bob["parts"]["education"] == 20.0
    assert bob["km"] == pytest.approx(1.1, abs=0.05)
    # bob wishes technical posts at ≥3500 within 10 km: all four quarters met
    assert bob["parts"]["wishes"] == 20.0


def test_unknown_places_score_half_the_distance(demand, alice_profile, staff):
    # no building has coordinates in this tree
    (row,) = selectors.candidates_for(actor=staff, demand=demand)
    assert row["km"] is None and row["parts"]["distance"] == 10.0


def test_posts_for_a_person_are_ranked_with_parts(located, unit, demand, alice_profile):
    services.demand_create(actor=SYSTEM, unit=unit,
                           **post_fields(title="会计", post_kind="finance", skills="会计",
                                         education=5))
    posts = selectors.posts_for(profile=alice_profile)
    assert [p["demand"].title for p in posts] == ["电工", "会计"]
    assert posts[0]["score"] > posts[1]["score"]


def test_demand_refusals(unit, recruiter):
    with pytest.raises(DomainError) as band:
        services.demand_create(actor=recruiter, unit=unit, **post_fields(pay_min=7000))
    assert band.value.code == TalentErrorCode.PAY_BAND
    with pytest.raises(DomainError) as late:
        services.demand_create(actor=recruiter, unit=unit, **post_fields(
            deadline=timezone.localdate().replace(year=2020)))
    assert late.value.code == TalentErrorCode.DEADLINE_PASSED
    with pytest.raises(DomainError) as half:
        services.demand_create(actor=recruiter, unit=unit, **post_fields(lng=None))
    assert half.value.field == "lng"


def test_skills_are_normalised(unit):
    d = services.demand_create(actor=SYSTEM, unit=unit,
                               **post_fields(skills="電工、 Excel ;开车,excel"))
    assert d.skill_list == ["excel", "电工", "驾驶"]


def test_a_liaison_who_is_not_the_recruiter_cannot_post(tree, unit):
    from shequ.testing import factories
    liaison = factories.user("unit_liaison", tree.community)
    with pytest.raises(NotFound):
        services.demand_create(actor=liaison, unit=unit, **post_fields())


def test_referral_to_a_closed_post_is_refused(demand, alice_profile, staff, recruiter):
    services.demand_close(actor=recruiter, demand=demand)
    with pytest.raises(Conflict) as refused:
        services.refer(actor=staff, demand=demand, profile=alice_profile)
    assert refused.value.code == TalentErrorCode.DEMAND_CLOSED
    assert not Referral.objects.exists()


def test_referral_runs_to_an_outcome(demand, alice_profile, staff, recruiter):
    r = services.refer(actor=staff, demand=demand, profile=alice_profile, kind="internship")
    with pytest.raises(Conflict):
        services.refer(actor=staff, demand=demand, profile=alice_profile)
    with pytest.raises(Conflict) as skip:
        services.referral_advance(actor=recruiter, referral=r, state="hired")
    assert skip.value.code == TalentErrorCode.INVALID_TRANSITION
    services.referral_advance(actor=recruiter, referral=r, state="interviewed")
    services.referral_advance(actor=recruiter, referral=r, state="hired", note="下周一入职")
    r.refresh_from_db()
    assert r.state == "hired" and r.outcome_note == "下周一入职" and r.score > 0
    with pytest.raises(Conflict):
        services.referral_advance(actor=recruiter, referral=r, state="declined")
    # the resident was told
    from shequ.notices.models import Notification
    assert Notification.objects.filter(user=alice_profile.resident.user).exists()


def test_a_stale_step_is_told_not_overwritten(demand, alice_profile, staff, recruiter):
    r = services.refer(actor=staff, demand=demand, profile=alice_profile)
    stale = Referral.objects.get(pk=r.pk)
    services.referral_advance(actor=recruiter, referral=r, state="declined")
    with pytest.raises(Conflict):
        services.referral_advance(actor=staff, referral=stale, state="interviewed")
    assert Referral.objects.get(pk=r.pk).state == "declined"


def test_a_stale_copy_of_a_withdrawn_profile_cannot_be_referred(demand, alice_profile, staff):
    # given a page loaded the profile while consent stood
    stale = Profile.objects.get(pk=alice_profile.pk)
    # when the resident withdraws before staff press "refer"
    services.consent_withdraw(actor=alice_profile.resident.user, profile=alice_profile)
    # then the referral is refused: the service reads the row, not the page's copy
    with pytest.raises(Conflict) as refused:
        services.refer(actor=staff, demand=demand, profile=stale)
    assert refused.value.code == TalentErrorCode.NO_CONSENT
    assert not Referral.objects.exists()
