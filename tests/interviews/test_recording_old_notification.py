"""Recording a notification whose start window has closed says so, never "start by" a past date."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from interviews.models import Invitation, Status
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def post(browser, notified_at):
    return browser.post(
        "/invitations/new/",
        {
            "new_client_name": "Acme",
            "job_title": "Build a booking system",
            "notified_at": notified_at,
        },
        follow=True,
    )


def test_an_invitation_notified_20_days_ago_says_its_start_window_closed(client, owner, now):
    client.force_login(owner)
    # 20 days before NOW (25 Nov 2026, 07:00 in New York): the window closed on 19 Nov.
    response = post(client, "2026-11-05T07:00")
    invitation = Invitation.objects.get()
    assert invitation.status_at(NOW) == Status.EXPIRED
    assertContains(response, "Invitation recorded. Its start window closed on Thu 19 Nov 2026")
    assertNotContains(response, "Start the interview by Thu 19 Nov 2026")


def test_a_fresh_invitation_still_says_when_to_start(client, owner, now):
    client.force_login(owner)
    response = post(client, "2026-11-25T06:30")
    assertContains(response, "Start the interview by Wed 09 Dec 2026 06:30 EST.")
