"""Printed documents (receipts, statements, day close, earnings, gift vouchers, client
cards, the client file and the intake form) as PDF bytes.

Headless: ReportLab only, no Qt. Every writer takes frozen views from
``domain.views`` and a :class:`~salon_desktop.domain.views.SalonHeader`, and
renders in the header's language (Persian mirrored, right to left).
"""
