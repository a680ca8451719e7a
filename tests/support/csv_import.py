"""An invitations CSV to upload, a good row of it, and what an import writes."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interviews.models import Client, Invitation
from pipeline.portability import INVITATION_HEADER
from reminders.models import Reminder


def upload(client, text, name="invitations.csv", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    return client.post(
        reverse("import_invitations"), {"file": SimpleUploadedFile(name, data, "text/csv")}
    )


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
