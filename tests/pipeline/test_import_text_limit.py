"""The longest client message and decline reason the pages keep are imported back, so a
user's own export can always be imported again."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from interviews.models import TEXT_LIMIT, Invitation
from pipeline.portability import invitations_csv
from tests.support.queued import queue_inline

LONGEST = "x" * TEXT_LIMIT


def test_the_longest_texts_the_pages_keep_are_imported_back(client, now, owner, make_invitation):
    make_invitation(message=LONGEST).decline(LONGEST)
    importer = User.objects.create_user("bob", "bob@example.com", "bob-password-1")
    client.force_login(importer)
    exported = invitations_csv(owner).encode()
    with queue_inline():
        response = client.post(
            reverse("import_invitations"),
            {"file": SimpleUploadedFile("invitations.csv", exported, "text/csv")},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.context["summary"] == "Imported 1 invitation with 1 new client."
    imported = Invitation.objects.get(owner=importer)
    assert (imported.message, imported.decline_reason) == (LONGEST, LONGEST)
