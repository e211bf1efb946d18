"""Hand-made client views (cards, the client file, the intake form) in en, pl, fa."""

from __future__ import annotations

import datetime as dt

from salon_desktop.domain.printouts import CardView, ClientFileView, ComplaintLine, FormulaLine
from salon_desktop.domain.views import ClientFigures, VisitRow
from tests.documents.samples import SCALE, header  # noqa: F401 - re-exported for the tests

CLIENTS = {
    "en": ("Jane", "O'Neill", "Latex, PPD hair dye", "Sensitive scalp", "Likes a quiet chair"),
    "pl": ("Zofia", "Żółć-Źdźbło", "Lateks, farba PPD", "Wrażliwa skóra głowy", "Lubi spokój"),
    "fa": ("سارا", "احمدی‌نژاد", "لاتکس، رنگ موی PPD", "پوست سر حساس", "صندلی آرام را دوست دارد"),
}
SERVICES = {
    "en": ("Women's cut", "Colour", "Shampoo 250 ml"),
    "pl": ("Strzyżenie damskie", "Koloryzacja", "Szampon 250 ml"),
    "fa": ("کوتاهی مو", "رنگ مو", "شامپو ۲۵۰ میلی‌لیتر"),
}
STAFF = {"en": "Ann Smith", "pl": "Żaneta Łukasiewicz", "fa": "مریم کریمی"}
FORMULA = {"en": "7/1 + 6% 1:1, 35 min", "pl": "7/1 + 6% 1:1, 35 min", "fa": "۷/۱ + ۶٪ ۱:۱"}
COMPLAINT = {
    "en": "The colour faded after a week.",
    "pl": "Kolor wyblakł po tygodniu.",
    "fa": "رنگ مو بعد از یک هفته کم‌رنگ شد.",
}
SINCE = dt.date(2024, 3, 12)


def card(lang: str, number: int = 1042) -> CardView:
    first, last = CLIENTS[lang][:2]
    return CardView(number, f"{first} {last}", SINCE)


def visits(lang: str, n: int = 3) -> tuple[VisitRow, ...]:
    cut, colour, shampoo = SERVICES[lang]
    out = []
    for i in range(n):
        day = dt.date(2026, 10, 1) - dt.timedelta(days=35 * i)
        out.append(
            VisitRow(
                sale_id=100 + i,
                business_date=day,
                receipt_no=f"2026/{100 + i:06d}",
                kind="sale",
                services=(cut, colour) if i % 2 == 0 else (cut,),
                staff=(STAFF[lang],),
                products=(shampoo,) if i == 0 else (),
                total=(18_000 + 1000 * i) * SCALE[lang],
                formula=FORMULA[lang] if i % 2 == 0 else "",
            )
        )
    return tuple(out)


def client_file(lang: str, n_visits: int = 3, **kw) -> ClientFileView:
    first, last, allergies, skin, notes = CLIENTS[lang]
    rows = visits(lang, n_visits)
    total = sum(v.total for v in rows)
    values: dict = dict(
        id=7,
        number=1042,
        first_name=first,
        last_name=last,
        phones=(("mobile", "+48601234567"), ("work", "+48221234567")),
        email="jane.oneill@example.com",
        birth_date=dt.date(1990, 5, 17),
        gender="female",
        address="ul. Świętokrzyska 12, Warszawa" if lang != "fa" else "تهران، خیابان ولیعصر",
        source="instagram",
        referred_by="",
        preferred_staff=STAFF[lang],
        tags=("VIP", "blonde") if lang != "fa" else ("ویژه",),
        buying_behaviour="confident",
        allergies=allergies,
        skin_notes=skin,
        hair_notes="",
        notes=notes,
        consents=(("data_processing", dt.date(2024, 3, 12)), ("marketing_sms", None)),
        contact_confirmed_on=dt.date(2026, 1, 20),
        client_since=SINCE,
        formulas=(FormulaLine(dt.date(2026, 10, 1), FORMULA[lang], STAFF[lang]),),
        visits=rows,
        figures=ClientFigures(
            total_spent=total,
            visits=len(rows),
            average_ticket=total // max(1, len(rows)),
            first_visit=rows[-1].business_date if rows else None,
            last_visit=rows[0].business_date if rows else None,
            usual_interval_days=35,
            account_balance=-5000 * SCALE[lang],
        ),
        complaints=(
            ComplaintLine(
                number=12,
                opened_at=dt.datetime(2026, 10, 9, 10, 30),
                category="service_result",
                state="acknowledged",
                description=COMPLAINT[lang],
                resolve_by=dt.datetime(2026, 10, 16, 10, 30),
                overdue=True,
            ),
        ),
    )
    values.update(kw)
    return ClientFileView(**values)
