"""Use cases. Each public method is one transaction; no Qt here."""
