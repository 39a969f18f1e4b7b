"""Party dues: the 2008 bands from the table, payments by the member's own branch only,
arrears and the annual statement, a bank statement imported whole or not at all."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shequ.core.errors import Conflict, DomainError, Forbidden, NotFound
from shequ.core.models import AuditEvent
from shequ.membership import selectors, services
from shequ.membership.models import DuesBand, DuesPayment
from shequ.membership.services.dues import add_months, month_start
from shequ.membership.statement import read_statement

THIS_MONTH = month_start(timezone.localdate())


@pytest.mark.parametrize(("category", "base", "expected"), [
    ("employed", "3000", "15.00"), ("employed", "3000.01", "30.00"),
    ("employed", "5000", "50.00"), ("employed", "8000", "120.00"),
    ("employed", "10000", "150.00"), ("employed", "12345.67", "246.91"),
    ("retired", "5000", "25.00"), ("retired", "6000", "60.00"),
    ("student", None, "0.20"), ("unemployed", None, "0.20"), ("subsistence", None, "0.20"),
])
def test_the_2008_bands(db, category, base, expected):
    amount = services.amount_for(category, Decimal(base) if base else None)
    assert amount == Decimal(expected) and isinstance(amount, Decimal)


def test_the_band_table_is_configurable(db):
    DuesBand.objects.filter(category="student").update(fixed_amount=Decimal("0.50"))
    assert services.amount_for("student", None) == Decimal("0.50")


def test_profile_keeps_the_income_encrypted_and_out_of_the_audit(staff, member):
    profile = services.dues_profile_set(actor=staff, member=member, category="employed",
                                        base="8000")
    assert profile.monthly_amount == Decimal("120.00")
    assert b"8000" not in bytes(profile.base_enc)
    assert services.profile_base(profile) == Decimal("8000.00")
    event = AuditEvent.objects.filter(action="dues_profile_set").last()
    assert "8000" not in str(event.after) and "base" not in event.after


def test_employed_member_needs_an_income(staff, member):
    with pytest.raises(DomainError) as err:
        services.dues_profile_set(actor=staff, member=member, category="employed", base="")
    assert err.value.field == "base"


@pytest.fixture
def profiled(staff, member):
    services.dues_profile_set(actor=staff, member=member, category="employed", base="4000",
                              since=add_months(THIS_MONTH, -2))
    return member


def test_payment_defaults_to_the_monthly_amount(staff, orgs, profiled):
    p = services.dues_pay(actor=staff, org=orgs["a"], member=profiled, month=THIS_MONTH)
    assert p.amount == Decimal("40.00") and p.method == "cash"


def test_payment_for_a_member_of_another_branch_is_refused(staff, orgs, profiled):
    with pytest.raises(DomainError) as err:
        services.dues_pay(actor=staff, org=orgs["b"], member=profiled, month=THIS_MONTH)
    assert err.value.code == "not_in_branch" and err.value.field == "member"
    assert not DuesPayment.objects.exists()


def test_a_member_out_of_sight_is_not_named(staff, orgs, far):
    from shequ.membership.models import DuesProfile
    DuesProfile.objects.create(member=far["member"], category="student", path=far["branch"].path,
                               monthly_amount="0.20", since=THIS_MONTH)
    with pytest.raises(DomainError) as err:
        services.dues_pay(actor=staff, org=orgs["a"], member=far["member"], month=THIS_MONTH)
    assert err.value.code == "not_in_branch" and "外党员" not in err.value.message


def test_payment_outside_the_scope_is_not_found(far, orgs, profiled):
    with pytest.raises(NotFound):
        services.dues_pay(actor=far["staff"], org=orgs["a"], member=profiled, month=THIS_MONTH)


def test_supervisor_may_see_but_not_record(supervisor, orgs, profiled):
    with pytest.raises(Forbidden):
        services.dues_pay(actor=supervisor, org=orgs["a"], member=profiled, month=THIS_MONTH)


def test_a_month_is_paid_once(staff, orgs, profiled):
    services.dues_pay(actor=staff, org=orgs["a"], member=profiled, month=THIS_MONTH)
    with pytest.raises(Conflict) as err:
        services.dues_pay(actor=staff, org=orgs["a"], member=profiled,
                          month=THIS_MONTH + dt.timedelta(days=3))
    assert err.value.code == "already_paid"


@pytest.mark.parametrize("amount", ["abc", "1.234", "-5", "0", "NaN", "1e9"])
def test_bad_amounts_are_refused(staff, orgs, profiled, amount):
    with pytest.raises(DomainError) as err:
        services.dues_pay(actor=staff, org=orgs["a"], member=profiled, month=THIS_MONTH,
                          amount=amount)
    assert err.value.code == "bad_amount" and err.value.field == "amount"


def test_months_before_the_start_or_far_ahead_are_refused(staff, orgs, profiled):
    for month in (add_months(THIS_MONTH, -3), add_months(THIS_MONTH, 13)):
        with pytest.raises(DomainError) as err:
            services.dues_pay(actor=staff, org=orgs["a"], member=profiled, month=month)
        assert err.value.code == "bad_month"


def test_arrears_list_the_unpaid_months(staff, orgs, profiled, colleague):
    services.dues_pay(actor=staff, org=orgs["a"], member=profiled, month=THIS_MONTH)
    rows = selectors.arrears(actor=staff, org=orgs["a"])
    assert [(r.name, len(r.unpaid_months), r.owed) for r in rows] == [
        ("党员甲", 2, Decimal("80.00"))]


def test_arrears_cost_three_queries_whatever_the_size(staff, orgs, profiled, colleague, tree):
    from .conftest import make_member
    for i in range(5):
        m = make_member(tree.household2, f"党员{i}", orgs["a"])
        services.dues_profile_set(actor=staff, member=m, category="student")
    with CaptureQueriesContext(connection) as ctx:
        rows = selectors.branch_dues(actor=staff, org=orgs["a"])
    assert len(rows) == 7
    assert len(ctx.captured_queries) <= 4   # grants (cached per user) + members, profiles, payments


def test_other_districts_do_not_see_the_arrears(far, orgs):
    with pytest.raises(NotFound):
        selectors.arrears(actor=far["staff"], org=orgs["a"])


def test_annual_statement(staff, orgs, profiled):
    services.dues_pay(actor=staff, org=orgs["a"], member=profiled, month=THIS_MONTH,
                      amount="50.00", method="transfer")
    st = selectors.annual_statement(member=profiled, year=THIS_MONTH.year)
    assert len(st.months) == 12
    assert st.paid_total == Decimal("50.00")
    mine = [m for m in st.months if m.month == THIS_MONTH][0]
    assert mine.payment.method == "transfer" and mine.due == Decimal("40.00")


# -- the bank statement ------------------------------------------------------------------------
def workbook(rows, header=("姓名", "身份证后四位", "月份", "金额", "交费日期", "流水号")):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["党费代收明细"])
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_statement_imports_every_row(staff, orgs, profiled):
    tail = profiled.resident.id_tail4
    data = workbook([("党员甲", tail, f"{THIS_MONTH:%Y-%m}", 40, f"{THIS_MONTH:%Y-%m-%d}", "B001"),
                     ("党员甲", tail, f"{add_months(THIS_MONTH, -1):%Y年%m月}", "40.00", "", "")])
    rows = read_statement(data, "statement.xlsx")
    result = services.dues_import(actor=staff, org=orgs["a"], rows=rows)
    assert result.count == 2 and result.total == Decimal("80.00")
    assert set(DuesPayment.objects.values_list("method", flat=True)) == {"bank_import"}


def test_statement_with_an_unmatched_row_imports_nothing(staff, orgs, profiled, other_member):
    tail = profiled.resident.id_tail4
    data = workbook([("党员甲", tail, f"{THIS_MONTH:%Y-%m}", 40, "", ""),
                     ("党员丙", other_member.resident.id_tail4, f"{THIS_MONTH:%Y-%m}", 40, "", ""),
                     ("党员甲", tail, "March", 40, "", "")])
    with pytest.raises(services.StatementRefused) as err:
        services.dues_import(actor=staff, org=orgs["a"], rows=read_statement(data, "s.xlsx"))
    assert [p.line for p in err.value.problems] == [4, 5]
    assert err.value.as_dict()["code"] == "statement_rows"
    assert not DuesPayment.objects.exists()


def test_statement_by_member_reference(staff, orgs, profiled):
    data = workbook([(profiled.pk, f"{THIS_MONTH:%Y-%m}", 40)], header=("党员编号", "月份", "金额"))
    result = services.dues_import(actor=staff, org=orgs["a"], rows=read_statement(data, "s.xlsx"))
    assert result.count == 1


def test_a_file_that_is_no_statement_is_refused(staff, orgs):
    with pytest.raises(DomainError) as err:
        read_statement(b"not a workbook", "s.xlsx")
    assert err.value.code == "statement_unreadable"
