"""The search box of every list: each word typed must appear in one of the record's fields.

"react native fitness" finds a record whose title says "React Native" and whose client's
message says "fitness". On PostgreSQL the words are matched by its full-text search, each
word as a prefix of a word in the fields ("health" finds "HealthKit"); elsewhere (SQLite)
each word is a case-insensitive substring of one of the fields. Either way the words are
AND-ed, and a record matches at most once.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.db.models import Q

# The words a full-text query is built from: letters, digits and underscores only, so
# nothing typed can reach PostgreSQL's tsquery syntax (&, |, !, :, parentheses).
LEXEME = re.compile(r"\w+")
# Words beyond these are ignored: a search is a few words, not a pasted page.
MOST_WORDS = 12


def cleaned(query):
    """The query as typed, without characters no field can hold (NUL) and outer spaces."""
    return (query or "").replace("\x00", "").strip()


def search(queryset, query, fields):
    """Narrow `queryset` to the rows in which every word of `query` appears in `fields`."""
    words = cleaned(query).split()[:MOST_WORDS]
    if not words:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        lexemes = [lexeme for word in words for lexeme in LEXEME.findall(word)]
        if lexemes:
            # The "simple" configuration keeps words as written (no stemming, no stop
            # words), so a prefix of any word in the fields matches, as the substring
            # search does on SQLite.
            wanted = SearchQuery(
                " & ".join(f"{lexeme}:*" for lexeme in lexemes),
                config="simple",
                search_type="raw",
            )
            # An alias, not an annotation: the vector is matched, never selected or grouped.
            return queryset.alias(_search=SearchVector(*fields, config="simple")).filter(
                _search=wanted
            )
    for word in words:
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(anywhere)
    return queryset
