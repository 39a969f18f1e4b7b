"""Demo notices: a few notices from the district, the street and the community to the demo
logins (one read, the rest waiting), one scheduled for tomorrow, and unread notifications,
so the badge, the receipts and the not-read list have something to show."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from shequ.accounts.models import Grant
from shequ.notices import selectors, services

NOTICES = [
    ("district_admin", None, "关于开展冬季安全生产大检查的通知",
     "各街道、社区：\n请于本月底前完成辖区内“九小场所”、老旧小区燃气和电动自行车充电的安全检查，"
     "发现隐患及时登记上报。"),
    ("community_staff", ["party_member", "grid_worker", "supervisor"], "本月主题党日活动安排",
     "本月主题党日定于周六上午 9:00 在党群服务中心开展，内容为集中学习和志愿服务，请准时参加。"),
]


def load() -> int:
    """Send the demo notices as the demo staff logins; returns how many were written."""
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=["district_admin", "street_admin", "community_staff", "grid_worker"])}
    if "community_staff" not in users:
        return 0
    written = 0
    for sender, roles, title, body in NOTICES:
        user = users.get(sender)
        grant = Grant.objects.filter(user=user).select_related("area").first() if user else None
        if grant is None:
            continue
        services.notice_create(actor=user, area=grant.area, roles=roles or (), title=title,
                               body=body, expires_at=timezone.now() + dt.timedelta(days=30))
        written += 1
    street = users.get("street_admin")
    grant = Grant.objects.filter(user=street).select_related("area").first() if street else None
    if grant is not None:
        services.notice_create(
            actor=street, area=grant.area, title="关于报送年度工作总结的通知",
            body="请各社区于下周五前报送年度工作总结。",
            publish_at=timezone.now() + dt.timedelta(days=1))
        written += 1
    worker = users.get("grid_worker")
    if worker is not None:  # the grid worker has read the district's notice
        receipt = selectors.my_notice_list(actor=worker).order_by("id").first()
        if receipt is not None:
            services.notice_read(actor=worker, notice=receipt.notice)
    services.notify(recipients=[users["community_staff"]], kind="dual_registration",
                    title="有双报到服务记录待审核", link="/members/")
    return written
