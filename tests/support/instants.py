"""The fixed instants the tests travel to."""

from datetime import UTC, datetime

# A fixed, ordinary instant the tests travel to unless they need another.
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
