"""Pages and exports for a signed-in user are never kept in a shared or browser cache."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    "page",
    [
        "dashboard",
        "invitation_list",
        "client_list",
        "settings",
        "export_invitations",
        "export_everything",
    ],
)
def test_a_signed_in_page_says_no_store(client, owner, page):
    client.force_login(owner)
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_page_that_sets_its_own_cache_control_keeps_it(client, owner):
    response = client.get(reverse("calendar_feed", args=[owner.calendar_token]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # never_cache, as the feed sets
