"""Pure business rules: no Qt, no SQL. Everything here runs and tests headless."""
