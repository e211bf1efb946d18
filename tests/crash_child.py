"""Child of tests/test_crash.py: posts sales into a SQLite profile until killed.

Run as ``crash_child.py DATA_DIR SERVICE_ID PRODUCT_ID STAFF_ID CLIENT_ID``, it
imports the app once and then serves the test on stdin: each ``go`` line forks
a fresh poster process (a real process of its own, started in milliseconds
instead of the second a new interpreter takes to import everything), which opens
the profile with ``open_context`` and posts sales in a loop, writing
``uuid receipt_no`` to stdout after each ``post`` has returned. The test kills
the poster with SIGKILL, then sends ``reap``; the server answers ``DEAD`` once
the poster is gone, so every line the poster wrote comes before it.
"""

from __future__ import annotations

import os
import sys


def _write(line: str) -> None:
    os.write(1, (line + "\n").encode())  # unbuffered: nothing stays in a buffer at the kill


def post_forever(
    data_dir: str, service_id: int, product_id: int, staff_id: int, client_id: int
) -> None:
    from salon_desktop.domain.sale import (
        LineDraft,
        LineKind,
        PaymentDraft,
        PayMethod,
        TicketDraft,
        TipDraft,
    )
    from salon_desktop.services.context import open_context

    ctx = open_context(data_dir=data_dir)
    _write("READY")
    n = 0
    while True:
        n += 1
        qty = 1 + n % 3
        lines = [
            LineDraft(
                LineKind.SERVICE, "Cut", 10_000, 1, 2300, staff_id=staff_id, service_id=service_id
            ),
            LineDraft(LineKind.PRODUCT, "Shampoo", 4_599, qty, 2300, product_id=product_id),
        ]
        due = 10_000 + 4_599 * qty + 100
        t = TicketDraft(
            client_id=client_id if n % 2 else None,
            lines=lines,
            tips=[TipDraft(staff_id, 100)],
            payments=[
                PaymentDraft(PayMethod.CARD, 5_000 + n),
                PaymentDraft(PayMethod.CASH, due - 5_000 - n, due),
            ],
        )
        posted = ctx.sales.post(t, None, allow_out_of_stock=True)
        _write(f"{t.uuid} {posted.receipt_no}")
        if n % 4 == 0:  # a correction now and then: its own series must stay gap-free too
            void_uuid = f"void-{t.uuid}"
            v = ctx.sales.void(posted.sale_id, "Crash test", None, uuid=void_uuid)
            _write(f"{void_uuid} {v.receipt_no}")


def main() -> None:
    data_dir = sys.argv[1]
    ids = [int(x) for x in sys.argv[2:6]]
    from salon_desktop.services.context import open_context

    open_context(data_dir=data_dir).close()  # import and migrate-check once, then no connection
    _write("LOADED")
    poster = None
    for command in sys.stdin:
        if command.strip() == "go":
            poster = os.fork()
            if poster == 0:
                try:
                    post_forever(data_dir, *ids)
                finally:
                    os._exit(1)
            _write(f"PID {poster}")
        elif command.strip() == "reap" and poster:
            _pid, status = os.waitpid(poster, 0)
            _write(f"DEAD {status}")
            poster = None


if __name__ == "__main__":
    main()
