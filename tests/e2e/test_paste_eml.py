"""An e-mail saved as .eml and dropped on the paste page fills the new invitation, and the
recorded invitation shows the notification it was read from."""

import pytest
from playwright.sync_api import expect

from interviews.models import Invitation
from tests.support.notification_samples import SAMPLES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DROP = """([zone, bytes]) => {
  const file = new File([new Uint8Array(bytes)], "notification.eml", {type: "message/rfc822"});
  const data = new DataTransfer();
  data.items.add(file);
  for (const name of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(name, {dataTransfer: data, bubbles: true, cancelable: true}));
  }
}"""


def test_a_dropped_eml_fills_the_form_and_the_record_keeps_its_source(
    new_page, log_in, screenshot, owner
):
    page = new_page()
    log_in(page, "alice", "alice-password-1")
    page.goto("/invitations/paste/")
    zone = page.locator("[data-drop-zone]")
    data = list((SAMPLES / "inv_fittrack_quoted_printable.eml").read_bytes())
    zone.evaluate(DROP.replace("([zone, bytes])", "(zone, bytes)"), data)
    expect(page.get_by_label("…or an e-mail file (.eml)")).to_have_value(
        "C:\\fakepath\\notification.eml"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Read the invitation").click()

    expect(page.get_by_label("Client's name")).to_have_value("FitTrack Labs")
    expect(page.get_by_label("Job title")).to_have_value("Mobile app onboarding redesign")
    expect(page.get_by_label("Screening questions")).to_have_value(
        "Which onboarding flows have you redesigned, and what changed in the numbers?\n"
        "Do you work in Figma, and can you hand over a prototype?"
    )
    screenshot(page, "filled")
    with page.expect_navigation():
        page.get_by_role("button", name="Record invitation").click()

    invitation = Invitation.objects.get(owner=owner)
    assert invitation.client.name == "FitTrack Labs"
    expect(page.locator("pre.source-text")).to_contain_text("Sarah Mitchell from FitTrack Labs")
    screenshot(page, "recorded")
