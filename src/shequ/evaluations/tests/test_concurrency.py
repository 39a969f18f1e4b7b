"""Two submissions of one evaluator's response at the same moment record one response
(the ballot's unique constraint), and two ratings of one commitment by one person one
rating — the second is told, never a database error."""

from __future__ import annotations

import pytest

from shequ.core.errors import DomainError
from shequ.evaluations import services
from shequ.evaluations.models import Answer, Ballot, CommitmentRating, Response
from shequ.volunteers.tests.racing import race

from .conftest import answers_for, pair_of
from .test_commitments import publish

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_two_responses_at_once_record_one(staff, two_way, orgs):
    pair = pair_of(two_way, orgs["hospital"])
    answers = answers_for(two_way, "units")
    results = race(*[lambda: services.response_submit(
        actor=staff, round=two_way, pair=pair, direction="units", answers=answers)] * 2)
    assert sum(isinstance(r, Response) for r in results) == 1
    refused = [r for r in results if isinstance(r, DomainError)]
    assert [r.code for r in refused] == ["already_responded"]
    assert Ballot.objects.count() == Response.objects.count() == 1
    assert Answer.objects.filter(response__round=two_way).count() == len(
        [a for a in answers.values() for _ in (a if isinstance(a, list) else [a])])


def test_two_ratings_at_once_record_one(member, resident):
    c = publish(member)
    services.commitment_report(actor=member, commitment=c, report="完成")
    results = race(*[lambda: services.commitment_rate(actor=resident, commitment=c,
                                                      score=5)] * 2)
    assert sum(isinstance(r, CommitmentRating) for r in results) == 1
    assert [r.code for r in results if isinstance(r, DomainError)] == ["already_rated"]
