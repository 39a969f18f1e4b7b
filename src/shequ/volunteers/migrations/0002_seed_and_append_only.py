"""The managed skill list and the points rates to start with. (The points ledger is made
append-only by migration 0003.)"""

from django.db import migrations

SKILLS = [
    ("elderly_care", "陪伴照护老人"), ("home_repair", "家电水电维修"), ("haircut", "义务理发"),
    ("legal_aid", "法律咨询"), ("health", "医疗保健"), ("counselling", "心理疏导"),
    ("tutoring", "学业辅导"), ("culture", "文艺演出"), ("cleaning", "环境清洁"),
    ("patrol", "治安巡逻"), ("it_help", "手机电脑帮助"), ("driving", "接送出行"),
]
RATES = [
    # code, name, points, unit, source kind
    ("service_hour", "志愿服务时长", 10, "hour", "service_record"),
    ("dual_report_hour", "双报到服务时长", 10, "hour", "dual_report_log"),
    ("civility_award", "文明评选获奖", 50, "time", "selection_result"),
]

def seed(apps, schema_editor):
    Skill = apps.get_model("volunteers", "Skill")
    PointsRate = apps.get_model("volunteers", "PointsRate")
    for code, name in SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"name": name})
    for code, name, points, unit, source_kind in RATES:
        PointsRate.objects.get_or_create(code=code, defaults={
            "name": name, "points": points, "unit": unit, "source_kind": source_kind})


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_initial")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
