"""Responses and answers get random UUID keys instead of a sequence: with sequential ids the
n-th ballot of an anonymous round (who answered, in order) pointed at the n-th response and
its answers. A primary key cannot change type in place on both databases, so the old tables
are renamed aside, the new ones created, the rows copied under fresh random keys (in random
order) and the old tables dropped. Reversed, the rows are copied back under new integer ids."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

import shequ.core.fields


def _copy(apps, source: str, target: str, key) -> None:
    """Copy responses and their answers from the ``source`` pair of models to ``target``,
    each under the key ``key()`` gives, in random order."""
    old_r, old_a = apps.get_model("evaluations", f"{source}Response"), apps.get_model(
        "evaluations", f"{source}Answer")
    new_r, new_a = apps.get_model("evaluations", f"{target}Response"), apps.get_model(
        "evaluations", f"{target}Answer")
    rows = []
    for r in old_r.objects.order_by("?").iterator():
        row = new_r(round_id=r.round_id, direction=r.direction, pair_id=r.pair_id,
                    evaluator=r.evaluator, submitted_at=r.submitted_at, path=r.path)
        if key is not None:
            row.pk = key()
        rows.append((r.pk, row))
    created = new_r.objects.bulk_create([row for _old, row in rows], batch_size=1000)
    if any(row.pk is None for row in created):  # a backend that does not return ids
        raise RuntimeError("the database did not return the new response ids")
    ids = {old: row.pk for old, row in rows}
    answers = []
    for a in old_a.objects.order_by("?").iterator():
        row = new_a(response_id=ids[a.response_id], question_id=a.question_id, value=a.value,
                    text=a.text)
        if key is not None:
            row.pk = key()
        answers.append(row)
    new_a.objects.bulk_create(answers, batch_size=2000)


def forward(apps, schema_editor):
    _copy(apps, "Old", "", uuid.uuid4)


def backward(apps, schema_editor):
    _copy(apps, "", "Old", None)


def _aside(model: str, name: str, field) -> migrations.AlterField:
    """The old tables' relations lose their reverse names, which the new models take."""
    return migrations.AlterField(model_name=model, name=name, field=field)


def _random_key() -> models.UUIDField:
    return models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True,
                            serialize=False)


def _options(verbose_name: str, index: list[str], index_name: str) -> dict:
    return {"verbose_name": verbose_name,
            "indexes": [models.Index(fields=index, name=index_name)]}


class Migration(migrations.Migration):

    dependencies = [
        ("evaluations", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="answer", name="evaluation_answer_q"),
        migrations.RemoveIndex(model_name="response", name="evaluation_resp_dir"),
        migrations.RenameModel("Answer", "OldAnswer"),
        migrations.RenameModel("Response", "OldResponse"),
        _aside("oldresponse", "round", models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE, related_name="+",
            to="evaluations.round")),
        _aside("oldresponse", "pair", models.ForeignKey(
            blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
            related_name="+", to="evaluations.roundpair")),
        _aside("oldanswer", "question", models.ForeignKey(
            on_delete=django.db.models.deletion.PROTECT, related_name="+",
            to="evaluations.question")),
        _aside("oldanswer", "response", models.ForeignKey(
            on_delete=django.db.models.deletion.CASCADE, related_name="+",
            to="evaluations.oldresponse")),
        migrations.CreateModel(
            name="Response",
            fields=[
                ("id", _random_key()),
                ("direction", models.CharField(choices=[
                    ("survey", "Resident survey"), ("units", "Community rates unit"),
                    ("leadership", "Unit rates community")], max_length=10)),
                ("evaluator", models.CharField(blank=True, max_length=24)),
                ("submitted_at", models.DateTimeField(blank=True, null=True)),
                ("path", shequ.core.fields.OrderedKeyField(db_index=True, max_length=64)),
                ("pair", models.ForeignKey(
                    blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                    related_name="responses", to="evaluations.roundpair")),
                ("round", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="responses",
                    to="evaluations.round")),
            ],
            options=_options("response", ["round", "direction"], "evaluation_resp_dir"),
        ),
        migrations.CreateModel(
            name="Answer",
            fields=[
                ("id", _random_key()),
                ("value", models.SmallIntegerField(blank=True, null=True)),
                ("text", models.CharField(blank=True, max_length=500)),
                ("question", models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT, related_name="answers",
                    to="evaluations.question")),
                ("response", models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE, related_name="answers",
                    to="evaluations.response")),
            ],
            options=_options("answer", ["question", "value"], "evaluation_answer_q"),
        ),
        migrations.RunPython(forward, backward),
        migrations.DeleteModel("OldAnswer"),
        migrations.DeleteModel("OldResponse"),
    ]
