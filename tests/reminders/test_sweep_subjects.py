"""The sweep reads its subjects' clients once each, and an offer without a client as such."""

from datetime import timedelta

from reminders.models import Reminder
from reminders.tasks import load_subjects, send_due_reminders
from tests.support.instants import NOW


def batch_of(owner):
    return list(Reminder.objects.filter(owner=owner).select_related("owner"))


def test_subjects_of_one_client_share_it_read_once(
    now, owner, client_record, make_invitation, django_assert_num_queries
):
    make_invitation(job_title="First")
    make_invitation(job_title="Second")
    rows = batch_of(owner)
    # The invitations, then their client: one query each, however many share it.
    with django_assert_num_queries(2):
        subjects = load_subjects(rows)
    clients = {id(subject.client) for subject in subjects.values()}
    assert len(subjects) == 2
    assert len(clients) == 1
    with django_assert_num_queries(0):
        names = {subject.client.name for subject in subjects.values()}
        owners = {subject.owner for subject in subjects.values()}
    assert names == {client_record.name}
    assert owners == {owner}


def test_an_offer_without_a_client_is_loaded_and_reminded_as_such(
    now, owner, make_offer, django_assert_num_queries
):
    make_offer(client=None, job_title="Solo job", expires_at=NOW + timedelta(hours=30))
    rows = batch_of(owner)
    # No client to read: the offers' query only.
    with django_assert_num_queries(1):
        subjects = load_subjects(rows)
    (offer,) = {subject.pk: subject for subject in subjects.values()}.values()
    with django_assert_num_queries(0):
        assert offer.client is None
    report = send_due_reminders(now=NOW + timedelta(hours=7))
    assert report.sent == 1
    assert "from the client" in report.lines[0][2]
