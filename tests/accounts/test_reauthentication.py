"""Export and account deletion ask for the password again unless it was given lately."""

from urllib.parse import unquote

import pytest
from django.urls import reverse

from ..conftest import stale_login


@pytest.mark.parametrize("name", ["export_invitations", "export_everything", "delete_account"])
def test_a_sensitive_page_asks_for_the_password_first(client, owner, name):
    stale_login(client, owner)
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert unquote(response.url) == f"{reverse('account_reauthenticate')}?next={url}"
    response = client.post(response.url, {"password": "alice-password-1"})
    assert response.url == url
    assert client.get(url).status_code == 200


def test_a_wrong_password_does_not_open_it(client, owner):
    stale_login(client, owner)
    url = reverse("export_everything")
    response = client.post(f"{reverse('account_reauthenticate')}?next={url}", {"password": "wrong"})
    assert response.status_code == 200
    assert client.get(url).status_code == 302


def test_deleting_the_account_by_post_needs_it_too(client, owner):
    stale_login(client, owner)
    response = client.post(reverse("delete_account"), {"confirm": "alice"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    owner.refresh_from_db()
