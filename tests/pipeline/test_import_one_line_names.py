"""An imported client name or job title is one line: the import refuses a line break."""

import pytest

from pipeline.portability import INVITATION_HEADER
from tests.support.csv_import import csv_text, own_row, snapshot, upload


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"client": "Acme\nCorp"}, "Client"),
        ({"job_title": "Good\r\njob"}, "Job title"),
    ],
)
def test_an_imported_name_or_title_with_a_line_break_is_refused(client, owner, now, changes, label):
    client.force_login(owner)
    before = snapshot()
    response = upload(client, csv_text(INVITATION_HEADER, own_row(), own_row(**changes)))
    assert response.status_code == 200
    problems = response.context["problems"]
    assert f"Line 3: “{label}” has a line break; it must be one line." in problems
    assert snapshot() == before
