"""Logging in at the desk: the lock overlay (switch user, idle lock), a manager's
PIN for a decision, and the owner's first PIN."""
