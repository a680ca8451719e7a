"""A captured record's page shows the notification it was read from, as text."""

import pytest
from django.urls import reverse

SOURCE = 'Acme has invited you to interview.\n<script>alert("x")</script><b>bold</b>'


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_the_invitation_page_shows_its_source_escaped(signed_in, now, make_invitation):
    invitation = make_invitation(source_text=SOURCE, screening_questions="Why you?")
    page = signed_in.get(reverse("invitation_detail", args=[invitation.pk])).text
    assert "The notification it was read from" in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
    assert '<script>alert("x")' not in page
    assert "<li>Why you?</li>" in page


def test_an_invitation_typed_by_hand_shows_no_source(signed_in, now, make_invitation):
    invitation = make_invitation()
    page = signed_in.get(reverse("invitation_detail", args=[invitation.pk])).text
    assert "The notification it was read from" not in page


def test_the_offer_page_shows_its_source_escaped(signed_in, now, make_offer):
    offer = make_offer(source_text=SOURCE)
    page = signed_in.get(reverse("offer_detail", args=[offer.pk])).text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<script>alert("x")' not in page


def test_a_strangers_source_is_never_shown(client, stranger, now, make_invitation):
    invitation = make_invitation(source_text=SOURCE)
    client.force_login(stranger)
    assert client.get(reverse("invitation_detail", args=[invitation.pk])).status_code == 404
