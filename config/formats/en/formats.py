"""Dates and times as every page of the product writes them, for the admin too.

Django's English formats ("Nov. 25, 2026, 7 a.m.") differed from the pages' own ("Wed 25 Nov
2026 07:00 EST", kit.clock.format_deadline); the admin uses these, in the signed-in user's
zone, with the zone named.
"""

DATETIME_FORMAT = "D d M Y H:i T"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
DATE_FORMAT = "D d M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
TIME_FORMAT = "H:i"
