"""The command line: the same services and the same refusals, as ``code: message``."""

import json

import pytest
from django.core.management import CommandError, call_command

from shequ.evaluations.models import Assessment

from .conftest import answers_for, pair_of

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    from io import StringIO
    out = StringIO()
    call_command("evaluations", *args, stdout=out)
    return out.getvalue()


def test_a_paper_form_entered_twice_is_refused(resident, survey):
    answers = json.dumps({str(k): v for k, v in answers_for(survey, "").items()})
    assert "recorded" in run("respond", str(survey.pk), "--as", resident.username,
                             "--answers", answers)
    with pytest.raises(CommandError, match="already_responded"):
        run("respond", str(survey.pk), "--as", resident.username, "--answers", answers)


def test_after_closing_a_response_is_refused(resident, survey):
    run("close", str(survey.pk))
    answers = json.dumps({str(k): v for k, v in answers_for(survey, "").items()})
    with pytest.raises(CommandError, match="round_closed"):
        run("respond", str(survey.pk), "--as", resident.username, "--answers", answers)


def test_results_are_stored(staff, two_way, orgs):
    from shequ.evaluations import services
    services.response_submit(actor=staff, round=two_way, pair=pair_of(two_way, orgs["bank"]),
                             direction="units", answers=answers_for(two_way, "units"))
    out = run("results", str(two_way.pk), "--store")
    assert "mean 4.0" in out and Assessment.objects.filter(round=two_way).count() == 1
