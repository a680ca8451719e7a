"""A change of an invitation's or an offer's state validates the whole row, as a form does,
and titles stored before they had to be one line are made one line, so such rows still
change state."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from interviews.models import Client, Invitation
from kit.status import count_each
from offers.models import Offer
from tests.support.instants import NOW

invitation_titles = importlib.import_module("interviews.migrations.0006_one_line_job_titles")
offer_titles = importlib.import_module("offers.migrations.0004_one_line_job_titles")


def test_it_refuses_to_start_an_invitation_whose_title_breaks_the_rules(now, make_invitation):
    invitation = make_invitation(job_title="Build\na dashboard")
    with pytest.raises(ValidationError) as refused:
        invitation.start(NOW - timedelta(minutes=5))
    assert list(refused.value.message_dict) == ["job_title"]
    assert Invitation.objects.get(pk=invitation.pk).started_at is None


def test_a_link_to_another_users_client_made_before_the_rule_does_not_block_a_start(
    now, make_invitation, stranger
):
    theirs = Client.objects.create(owner=stranger, name="Initech")
    invitation = make_invitation(client=theirs)
    invitation.start(NOW - timedelta(minutes=5))
    assert Invitation.objects.get(pk=invitation.pk).started_at == NOW - timedelta(minutes=5)
    invitation.refresh_from_db()
    invitation.client = Client.objects.create(owner=stranger, name="Globex")
    with pytest.raises(ValidationError, match="That client is not yours."):
        invitation.full_clean()


def test_it_refuses_to_accept_an_offer_naming_another_users_client(now, make_offer, stranger):
    theirs = Client.objects.create(owner=stranger, name="Initech")
    offer = make_offer(client=theirs)
    with pytest.raises(ValidationError) as refused:
        offer.accept("Thank you", terms_reviewed=True)
    assert refused.value.message_dict == {"client": ["That client is not yours."]}
    assert Offer.objects.get(pk=offer.pk).accepted_at is None


def test_an_old_invitation_title_with_line_breaks_is_made_one_line_and_it_can_start(
    now, make_invitation
):
    old = make_invitation(job_title="Build a\r\ndashboard \u2028 for  sales")
    kept = make_invitation(job_title="Keep  these  spaces")
    invitation_titles.one_line_titles(apps, None)
    old.refresh_from_db()
    kept.refresh_from_db()
    assert old.job_title == "Build a dashboard for sales"
    assert kept.job_title == "Keep  these  spaces"
    old.start(NOW - timedelta(minutes=5))
    assert old.started_at == NOW - timedelta(minutes=5)


def test_an_old_offer_title_with_line_breaks_is_made_one_line_and_it_can_be_accepted(
    now, make_offer
):
    old = make_offer(job_title="API\nwork")
    offer_titles.one_line_titles(apps, None)
    old.refresh_from_db()
    assert old.job_title == "API work"
    old.accept("Thank you", terms_reviewed=True)
    assert old.accepted_at == NOW


def test_count_each_counts_every_queryset_in_one_query(
    db, make_invitation, django_assert_num_queries
):
    make_invitation(job_title="One")
    make_invitation(job_title="Two")
    invitations = Invitation.objects.all()
    with django_assert_num_queries(1):
        counts = count_each(
            every=invitations, one=invitations.filter(job_title="One"), none=invitations.none()
        )
    assert counts == {"every": 2, "one": 1, "none": 0}
    assert count_each() == {}
