"""The demo salon (``fill_demo``): staff, settings, client files and years of
sales, for trying the app and for the benchmarks. Needs the optional ``demo``
extra (Faker): ``pip install .[demo]``."""

from __future__ import annotations

from salon_desktop.demo.catalog import count_sales, has_sales
from salon_desktop.demo.fill import fill_demo
from salon_desktop.demo.people import DemoNeedsFaker

__all__ = ["DemoNeedsFaker", "count_sales", "fill_demo", "has_sales"]
