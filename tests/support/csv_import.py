"""An invitations CSV to upload, a good row of it, and what an import writes."""

import csv
import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.models import Client, Invitation
from pipeline.portability import INVITATION_HEADER
from reminders.models import Reminder
from tests.support.queued import queue_inline


def upload(client, text, name="invitations.csv", encoding="utf-8"):
    """Post the file; an import the queue ran (in this process) answers with its page."""
    data = text.encode(encoding) if isinstance(text, str) else text
    with queue_inline():
        response = client.post(
            reverse("import_invitations"), {"file": SimpleUploadedFile(name, data, "text/csv")}
        )
    return outcome(client, response)


def outcome(client, response):
    """The import's own page, where the upload or the column choice handed it to the queue."""
    if response.status_code == 302 and re.fullmatch(r"/data/import/\d+/", response["Location"]):
        return client.get(response["Location"])
    return response


def summary(response):
    """What the import's page says was imported."""
    assert response.status_code == 200, response
    return response.context["summary"]


def csv_text(header, *rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def snapshot():
    return (Invitation.objects.count(), Client.objects.count(), Reminder.objects.count())


# Bad rows -------------------------------------------------------------------------------

GOOD = {
    "id": "1",
    "client": "Acme",
    "job title": "Good job",
    "notified at": "2026-11-24T09:00:00-05:00",
    "status": "pending",
}


def own_row(**changes):
    values = {**GOOD, **{k.replace("_", " "): v for k, v in changes.items()}}
    values = {("job URL" if k == "job url" else k): v for k, v in values.items()}
    return [values.get(column, "") for column in INVITATION_HEADER]
