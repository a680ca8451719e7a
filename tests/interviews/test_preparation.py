"""The preparation checklist: four points with notes and done marks, saved in one POST."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from interviews.models import Client, Point, PreparationItem


def url(invitation):
    return reverse("preparation_update", args=[invitation.pk])


def checklist(invitation, **changes):
    """The POST the page sends: every item's notes and done mark, with `changes` by point."""
    items = list(invitation.preparation.all())
    data = {
        "prep-TOTAL_FORMS": str(len(items)),
        "prep-INITIAL_FORMS": str(len(items)),
        "prep-MIN_NUM_FORMS": "0",
        "prep-MAX_NUM_FORMS": "1000",
    }
    for n, item in enumerate(items):
        notes, done = changes.get(item.point, (item.notes, item.done))
        data[f"prep-{n}-id"] = str(item.pk)
        data[f"prep-{n}-notes"] = notes
        if done:
            data[f"prep-{n}-done"] = "on"
    return data


def items(invitation):
    return {
        i.point: (i.notes, i.done) for i in PreparationItem.objects.filter(invitation=invitation)
    }


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_the_page_shows_the_four_points_with_their_hints(signed_in, now, make_invitation):
    invitation = make_invitation()
    response = signed_in.get(reverse("invitation_detail", args=[invitation.pk]))
    for label in Point.labels:
        assertContains(response, f"<legend>{label}</legend>", html=True)
    assertContains(response, "Their business, industry and previous work.")
    assertContains(response, 'name="prep-3-done"')
    assertContains(response, f'action="{url(invitation)}"')


def test_it_saves_notes_and_done_marks_in_one_post(signed_in, now, make_invitation):
    invitation = make_invitation()
    data = checklist(
        invitation,
        research=("Runs a chain of bakeries; uses Shopify.", True),
        questions=("Which POS do you use?", True),
        examples=("The Northwind dashboard.", False),
    )
    response = signed_in.post(url(invitation), data, follow=True)
    assert response.redirect_chain == [
        (reverse("invitation_detail", args=[invitation.pk]) + "#preparation", 302)
    ]
    assert items(invitation) == {
        "research": ("Runs a chain of bakeries; uses Shopify.", True),
        "questions": ("Which POS do you use?", True),
        "communication": ("", False),
        "examples": ("The Northwind dashboard.", False),
    }
    assertContains(response, "Preparation saved: 2 of 4 done.")


def test_the_progress_bar_counts_the_done_points(signed_in, now, make_invitation):
    invitation = make_invitation()
    invitation.preparation.filter(point__in=["research", "examples"]).update(done=True)
    response = signed_in.get(reverse("invitation_detail", args=[invitation.pk]))
    assertContains(response, '<progress class="bar" max="4" value="2"')
    assertContains(response, "2 of 4 done")
    assert ' style="' not in response.content.decode()


def test_unticking_a_point_is_saved(signed_in, now, make_invitation):
    invitation = make_invitation()
    invitation.preparation.update(done=True)
    signed_in.post(url(invitation), checklist(invitation, research=("", False)))
    assert items(invitation)["research"] == ("", False)
    assert items(invitation)["questions"] == ("", True)


def test_a_get_is_not_allowed(signed_in, now, make_invitation):
    assert signed_in.get(url(make_invitation())).status_code == 405


def test_a_stranger_gets_a_404_and_changes_nothing(client, stranger, now, make_invitation):
    invitation = make_invitation()
    before = items(invitation)
    client.force_login(stranger)
    response = client.post(url(invitation), checklist(invitation, research=("Hacked", True)))
    assert response.status_code == 404
    assert items(invitation) == before


def test_an_anonymous_visitor_is_sent_to_log_in(client, now, make_invitation):
    invitation = make_invitation()
    response = client.post(url(invitation), checklist(invitation, research=("x", True)))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert items(invitation)["research"] == ("", False)


def test_it_refuses_an_item_of_another_invitation(signed_in, now, owner, stranger, make_invitation):
    mine = make_invitation()
    theirs = make_invitation(
        owner=stranger, client=Client.objects.create(owner=stranger, name="Their client")
    )
    before = items(theirs)
    data = checklist(mine, research=("Mine", True))
    # Swap in the id of one of the stranger's items.
    data["prep-0-id"] = str(theirs.preparation.get(point="research").pk)
    response = signed_in.post(url(mine), data)
    assert response.status_code == 200
    assertContains(response, "This checklist does not match the invitation&#x27;s points")
    assert items(theirs) == before
    assert items(mine)["research"] == ("", False)


def test_it_refuses_an_item_named_twice(signed_in, now, make_invitation):
    invitation = make_invitation()
    data = checklist(invitation, research=("Research notes", True), questions=("Asked", True))
    data["prep-1-id"] = data["prep-0-id"]  # the second form now names the first item too
    response = signed_in.post(url(invitation), data)
    assert response.status_code == 200
    assertContains(response, "This checklist does not match the invitation&#x27;s points")
    assert all(notes == "" and not done for notes, done in items(invitation).values())


def test_a_malformed_post_changes_nothing(signed_in, now, make_invitation):
    invitation = make_invitation()
    response = signed_in.post(url(invitation), {"prep-0-notes": "No management form"})
    assert response.status_code == 200
    assertContains(response, "ManagementForm data is missing or has been tampered with")
    assert items(invitation)["research"] == ("", False)
