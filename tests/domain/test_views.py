"""The read-only views handed to screens and paper."""

from __future__ import annotations

import datetime as dt

from salon_desktop.domain.views import SaleLineView, SaleView


def _line(i: int, kind: str, rate: int, net: int, tax: int) -> SaleLineView:
    return SaleLineView(
        i, i, kind, kind, "", 1, net + tax, rate, net + tax, 0, 0, "", net, tax, net + tax
    )


def test_tax_summary_leaves_out_vouchers_and_account_payments():
    sale = SaleView(
        id=1,
        uuid="u",
        kind="sale",
        receipt_no="2026/00001",
        business_date=dt.date(2026, 1, 2),
        posted_at=dt.datetime(2026, 1, 2, 10),
        currency="PLN",
        subtotal=0,
        discount=0,
        net=0,
        tax=0,
        total=0,
        lines=(
            _line(1, "service", 2300, 10000, 2300),
            _line(2, "product", 2300, 1000, 230),
            _line(3, "service", 800, 5000, 400),
            _line(4, "voucher", 0, 20000, 0),
            _line(5, "account", 0, 5000, 0),
        ),
    )
    assert sale.tax_summary() == [(2300, 11000, 2530), (800, 5000, 400)]
