"""Bring the ledgers' supervision comments and monthly evaluations into the one supervision
mechanism (before ledgers drops its tables in its 0009)."""

from django.db import migrations

MEASURES = ("cases_handled", "on_time_rate", "satisfaction_rate", "reopen_rate", "visit_count")


def forward(apps, schema_editor):
    Old = apps.get_model("ledgers", "SupervisionComment")
    Comment = apps.get_model("supervision", "Comment")
    batch = []
    for c in Old.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append(Comment(
            author_id=c.author_id, community_id=c.community_id, path=c.path,
            on_date=c.on_date, kind="case" if c.case_id else "", object_id=c.case_id,
            worker_id=c.worker_id, text=c.text, created_at=c.created_at))
        if len(batch) >= 2000:
            Comment.objects.bulk_create(batch)
            batch = []
    Comment.objects.bulk_create(batch)
    Evaluation = apps.get_model("ledgers", "Evaluation")
    Score = apps.get_model("supervision", "Score")
    Score.objects.bulk_create([
        Score(month=e.month, kind="case", person_id=e.worker_id, community_id=e.community_id,
              path=e.path, measures={k: getattr(e, k) for k in MEASURES},
              computed_score=e.computed_score, adjustment=e.adjustment,
              adjustment_note=e.adjustment_note, adjusted_by_id=e.adjusted_by_id,
              criteria=e.criteria, computed_at=e.computed_at)
        for e in Evaluation.objects.order_by("pk").iterator(chunk_size=2000)], batch_size=2000)


def backward(apps, schema_editor):
    Comment = apps.get_model("supervision", "Comment")
    Old = apps.get_model("ledgers", "SupervisionComment")
    Old.objects.bulk_create([
        Old(author_id=c.author_id, community_id=c.community_id, path=c.path,
            on_date=c.on_date, case_id=c.object_id if c.kind == "case" else None,
            worker_id=c.worker_id, text=c.text, created_at=c.created_at)
        for c in Comment.objects.filter(kind__in=("", "case")).order_by("pk")])
    Score = apps.get_model("supervision", "Score")
    Evaluation = apps.get_model("ledgers", "Evaluation")
    Evaluation.objects.bulk_create([
        Evaluation(month=s.month, worker_id=s.person_id, community_id=s.community_id,
                   path=s.path, computed_score=s.computed_score, adjustment=s.adjustment,
                   adjustment_note=s.adjustment_note, adjusted_by_id=s.adjusted_by_id,
                   criteria=s.criteria, computed_at=s.computed_at,
                   **{k: s.measures.get(k) or 0 if k in ("cases_handled", "visit_count")
                      else s.measures.get(k) for k in MEASURES})
        for s in Score.objects.filter(kind="case").order_by("pk")])


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("ledgers", "0008_case_indexes_served_by_composites"),
    ]

    operations = [migrations.RunPython(forward, backward)]
