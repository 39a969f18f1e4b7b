"""The survey engine: a questionnaire (ordered questions), a round that puts it to a set of
evaluators between an opening and a closing time, the responses and their answers, and the
assessments a two-way round leaves per unit, per community leadership and per cadre.

Who may answer once is held by the database, not by a check before the insert: every
response writes a :class:`Ballot` ("has responded") keyed on (round, evaluator, subject),
unique. In an anonymous round the response itself carries no evaluator and no time, so the
ballot says *that* someone answered and the answers cannot be traced back to them. Nor can
they be by order: responses and answers are keyed by random UUIDs, not by a sequence, so the
n-th ballot (or the n-th ``respond`` audit row) does not point at the n-th response, and lists
of answers are ordered by time only where a time is kept (never in an anonymous round).

Evaluator and subject are keys (``user:12``, ``area:3``, ``unit:7``) because the evaluator
of a two-way round is a body — the community rates each unit once, whoever of its staff
fills the form; a unit rates its community once, whichever liaison answers."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.fields import OrderedKeyField
from shequ.core.scoping import ScopedQuerySet
from shequ.organizations.models import Unit
from shequ.territory.models import Area


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale 1–5")
    TEXT = "text", _("Text")


class Questionnaire(models.Model):
    """A reusable set of ordered questions, owned by an area (its staff edit it)."""

    title = models.CharField(_("title"), max_length=100)
    description = models.CharField(_("description"), max_length=500, blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-id"]
        verbose_name = _("questionnaire")

    def __str__(self):
        return self.title


class Question(models.Model):
    """One question; ``options`` are the choices of a single or multiple choice question.
    ``subject`` names the cadre a question rates (书记 张三): the cadre's assessment is
    the mean of the scale questions naming them."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE,
                                      related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=200)
    options = models.JSONField(_("options"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=True)
    subject = models.CharField(_("cadre rated"), max_length=40, blank=True)

    class Meta:
        ordering = ["questionnaire_id", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "position"],
                                               name="evaluation_question_position_once")]
        verbose_name = _("question")

    def __str__(self):
        return self.text


class RoundKind(models.TextChoices):
    SURVEY = "survey", _("Resident survey")            # 民意调查
    TWO_WAY = "two_way", _("Two-way evaluation")       # 双向评议


class Direction(models.TextChoices):
    SURVEY = "survey", _("Resident survey")
    UNITS = "units", _("Community rates unit")         # 社区评单位党组织
    LEADERSHIP = "leadership", _("Unit rates community")  # 单位评社区班子


class Round(models.Model):
    """A questionnaire put to evaluators from ``opens_at`` to ``closes_at``. A survey goes
    to the residents of ``area``; a two-way round to the (community, unit) pairs of the
    大党委s under ``area``, fixed when it is created (:class:`RoundPair`): the community
    answers ``questionnaire`` about each unit, each unit ``leadership_questionnaire`` about
    its community. ``period_start``–``period_end`` is the period rated (the evidence)."""

    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("type"), max_length=10, choices=RoundKind.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="rounds")
    leadership_questionnaire = models.ForeignKey(
        Questionnaire, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    results_at = models.DateTimeField(_("results computed"), null=True, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")),
                                   name="evaluation_round_closes_after_opening"),
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="evaluation_round_period_order"),
        ]
        verbose_name = _("evaluation round")

    def __str__(self):
        return self.title

    def is_open(self, now) -> bool:
        return self.opens_at <= now < self.closes_at


class RoundPair(models.Model):
    """A unit on a community's 大党委 when a two-way round was created: the community rates
    the unit, the unit rates the community. ``path`` is the community's."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pairs")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["round_id", "path", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["round", "community", "unit"],
                                               name="evaluation_pair_once")]
        verbose_name = _("evaluated pair")

    def __str__(self):
        return f"{self.community_id}↔{self.unit_id}"


class Ballot(models.Model):
    """That ``evaluator`` answered ``round`` about ``subject`` ("" in a survey): the row whose
    uniqueness refuses a second response, also under concurrent submissions."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    evaluator = models.CharField(max_length=24)
    subject = models.CharField(max_length=24, blank=True, default="")
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "evaluator", "subject"],
                                               name="evaluation_one_response")]
        verbose_name = _("ballot")

    def __str__(self):
        return f"{self.evaluator}@{self.round_id}"


class Response(models.Model):
    """One filled questionnaire. Anonymous: no ``evaluator``, no time, and a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    pair = models.ForeignKey(RoundPair, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="responses")
    evaluator = models.CharField(max_length=24, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        indexes = [models.Index(fields=["round", "direction"], name="evaluation_resp_dir")]
        verbose_name = _("response")

    def __str__(self):
        return f"{self.round_id}#{self.pk}"


class Answer(models.Model):
    """One answer: ``value`` is the scale point or the chosen option's index (a multiple
    choice writes one row per option chosen), ``text`` a free answer. One row per fact keeps
    every result a GROUP BY. A random key too: a sequence would number the answers in the
    order they were given, and so their responses."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "value"], name="evaluation_answer_q")]
        verbose_name = _("answer")

    def __str__(self):
        return f"{self.question_id}={self.value if self.value is not None else self.text}"


class AssessmentKind(models.TextChoices):
    UNIT = "unit", _("Unit party organisation")
    LEADERSHIP = "leadership", _("Community leadership")
    CADRE = "cadre", _("Cadre")


class Assessment(models.Model):
    """The result a two-way round leaves on a record: a unit's party organisation, a
    community's leadership, or a cadre named by the questions — the mean of the scale
    answers as a score out of 100 and how many responses it rests on."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assessments")
    kind = models.CharField(_("type"), max_length=10, choices=AssessmentKind.choices)
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    cadre = models.CharField(_("cadre"), max_length=40, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1)
    responses = models.PositiveIntegerField(_("responses"))
    path = OrderedKeyField(max_length=64, db_index=True)

    objects = ScopedQuerySet.as_manager()
    scope_path_field = "path"

    class Meta:
        ordering = ["round_id", "kind", "-score", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "unit"],
                                               condition=Q(unit__isnull=False),
                                               name="evaluation_assessment_unit_once")]
        verbose_name = _("assessment")

    def __str__(self):
        return f"{self.get_kind_display()} {self.score}"
