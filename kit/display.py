"""Preparing rows for display: what a page computes once for all its rows, not once a row."""

from django.urls import reverse

# A primary key no row has, reversed in place of the real one; any digits pass `<int:pk>`.
_PLACEHOLDER = 9_182_736_450


def pk_url(viewname):
    """A function giving the URL of `viewname` for a primary key, from a single reverse().

    A page with dozens of links to rows of one kind asks reverse() once, not once a row:
    its matching and quoting took more time than the rest of a row's rendering.
    """
    head, tail = reverse(viewname, args=[_PLACEHOLDER]).rsplit(str(_PLACEHOLDER), 1)

    def url(pk):
        return f"{head}{int(pk)}{tail}"

    return url


def with_links(rows, **links):
    """`rows` as a list, each given an attribute per keyword: `detail_url=("invitation_detail",
    "pk")` sets `row.detail_url` to that view's URL for `row.pk`. One reverse() per keyword."""
    makers = [(name, pk_url(viewname), field) for name, (viewname, field) in links.items()]
    rows = list(rows)
    for row in rows:
        for name, url, field in makers:
            setattr(row, name, url(getattr(row, field)))
    return rows
