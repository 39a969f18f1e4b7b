"""shequ resources: the sharing platform's members (平台成员) from a script, through the same
services as the platform-members page and the API.

  shequ resources members [--community CODE]
  shequ resources join UNIT --community CODE [--contact NAME] [--contact-phone PHONE]
                       [--quota HOURS] [--delegates "USER USER…"]
  shequ resources quota MEMBER HOURS|none
  shequ resources delegates MEMBER [USER …]      (the whole set; none: nobody)

UNIT is a unit's credit code or id; MEMBER the id ``members`` shows. Every subcommand takes
--actor USERNAME (default: the system); a refusal exits non-zero with ``code: message``.
"""

from __future__ import annotations

from shequ.core.errors import NotFound
from shequ.core.management.actors import SubcommandsAsActor
from shequ.organizations.management.cli import area_by_code
from shequ.resources import selectors, services


class Command(SubcommandsAsActor):
    help = "List the units on the resource-sharing platforms, add one, set quotas and delegates."

    def add_arguments(self, parser):
        command = self.subcommands(parser)
        p = command("members", help="the units on the platforms in your scope")
        p.add_argument("--community", help="only this community's (its code)")
        p = command("join", help="a unit joins a community's sharing platform")
        p.add_argument("unit", help="credit code or id")
        p.add_argument("--community", required=True, help="the community's code")
        p.add_argument("--contact", default="", help="the contact person's name")
        p.add_argument("--contact-phone", default="", help="kept encrypted, listed masked")
        p.add_argument("--quota", help="hours per month (default: no cap)")
        p.add_argument("--delegates", default="", help="user names, separated by spaces")
        p = command("quota", help="set a member's monthly quota of booked hours")
        p.add_argument("member", type=int)
        p.add_argument("hours", help='whole hours, or "none" for no cap')
        p = command("delegates", help="set the accounts that book and answer for the unit")
        p.add_argument("member", type=int)
        p.add_argument("usernames", nargs="*")

    def _show(self, m) -> None:
        quota = "-" if m.monthly_quota_hours is None else m.monthly_quota_hours
        names = " ".join(sorted(u.username for u in m.delegates.all()))
        self.stdout.write(f"{m.pk}\t{m.unit.credit_code}\t{m.unit.name}\t{m.community.code}\t"
                          f"{quota}\t{names}")

    def do_members(self, actor, opts):
        qs = selectors.member_list(actor=actor)
        if opts["community"]:
            qs = qs.filter(community=area_by_code(actor, opts["community"]))
        rows = list(qs)
        for m in rows:
            self._show(m)
        self.stdout.write(f"{len(rows)} member(s)")

    def do_join(self, actor, opts):
        ref = opts["unit"].strip()
        units = selectors.member_units(actor)
        unit = (units.filter(pk=int(ref)) if ref.isdigit()
                else units.filter(credit_code=ref.upper())).first()
        if unit is None:
            raise NotFound(field="unit")
        community = selectors.member_community(actor, area_by_code(actor, opts["community"]).pk)
        row = services.member_join(actor=actor, unit=unit, community=community,
                                   contact=opts["contact"],
                                   contact_phone=opts["contact_phone"],
                                   monthly_quota_hours=_hours(opts["quota"]),
                                   delegates=selectors.delegates_named(opts["delegates"]))
        self.stdout.write("joined: ", ending="")
        self._show(selectors.member_get_for_actor(actor, row.pk))

    def do_quota(self, actor, opts):
        row = services.member_update(actor=actor, member=selectors.member_get_for_actor(actor, opts["member"]),
                                     monthly_quota_hours=_hours(opts["hours"]))
        self.stdout.write("quota set: ", ending="")
        self._show(selectors.member_get_for_actor(actor, row.pk))

    def do_delegates(self, actor, opts):
        names = [n for n in opts["usernames"] if n.lower() != "none"]
        row = services.member_update(actor=actor, member=selectors.member_get_for_actor(actor, opts["member"]),
                                     delegates=selectors.delegates_named(names))
        self.stdout.write("delegates set: ", ending="")
        self._show(selectors.member_get_for_actor(actor, row.pk))


def _hours(text: str | None) -> int | None | str:
    """``none``/empty: no cap; anything else goes to the service, which refuses non-numbers."""
    if text is None or text.strip().lower() in ("", "none"):
        return None
    return text.strip()
