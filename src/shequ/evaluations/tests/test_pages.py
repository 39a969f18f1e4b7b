"""The pages: staff build a questionnaire and a round, rate a unit with its record beside
the form, read results; a resident answers a survey once; a liaison rates the community; a
party member keeps a commitment; every refusal is a clear message on the page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.evaluations import services
from shequ.evaluations.models import Ballot, Questionnaire, Round
from shequ.testing import factories

from .conftest import answers_for, pair_of

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def form_data(answers):
    data = {}
    for qid, value in answers.items():
        data[f"q{qid}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def test_staff_write_a_questionnaire_from_lines(client, staff, tree):
    r = login(client, staff).post(reverse("evaluations:questionnaire-new"), {
        "area": tree.community.pk, "title": "单位测评", "anonymous": "on",
        "questions": "scale: 服务群众\nsingle: 参会情况 | 每次 | 偶尔\nscale@王书记: 对书记评价\n"
                     "text?: 建议"})
    assert r.status_code == 302, r.content.decode()[:2000]
    qn = Questionnaire.objects.get(title="单位测评")
    assert [(q.kind, q.required, q.subject) for q in qn.questions.all()] == [
        ("scale", True, ""), ("single", True, ""), ("scale", True, "王书记"),
        ("text", False, "")]


def test_a_line_of_unknown_type_is_shown_on_the_form(client, staff, tree):
    r = login(client, staff).post(reverse("evaluations:questionnaire-new"), {
        "area": tree.community.pk, "title": "坏", "questions": "scale: 好\nrate: 不认识"})
    assert r.status_code == 400
    assert "第 2 行" in r.content.decode() or "Line 2" in r.content.decode()


def test_staff_create_a_two_way_round(client, staff, tree, orgs, unit_questionnaire,
                                      leadership_questionnaire):
    now = timezone.localtime()
    r = login(client, staff).post(reverse("evaluations:round-new"), {
        "kind": "two_way", "area": tree.community.pk, "title": "双向评议",
        "questionnaire": unit_questionnaire.pk,
        "leadership_questionnaire": leadership_questionnaire.pk,
        "opens_at": f"{now:%Y-%m-%dT%H:%M}",
        "closes_at": f"{now + dt.timedelta(days=5):%Y-%m-%dT%H:%M}",
        "period_start": "2026-01-01", "period_end": "2026-06-30"})
    assert r.status_code == 302
    assert Round.objects.get(title="双向评议").pairs.count() == 2


def test_rating_a_unit_shows_its_record_and_refuses_a_second_time(client, staff, two_way,
                                                                  orgs):
    pair = pair_of(two_way, orgs["hospital"])
    url = reverse("evaluations:rate-unit", args=[two_way.pk, pair.pk])
    page = login(client, staff).get(url)
    assert page.status_code == 200
    assert 'data-testid="evidence"' in page.content.decode()
    data = form_data(answers_for(two_way, "units"))
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 400
    assert "已" in again.content.decode() or "already" in again.content.decode()
    detail = client.get(reverse("evaluations:round-detail", args=[two_way.pk]))
    assert detail.status_code == 200 and 'data-testid="pairs"' in detail.content.decode()


def test_a_resident_answers_the_survey_from_the_portal(client, resident, survey):
    login(client, resident)
    mine = client.get(reverse("evaluations:my-rounds"))
    assert f'data-round="{survey.pk}"' in mine.content.decode()
    url = reverse("evaluations:respond", args=[survey.pk])
    assert client.post(url, form_data(answers_for(survey, ""))).status_code == 302
    assert Ballot.objects.filter(round=survey).count() == 1
    # results are the staff's
    assert client.get(reverse("evaluations:round-detail", args=[survey.pk])).status_code == 404


def test_a_closed_survey_page_says_so(client, staff, resident, survey):
    services.round_close(actor=staff, round=survey)
    page = login(client, resident).get(reverse("evaluations:respond", args=[survey.pk]))
    assert 'data-testid="closed"' in page.content.decode()
    r = client.post(reverse("evaluations:respond", args=[survey.pk]),
                    form_data(answers_for(survey, "")))
    assert r.status_code == 400 and not Ballot.objects.exists()


def test_a_liaison_answers_for_their_unit_only(client, liaison, two_way, orgs, tree):
    pair = pair_of(two_way, orgs["bank"])
    url = reverse("evaluations:respond-pair", args=[two_way.pk, pair.pk])
    assert login(client, liaison).post(
        url, form_data(answers_for(two_way, "leadership"))).status_code == 302
    # rating the unit is the community's
    assert client.get(reverse("evaluations:rate-unit",
                              args=[two_way.pk, pair.pk])).status_code == 404
    stranger = factories.user("unit_liaison", tree.community)
    assert login(client, stranger).get(url).status_code == 404


def test_the_commitment_pages(client, member, resident, staff):
    login(client, member)
    today = timezone.localdate()
    r = client.post(reverse("evaluations:commitment-new"), {
        "title": "结对帮扶困难户", "period_start": f"{today - dt.timedelta(days=5)}",
        "period_end": f"{today + dt.timedelta(days=5)}"})
    assert r.status_code == 302
    detail = r["Location"]
    cid = int(detail.rstrip("/").rsplit("/", 1)[-1])
    r = client.post(reverse("evaluations:commitment-action", args=[cid]),
                    {"note": "送米面油", "done_on": f"{today}", "progress": "120"})
    assert "100" in " ".join(m.message for m in r.wsgi_request._messages)
    client.post(reverse("evaluations:commitment-report", args=[cid]), {"report": "已完成帮扶"})
    assert 'data-testid="report"' in client.get(detail).content.decode()
    login(client, resident)
    assert f'data-commitment="{cid}"' in client.get(
        reverse("evaluations:rate-commitments")).content.decode()
    client.post(reverse("evaluations:commitment-rate", args=[cid]), {"score": "5"})
    assert "5.0" in client.get(detail).content.decode()
    login(client, staff)
    assert client.get(reverse("evaluations:commitment-list")).status_code == 200
    progress = client.get(reverse("evaluations:commitment-progress") + "?by=unit")
    assert "医院" in progress.content.decode()


def test_community_staff_rate_their_units_in_a_district_round(client, staff, tree, orgs,
                                                              unit_questionnaire,
                                                              leadership_questionnaire):
    """A district's round is the community's to answer: its staff see it, the pairs of
    their community and the link to rate each unit; the district closes it."""
    admin = factories.user("district_admin", tree.district)
    opens, closes = timezone.now() - dt.timedelta(hours=1), timezone.now() + dt.timedelta(days=3)
    r = services.round_create(actor=admin, kind="two_way", area=tree.district, title="全区评议",
                              questionnaire=unit_questionnaire,
                              leadership_questionnaire=leadership_questionnaire,
                              opens_at=opens, closes_at=closes,
                              period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30))
    login(client, staff)
    assert "全区评议" in client.get(reverse("evaluations:round-list")).content.decode()
    page = client.get(reverse("evaluations:round-detail", args=[r.pk])).content.decode()
    pair = pair_of(r, orgs["hospital"])
    assert reverse("evaluations:rate-unit", args=[r.pk, pair.pk]) in page
    assert 'data-testid="close"' not in page
