"""Scoped reads of 干部联评: questionnaires, rounds, what an evaluator still has to answer,
response rates and the aggregated results. Every result is a GROUP BY in the database (one
query per table whatever the round's size), never a loop over responses."""

from __future__ import annotations

import builtins
from collections import defaultdict

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from shequ.core.errors import NotFound
from shequ.core.scoping import Scope
from shequ.registry.models import Resident
from shequ.registry.selectors import resident_of
from shequ.territory.models import Area

from .commitment_selectors import *  # noqa: F403
from .models import (
    Answer,
    Assessment,
    Ballot,
    Direction,
    QuestionKind,
    Questionnaire,
    Response,
    Round,
    RoundKind,
    RoundPair,
)
from .policies import (
    Action,
    assessment_policy,
    liaison_unit_ids,
    pair_policy,
    questionnaire_policy,
    round_policy,
)


def areas_for(actor, action: str, kinds=("district", "street", "community")) -> QuerySet[Area]:
    """Areas where ``actor`` holds ``action`` (a form's choices)."""
    return Area.objects.for_actor(actor, action).filter(kind__in=kinds).order_by("path")


def questionnaire_list(*, actor, q: str = "") -> QuerySet[Questionnaire]:
    qs = questionnaire_policy.instances_for(actor).select_related("area").annotate(
        question_count=Count("questions"))
    if q:
        qs = qs.filter(title__startswith=q[:100])
    return qs.order_by("-id")


def questionnaire_get_for_actor(actor, questionnaire_id) -> Questionnaire:
    row = questionnaire_policy.instances_for(actor).filter(pk=_int(questionnaire_id)).first()
    if row is None:
        raise NotFound()
    return row


def _staff_rounds(actor) -> Q:
    """Rounds staff see: those of their area, and the two-way rounds of a wider area with
    pairs in it (a district round, for a community's staff)."""
    return (Q(pk__in=round_policy.instances_for(actor).values("pk"))
            | Q(pk__in=pair_policy.instances_for(actor).values("round_id")))


def round_list(*, actor, kind: str = "", area_path: str = "",
               open_now: bool | None = None) -> QuerySet[Round]:
    """Rounds staff may see; ``open_now`` True: open for answers at this moment (what the
    dashboard counts), False: closed or not open yet."""
    qs = Round.objects.filter(_staff_rounds(actor)).select_related("area", "questionnaire")
    if kind:
        qs = qs.filter(kind=kind)
    if open_now is not None:
        now = timezone.now()
        window = Q(opens_at__lte=now, closes_at__gt=now)
        qs = qs.filter(window if open_now else ~window)
    if area_path:
        qs = qs.filter(Scope.of([area_path]).path_q())
    return qs.annotate(response_count=Count("responses")).order_by("-opens_at", "-id")


def round_get_for_actor(actor, round_id) -> Round:
    """A round staff may see, or one the actor is asked to answer; NotFound else."""
    rid = _int(round_id)
    row = Round.objects.select_related("area", "questionnaire", "leadership_questionnaire"
                                       ).filter(pk=rid).first()
    if row is None:
        raise NotFound()
    if _staff_sees(actor, row) or _asked(actor, row):
        return row
    raise NotFound()


def _staff_sees(actor, row: Round) -> bool:
    return round_policy.can(actor, Action.VIEW_EVALUATIONS, row) or (
        row.kind == RoundKind.TWO_WAY
        and pair_policy.instances_for(actor).filter(round=row).exists())


def round_results_get_for_actor(actor, round_id) -> Round:
    """A round whose results the actor may read: staff of its area, or of a community with
    pairs in it (an evaluator answers, but does not read the others' answers)."""
    row = round_get_for_actor(actor, round_id)
    if not _staff_sees(actor, row):
        raise NotFound()
    return row


def results_area(actor, round: Round) -> str:
    """The part of a round's results the actor reads: "" (all of it) for staff of its area,
    else the first of their areas inside it (a community's staff read their community)."""
    if round_policy.can(actor, Action.VIEW_EVALUATIONS, round):
        return ""
    inside = [p for p in round_policy.places(actor)
              if Scope.of([round.path]).covers_path(p)]
    return inside[0] if inside else "~"


def _asked(actor, row: Round) -> bool:
    if row.kind == RoundKind.SURVEY:
        resident = resident_of(actor)
        return (actor.can(Action.RESPOND) and resident is not None
                and Scope.of([row.path]).covers_path(resident.path))
    units = liaison_unit_ids(actor)
    return bool(units) and row.pairs.filter(unit_id__in=units).exists()


def pair_get(round: Round, pair_id) -> RoundPair:
    """A pair of a round the caller already may see (staff or its unit's liaison)."""
    row = round.pairs.select_related("community", "unit").filter(pk=_int(pair_id)).first()
    if row is None:
        raise NotFound(field="pair")
    return row


def pair_for_answer(actor, round: Round, pair_id, direction: str) -> RoundPair:
    """A pair the actor answers about in ``direction``: staff managing its community rate
    the unit, the unit's liaison rates the community. NotFound for anyone else."""
    pair = pair_get(round, pair_id)
    if direction == Direction.UNITS:
        pair_policy.require(actor, Action.MANAGE_EVALUATIONS, pair)
    elif direction != Direction.LEADERSHIP or pair.unit_id not in liaison_unit_ids(actor):
        raise NotFound()
    return pair


def pair_list(*, actor, round: Round) -> QuerySet[RoundPair]:
    """The pairs of a round in the actor's scope, each with whether the community has
    rated the unit (``rated``) and the unit the community (``answered``)."""
    ballots = Ballot.objects.filter(round=round)
    return (pair_policy.instances_for(actor).filter(round=round)
            .select_related("community", "unit")
            .annotate(rated=Exists(ballots.filter(
                          evaluator=_key("area", OuterRef("community_id")),
                          subject=_key("unit", OuterRef("unit_id")))),
                      answered=Exists(ballots.filter(
                          evaluator=_key("unit", OuterRef("unit_id")),
                          subject=_key("area", OuterRef("community_id")))))
            .order_by("path", "unit__name", "id"))


def _key(kind: str, ref):
    from django.db.models import CharField, Value
    from django.db.models.functions import Cast, Concat
    return Concat(Value(f"{kind}:"), Cast(ref, CharField()))


def my_rounds(actor) -> list[dict]:
    """What the actor is asked to answer now: open surveys of where they live and, for a
    liaison, each open two-way round's (unit, community) not yet answered."""
    now = timezone.now()
    out: list[dict] = []
    resident = resident_of(actor)
    open_rounds = Round.objects.filter(opens_at__lte=now, closes_at__gt=now)
    if resident is not None and actor.can(Action.RESPOND):
        paths = _ancestors(resident.path)
        surveys = open_rounds.filter(kind=RoundKind.SURVEY, path__in=paths).annotate(
            done=Exists(Ballot.objects.filter(round=OuterRef("pk"),
                                              evaluator=f"user:{actor.pk}")))
        out += [{"round": r, "pair": None, "done": r.done} for r in surveys.order_by("closes_at")]
    units = liaison_unit_ids(actor)
    if units:
        pairs = (RoundPair.objects.filter(round__in=open_rounds, unit_id__in=units)
                 .select_related("round", "community", "unit")
                 .annotate(done=Exists(Ballot.objects.filter(
                     round=OuterRef("round_id"), evaluator=_key("unit", OuterRef("unit_id")),
                     subject=_key("area", OuterRef("community_id")))))
                 .order_by("round__closes_at", "id"))
        out += [{"round": p.round, "pair": p, "done": p.done} for p in pairs]
    return out


def _ancestors(path: str) -> list[str]:
    parts = path.split(".")
    return [".".join(parts[:i + 1]) for i in range(len(parts))]


# -- results -------------------------------------------------------------------------------
def response_rates(round: Round, *, area_path: str = "") -> dict:
    """How many were asked and how many answered, per direction (and, for a two-way round,
    per community). A survey counts the residents with an account living in the area."""
    if round.kind == RoundKind.SURVEY:
        asked = Resident.objects.filter(Scope.of([round.path]).path_q(), is_active=True,
                                        user__isnull=False).count()
        answered = round.ballots.count()
        return {"asked": asked, "answered": answered, "rate": _rate(answered, asked),
                "communities": []}
    pairs = round.pairs.all()
    if area_path:
        pairs = pairs.filter(Scope.of([area_path]).path_q())
    by_dir = dict(Response.objects.filter(pair__in=pairs).values("direction")
                  .annotate(n=Count("id")).values_list("direction", "n"))
    rows = (pairs.values("community_id", "community__name").annotate(
        units=Count("id"),
        rated=Count("responses", filter=Q(responses__direction=Direction.UNITS)),
        answered=Count("responses", filter=Q(responses__direction=Direction.LEADERSHIP)))
        .order_by("path"))
    asked = pairs.count()
    return {"asked": asked, "rated": by_dir.get(Direction.UNITS, 0),
            "answered": by_dir.get(Direction.LEADERSHIP, 0),
            "rate": _rate(by_dir.get(Direction.UNITS, 0), asked),
            "back_rate": _rate(by_dir.get(Direction.LEADERSHIP, 0), asked),
            "communities": [{**r, "rate": _rate(r["rated"], r["units"]),
                             "back_rate": _rate(r["answered"], r["units"])} for r in rows]}


def _rate(n: int, of: int) -> float:
    return round(100 * n / of, 1) if of else 0.0


def question_results(round: Round, direction: str = "", *, unit_id=None,
                     area_path: str = "") -> list[dict]:
    """Per question of the direction's questionnaire: for a scale its mean and the count
    of each point, for a choice question the count of each option, for a text question
    20 answers: the latest, or in an anonymous round 20 in an order that tells nothing of
    when they were given. Two queries."""
    from .services.responses import questions_for
    direction = direction or (Direction.SURVEY if round.kind == RoundKind.SURVEY
                              else Direction.UNITS)
    questions = questions_for(round, direction)
    answers = Answer.objects.filter(response__round=round, response__direction=direction)
    if unit_id:
        answers = answers.filter(response__pair__unit_id=unit_id)
    if area_path:
        answers = answers.filter(Scope.of([area_path]).path_q("response__path"))
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for qid, value, n in (answers.filter(value__isnull=False).values("question_id", "value")
                          .annotate(n=Count("id")).values_list("question_id", "value", "n")):
        counts[qid][value] = n
    texts: dict[int, list[str]] = defaultdict(list)
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    if text_ids:
        # Newest first where the time is kept; an anonymous response keeps none, and its
        # random key gives no order to follow back to a ballot.
        for qid, text in answers.filter(question_id__in=text_ids).exclude(text="").order_by(
                F("response__submitted_at").desc(nulls_last=True), "id").values_list(
                "question_id", "text")[:20 * len(text_ids)]:
            if len(texts[qid]) < 20:
                texts[qid].append(text)
    out = []
    for q in questions:
        c = counts.get(q.pk, {})
        total = sum(c.values())
        row = {"question": q, "total": total, "texts": texts.get(q.pk, [])}
        if q.kind == QuestionKind.SCALE:
            row["mean"] = builtins.round(sum(v * n for v, n in c.items()) / total, 2) if total else None
            row["bars"] = [(str(v), c.get(v, 0), _rate(c.get(v, 0), total)) for v in range(1, 6)]
        elif q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            row["bars"] = [(o, c.get(i, 0), _rate(c.get(i, 0), total))
                           for i, o in enumerate(q.options)]
        out.append(row)
    return out


def unit_scores(round: Round, *, area_path: str = "") -> QuerySet:
    """Per pair (community, unit): the mean of the community's scale answers about the unit
    and of the unit's about the community — one GROUP BY."""
    pairs = round.pairs.all()
    if area_path:
        pairs = pairs.filter(Scope.of([area_path]).path_q())
    scale = Q(responses__answers__question__kind=QuestionKind.SCALE)
    return (pairs.values("pk", "community__name", "unit__name", "unit_id", "community_id")
            .annotate(unit_mean=Avg("responses__answers__value",
                                    filter=scale & Q(responses__direction=Direction.UNITS)),
                      leadership_mean=Avg("responses__answers__value", filter=scale & Q(
                          responses__direction=Direction.LEADERSHIP)))
            .order_by("path", "unit__name"))


def assessment_list(*, actor, round: Round | None = None, kind: str = "",
                    unit_id=None) -> QuerySet[Assessment]:
    qs = assessment_policy.instances_for(actor).select_related("round", "community", "unit")
    if round is not None:
        qs = qs.filter(round=round)
    if kind:
        qs = qs.filter(kind=kind)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("-round__closes_at", "kind", "-score", "id")


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise NotFound() from None
