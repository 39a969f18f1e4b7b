"""Default categories of the three ledgers and the public-holiday calendar for 2025–2026
(State Council notices; make-up working days 调休 included). Administrators add later
years and adjust categories on the configuration page or with the services."""

from django.db import migrations

NOISE_TIME = {"code": "noise_time", "variable": True, "datatype": "singlevaluelist",
              "required": True, "datatype_description": "", "order": 1,
              "description": "噪音主要出现在什么时段？",
              "values": [{"key": "day", "name": "白天"}, {"key": "night", "name": "夜间（22:00–6:00）"}]}
FACILITY = {"code": "facility_type", "variable": True, "datatype": "singlevaluelist",
            "required": True, "datatype_description": "", "order": 1,
            "description": "哪类设施出了问题？",
            "values": [{"key": "streetlight", "name": "路灯"}, {"key": "manhole", "name": "井盖"},
                       {"key": "pavement", "name": "路面"}, {"key": "railing", "name": "护栏"},
                       {"key": "other", "name": "其他"}]}

# (code, ledger, name, working days, public, description, keywords, attributes)
CATEGORIES = [
    ("property_dispute", "livelihood", "物业纠纷", 5, True, "物业服务、收费、维修等纠纷", "物业,维修,收费", []),
    ("noise", "livelihood", "噪音扰民", 3, True, "施工、商铺、邻里等噪音", "噪音,扰民,施工", [NOISE_TIME]),
    ("road_facility", "livelihood", "道路设施", 5, True, "路灯、井盖、路面、护栏损坏", "路灯,井盖,路面", [FACILITY]),
    ("sanitation", "livelihood", "环境卫生", 3, True, "垃圾清运、卫生死角、乱堆乱放", "垃圾,卫生,清运", []),
    ("utilities", "livelihood", "水电气暖", 3, True, "停水停电、管道漏水、燃气问题", "停水,停电,燃气", []),
    ("social_assistance", "livelihood", "社会救助", 7, False, "低保、临时救助、困难帮扶", "低保,救助,帮扶", []),
    ("elderly_care", "livelihood", "养老服务", 5, False, "居家养老、助餐、探访", "养老,助餐,探访", []),
    ("neighbour_dispute", "appeal", "邻里纠纷", 5, False, "邻里之间的矛盾纠纷", "邻里,纠纷,调解", []),
    ("labour_dispute", "appeal", "劳资纠纷", 7, False, "欠薪、劳动合同等纠纷", "欠薪,工资,劳动", []),
    ("petition", "appeal", "信访事项", 15, False, "群众来信来访事项", "信访,来访", []),
    ("complaint", "appeal", "投诉建议", 5, True, "对社区工作和公共服务的投诉与建议", "投诉,建议", []),
    ("policy_inquiry", "appeal", "政策咨询", 3, True, "社保、医保、户籍等政策咨询", "咨询,政策", []),
    ("conflict_risk", "stability", "矛盾纠纷隐患", 3, False, "可能激化的矛盾纠纷", "矛盾,隐患", []),
    ("key_person_trend", "stability", "重点人员动态", 1, False, "重点人员的异常动态", "重点人员", []),
    ("safety_hazard", "stability", "安全隐患", 2, False, "消防、燃气、危房等安全隐患", "消防,危房,隐患", []),
    ("group_risk", "stability", "群体性事件苗头", 1, False, "可能引发群体性事件的苗头", "群体,苗头", []),
]

# (first day, last day, name) of holidays, and make-up working days.
HOLIDAYS = [
    ("2025-01-01", "2025-01-01", "元旦"), ("2025-01-28", "2025-02-04", "春节"),
    ("2025-04-04", "2025-04-06", "清明节"), ("2025-05-01", "2025-05-05", "劳动节"),
    ("2025-05-31", "2025-06-02", "端午节"), ("2025-10-01", "2025-10-08", "国庆节、中秋节"),
    ("2026-01-01", "2026-01-03", "元旦"), ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"), ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"), ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
]
MAKEUP_DAYS = [
    ("2025-01-26", "春节调休"), ("2025-02-08", "春节调休"), ("2025-04-27", "劳动节调休"),
    ("2025-09-28", "国庆节调休"), ("2025-10-11", "国庆节调休"),
    ("2026-01-04", "元旦调休"), ("2026-02-14", "春节调休"), ("2026-02-28", "春节调休"),
    ("2026-05-09", "劳动节调休"), ("2026-09-20", "国庆节调休"), ("2026-10-10", "国庆节调休"),
]


def forwards(apps, schema_editor):
    import datetime as dt

    Category = apps.get_model("ledgers", "Category")
    Holiday = apps.get_model("ledgers", "Holiday")
    for order, (code, ledger, name, days, public, desc, kw, attrs) in enumerate(CATEGORIES, 1):
        Category.objects.get_or_create(code=code, defaults={
            "ledger": ledger, "name": name, "deadline_working_days": days, "public": public,
            "description": desc, "keywords": kw, "attributes": attrs, "order": order})
    for first, last, name in HOLIDAYS:
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        while day <= end:
            Holiday.objects.get_or_create(date=day, defaults={"is_workday": False, "name": name})
            day += dt.timedelta(days=1)
    for date, name in MAKEUP_DAYS:
        Holiday.objects.get_or_create(date=dt.date.fromisoformat(date),
                                      defaults={"is_workday": True, "name": name})


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0001_initial")]
    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
