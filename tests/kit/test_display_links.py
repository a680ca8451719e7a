"""Links built once a page: the same URLs reverse() gives, for every row."""

from types import SimpleNamespace

import pytest
from django.urls import reverse, set_script_prefix

from kit.display import pk_url, with_links


@pytest.mark.parametrize("viewname", ["invitation_detail", "offer_accept", "client_detail"])
def test_pk_url_gives_what_reverse_gives_for_any_pk(viewname):
    url = pk_url(viewname)
    for pk in (1, 7, 45, 9_182_736_450, 10**12):
        assert url(pk) == reverse(viewname, args=[pk])


def test_pk_url_keeps_the_script_prefix_the_site_is_served_under():
    set_script_prefix("/tracker/")
    try:
        assert (
            pk_url("offer_detail")(3) == "/tracker/offers/3/" == reverse("offer_detail", args=[3])
        )
    finally:
        set_script_prefix("/")


def test_with_links_gives_each_row_its_urls():
    rows = [SimpleNamespace(pk=pk, client_id=pk + 100) for pk in (4, 5)]
    linked = with_links(
        iter(rows),
        detail_url=("invitation_detail", "pk"),
        client_url=("client_detail", "client_id"),
    )
    assert linked == rows
    assert [row.detail_url for row in linked] == ["/invitations/4/", "/invitations/5/"]
    assert [row.client_url for row in linked] == ["/clients/104/", "/clients/105/"]
