"""Proposal pages: list, write from an invitation or for a job post, submit, withdraw."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from interviews.models import Client
from offers.models import Offer, Status
from proposals.models import Proposal, ProposalTemplate
from tests.support.instants import NOW
from tests.support.proposal_forms import letter_data


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def template(owner):
    return ProposalTemplate.objects.create(
        owner=owner,
        name="Standard",
        invitation_opening="Hi {client_name}, thank you for inviting me to {job_title}.",
        job_post_opening="Hi {client_name}, I saw your post for {job_title}.",
        body="I am {my_name}.",
    )


@pytest.fixture
def invitation(now, make_invitation):
    return make_invitation(job_url="https://www.upwork.com/jobs/~01abc")


@pytest.fixture
def stranger_client(stranger):
    return Client.objects.create(owner=stranger, name="Mallory Corp")


def new_url(**query):
    url = reverse("proposal_new")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


# Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["proposal_detail", "proposal_edit", "proposal_submit", "proposal_withdraw"]
)
def test_a_stranger_gets_404_for_my_proposal(client, stranger, make_proposal, name):
    proposal = make_proposal()
    client.force_login(stranger)
    url = reverse(name, args=[proposal.pk])
    assert client.get(url).status_code in (404, 405)
    # A detail page takes GET only: 405 before any lookup, which tells a stranger nothing.
    assert client.post(url, letter_data(cover_letter="Hijacked")).status_code in (404, 405)
    proposal.refresh_from_db()
    assert proposal.cover_letter == "Hello Acme, I can help."
    assert proposal.status == Proposal.Status.DRAFT


@pytest.mark.parametrize(
    "name, with_pk",
    [
        ("proposal_list", False),
        ("proposal_new", False),
        ("proposal_detail", True),
        ("proposal_edit", True),
        ("proposal_submit", True),
        ("proposal_withdraw", True),
    ],
)
def test_it_sends_an_anonymous_visitor_to_log_in(client, make_proposal, name, with_pk):
    args = [make_proposal().pk] if with_pk else []
    response = client.post(reverse(name, args=args))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", ["proposal_submit", "proposal_withdraw"])
def test_actions_refuse_a_get(signed_in, make_proposal, name):
    proposal = make_proposal()
    assert signed_in.get(reverse(name, args=[proposal.pk])).status_code == 405


def test_the_owner_sees_the_detail_and_edit_pages(signed_in, make_proposal):
    proposal = make_proposal(cover_letter="Dear Acme,\nI can help.")
    response = signed_in.get(reverse("proposal_detail", args=[proposal.pk]))
    assert response.status_code == 200
    assert "Dear Acme,\nI can help." in response.text
    assert "Mark as submitted" in response.text
    assert signed_in.get(reverse("proposal_edit", args=[proposal.pk])).status_code == 200


# The list ----------------------------------------------------------------------------------


def test_the_list_shows_only_my_proposals(signed_in, make_proposal, stranger, stranger_client):
    make_proposal(job_title="Mine")
    Proposal.objects.create(owner=stranger, client=stranger_client, job_title="Theirs")
    response = signed_in.get(reverse("proposal_list"))
    assert "Mine" in response.text
    assert "Theirs" not in response.text


def test_the_list_filters_by_status(now, signed_in, make_proposal):
    make_proposal(job_title="Still a draft")
    sent = make_proposal(job_title="Already sent")
    sent.submit()
    response = signed_in.get(reverse("proposal_list") + "?status=submitted")
    assert "Already sent" in response.text
    assert "Still a draft" not in response.text
    assert 'href="?status=submitted" aria-current="true"' in response.text


def test_an_unknown_status_filter_shows_everything(signed_in, make_proposal):
    make_proposal(job_title="Still a draft")
    response = signed_in.get(reverse("proposal_list") + "?status=bogus")
    assert "Still a draft" in response.text


def test_the_list_is_paginated_by_25(signed_in, owner, client_record):
    Proposal.objects.bulk_create(
        Proposal(owner=owner, client=client_record, job_title=f"Job {i:02}") for i in range(30)
    )
    first = signed_in.get(reverse("proposal_list"))
    assert len(first.context["page_obj"].object_list) == 25
    assert "Page 1 of 2" in first.text
    second = signed_in.get(reverse("proposal_list") + "?page=2")
    assert len(second.context["page_obj"].object_list) == 5


@pytest.mark.parametrize("rows", [5, 200])
def test_the_list_needs_the_same_queries_for_5_or_200_proposals(
    signed_in, owner, client_record, make_invitation, rows, django_assert_max_num_queries
):
    invitation = make_invitation()
    Proposal.objects.bulk_create(
        Proposal(
            owner=owner,
            client=client_record,
            invitation=invitation if i % 2 else None,
            job_title=f"Job {i}",
            bid_amount=Decimal("40"),
        )
        for i in range(rows)
    )
    with django_assert_max_num_queries(6):
        response = signed_in.get(reverse("proposal_list"))
    assert response.status_code == 200


def test_an_empty_list_says_what_to_do_first(signed_in):
    response = signed_in.get(reverse("proposal_list"))
    assert "No proposals yet" in response.text
    assert "Write a template first" in response.text


# Answering an invitation -------------------------------------------------------------------


def test_a_proposal_for_an_invitation_is_prefilled_with_the_invitation_opening(
    signed_in, invitation, template
):
    response = signed_in.get(new_url(invitation=invitation.pk, template=template.pk))
    assert response.status_code == 200
    letter = response.context["form"]["cover_letter"].value()
    assert letter == (
        "Hi Acme, thank you for inviting me to Build a dashboard.\n\nI am Alice Smith."
    )
    assert 'data-limit="5000"' in response.text


def test_without_a_chosen_template_the_latest_one_is_used(signed_in, owner, invitation, template):
    ProposalTemplate.objects.create(owner=owner, name="Older", body="Old body")
    template.save()  # now the most recently updated
    response = signed_in.get(new_url(invitation=invitation.pk))
    assert response.context["form"]["cover_letter"].value().endswith("I am Alice Smith.")


def test_an_unsaved_answer_to_an_invitation_fills_the_job_from_it(owner, invitation, template):
    proposal = Proposal(owner=owner, invitation=invitation)
    proposal.fill_from_template(template)
    assert proposal.cover_letter.startswith(
        "Hi Acme, thank you for inviting me to Build a dashboard."
    )


def test_saving_a_proposal_for_an_invitation_takes_its_client_and_job(
    signed_in, invitation, template
):
    response = signed_in.post(
        new_url(invitation=invitation.pk), letter_data(template=template.pk), follow=True
    )
    proposal = Proposal.objects.get()
    assert proposal.invitation == invitation
    assert proposal.client == invitation.client
    assert proposal.job_title == "Build a dashboard"
    assert proposal.job_url == "https://www.upwork.com/jobs/~01abc"
    assert proposal.template == template
    assert proposal.bid_amount == Decimal("55.00") and proposal.connects_spent == 16
    assert response.redirect_chain[-1][0] == reverse("proposal_detail", args=[proposal.pk])
    assert "Proposal saved as a draft." in response.text


def test_a_strangers_invitation_is_a_404(client, stranger, invitation):
    client.force_login(stranger)
    assert client.get(new_url(invitation=invitation.pk)).status_code == 404
    assert client.post(new_url(invitation=invitation.pk), letter_data()).status_code == 404
    assert not Proposal.objects.exists()


def test_a_strangers_template_is_a_404(signed_in, stranger, invitation):
    theirs = ProposalTemplate.objects.create(owner=stranger, name="Theirs", body="Secret text")
    response = signed_in.get(new_url(invitation=invitation.pk, template=theirs.pk))
    assert response.status_code == 404


def test_a_malformed_id_in_the_query_string_is_a_404(signed_in):
    assert signed_in.get(new_url(invitation="abc")).status_code == 404
    assert signed_in.get(new_url(template="1 OR 1=1")).status_code == 404


def test_a_strangers_template_in_the_form_is_refused(signed_in, stranger, invitation):
    theirs = ProposalTemplate.objects.create(owner=stranger, name="Theirs", body="Secret text")
    response = signed_in.post(
        new_url(invitation=invitation.pk), letter_data(template=theirs.pk, fill="1")
    )
    assert "Select a valid choice" in response.text
    assert "Secret text" not in response.text
    response = signed_in.post(new_url(invitation=invitation.pk), letter_data(template=theirs.pk))
    assert "Select a valid choice" in response.text
    assert not Proposal.objects.exists()


def test_it_opens_the_proposal_there_is_already_for_the_invitation(signed_in, owner, invitation):
    Proposal.objects.create(owner=owner, invitation=invitation)
    response = signed_in.get(new_url(invitation=invitation.pk), follow=True)
    assert "You already have a proposal for this invitation" in response.text


# A job post --------------------------------------------------------------------------------


def test_a_proposal_for_a_job_post_names_the_client_and_job(signed_in, client_record):
    signed_in.post(
        new_url(),
        letter_data(
            client=client_record.pk,
            job_title="Data pipeline",
            job_url="https://www.upwork.com/jobs/~02",
        ),
    )
    proposal = Proposal.objects.get()
    assert proposal.invitation is None
    assert proposal.client == client_record
    assert proposal.job_title == "Data pipeline"


def test_a_job_post_proposal_needs_a_job_title(signed_in):
    response = signed_in.post(new_url(), letter_data(job_title=""))
    assert "This field is required." in response.text
    assert not Proposal.objects.exists()


def test_a_strangers_client_is_refused(signed_in, stranger_client):
    response = signed_in.post(
        new_url(), letter_data(client=stranger_client.pk, job_title="Data pipeline")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Mallory Corp" not in response.text
    assert not Proposal.objects.exists()


def test_fill_from_template_uses_the_client_and_job_typed_so_far(
    signed_in, client_record, template
):
    response = signed_in.post(
        new_url(),
        letter_data(
            client=client_record.pk,
            job_title="Data pipeline",
            template=template.pk,
            cover_letter="",
            fill="1",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"]["cover_letter"].value() == (
        "Hi Acme, I saw your post for Data pipeline.\n\nI am Alice Smith."
    )
    assert not Proposal.objects.exists()


def test_fill_before_choosing_a_client_leaves_its_placeholder_and_says_so(signed_in, template):
    response = signed_in.post(
        new_url(),
        letter_data(job_title="Data pipeline", template=template.pk, cover_letter="", fill="1"),
    )
    assert response.context["form"]["cover_letter"].value() == (
        "Hi {client_name}, I saw your post for Data pipeline.\n\nI am Alice Smith."
    )
    assert (
        "Nothing to fill {client_name} with yet, so it is left as typed: add the missing "
        "details and fill again, or replace it before sending."
    ) in response.text
    assert not Proposal.objects.exists()


def test_an_invitation_without_a_job_link_leaves_the_link_placeholder(
    signed_in, owner, make_invitation
):
    invitation = make_invitation()
    template = ProposalTemplate.objects.create(
        owner=owner, name="Linked", body="I read {job_url} closely."
    )
    response = signed_in.get(new_url(invitation=invitation.pk, template=template.pk))
    assert response.context["form"]["cover_letter"].value().endswith("I read {job_url} closely.")
    assert "Nothing to fill {job_url} with yet" in response.text


def test_fill_without_a_template_asks_for_one(signed_in):
    response = signed_in.post(new_url(), letter_data(job_title="X", fill="1"))
    assert "Choose a template to fill the letter from." in response.text


# Bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"cover_letter": "x" * 5001}, "Ensure this value has at most 5000 characters"),
        ({"bid_amount": "-5"}, "Ensure this value is greater than or equal to 0.01."),
        ({"bid_amount": "NaN"}, "Enter a number."),
        ({"bid_amount": "Infinity"}, "Enter a number."),
        ({"currency": "XYZ"}, "is not a currency we support"),
        ({"bid_type": "barter"}, "Select a valid choice."),
        ({"connects_spent": "-1"}, "Ensure this value is greater than or equal to 0."),
    ],
)
def test_bad_input_is_refused_with_its_message_and_nothing_saved(
    signed_in, invitation, changes, message
):
    response = signed_in.post(new_url(invitation=invitation.pk), letter_data(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert not Proposal.objects.exists()


def test_bad_input_on_the_edit_page_changes_nothing(signed_in, make_proposal):
    proposal = make_proposal()
    url = reverse("proposal_edit", args=[proposal.pk])
    data = letter_data(cover_letter="y" * 5001, job_title="Changed")
    data.update({"questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0"})
    response = signed_in.post(url, data)
    assert "Ensure this value has at most 5000 characters (it has 5001)." in response.text
    proposal.refresh_from_db()
    assert proposal.cover_letter == "Hello Acme, I can help." and proposal.job_title != "Changed"


def test_a_letter_of_exactly_5000_characters_is_fine(signed_in, invitation):
    signed_in.post(new_url(invitation=invitation.pk), letter_data(cover_letter="z" * 5000))
    assert len(Proposal.objects.get().cover_letter) == 5000


def test_line_breaks_count_once_against_the_limit_as_the_counter_counts_them(signed_in, invitation):
    # A browser sends each line break as CRLF; its counter (and the marketplace) counts one.
    letter = "\r\n".join(["a" * 99] * 50)
    assert len(letter.replace("\r\n", "\n")) == 4999
    signed_in.post(new_url(invitation=invitation.pk), letter_data(cover_letter=letter))
    assert Proposal.objects.get().cover_letter == letter.replace("\r\n", "\n")


def test_unknown_placeholders_left_in_the_letter_are_a_warning(signed_in, invitation):
    response = signed_in.post(
        new_url(invitation=invitation.pk),
        letter_data(cover_letter="Dear {client_name}, see {portfolio_link}"),
        follow=True,
    )
    assert "The cover letter still contains {client_name}, {portfolio_link}." in response.text
    assert Proposal.objects.exists()


def test_template_code_in_a_letter_comes_out_as_typed(client, owner, settings, invitation):
    settings.SECRET_KEY = "the-real-secret-key-0123456789"
    client.force_login(owner)
    template = ProposalTemplate.objects.create(
        owner=owner, name="Sneaky", body="{{ settings.SECRET_KEY }} <b>bold</b> {job_title}"
    )
    response = client.get(new_url(invitation=invitation.pk, template=template.pk))
    assert "the-real-secret-key" not in response.text
    assert "{{ settings.SECRET_KEY }} &lt;b&gt;bold&lt;/b&gt; Build a dashboard" in response.text

    letter = response.context["form"]["cover_letter"].value()
    client.post(new_url(invitation=invitation.pk), letter_data(cover_letter=letter))
    proposal = Proposal.objects.get()
    detail = client.get(reverse("proposal_detail", args=[proposal.pk]))
    assert "the-real-secret-key" not in detail.text
    assert "{{ settings.SECRET_KEY }} &lt;b&gt;bold&lt;/b&gt;" in detail.text


# Editing -----------------------------------------------------------------------------------


def test_the_owner_edits_the_letter_and_bid(signed_in, make_proposal, client_record):
    proposal = make_proposal()
    data = letter_data(
        cover_letter="New letter",
        bid_type="fixed",
        bid_amount="900",
        client=client_record.pk,
        job_title="Renamed job",
    )
    data.update({"questions-TOTAL_FORMS": "0", "questions-INITIAL_FORMS": "0"})
    response = signed_in.post(reverse("proposal_edit", args=[proposal.pk]), data, follow=True)
    assert "Proposal saved." in response.text
    proposal.refresh_from_db()
    assert proposal.cover_letter == "New letter"
    assert proposal.bid_type == "fixed" and proposal.bid_amount == Decimal("900")
    assert proposal.job_title == "Renamed job"


# Submit and withdraw -----------------------------------------------------------------------


def test_the_owner_submits_a_draft(now, signed_in, make_proposal):
    proposal = make_proposal()
    response = signed_in.post(reverse("proposal_submit", args=[proposal.pk]), follow=True)
    assert "Proposal marked as submitted." in response.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.submitted_at == NOW


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"cover_letter": ""}, "Write the cover letter before submitting."),
        ({"bid_amount": None}, "Enter your rate or bid before submitting."),
    ],
)
def test_submitting_an_incomplete_proposal_shows_why_and_changes_nothing(
    now, signed_in, make_proposal, fields, message
):
    proposal = make_proposal(**fields)
    response = signed_in.post(reverse("proposal_submit", args=[proposal.pk]), follow=True)
    assert message in response.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT and proposal.submitted_at is None


def test_a_submitted_proposal_cannot_be_submitted_again(now, signed_in, make_proposal):
    proposal = make_proposal()
    proposal.submit(at=NOW - timedelta(hours=1))
    response = signed_in.post(reverse("proposal_submit", args=[proposal.pk]), follow=True)
    assert "Only a draft can be submitted; this proposal is submitted." in response.text
    proposal.refresh_from_db()
    assert proposal.submitted_at == NOW - timedelta(hours=1)


def test_the_owner_withdraws_a_submitted_proposal(now, signed_in, make_proposal):
    proposal = make_proposal()
    proposal.submit()
    detail = signed_in.get(reverse("proposal_detail", args=[proposal.pk]))
    assert 'data-confirm="Withdraw this proposal?' in detail.text
    response = signed_in.post(reverse("proposal_withdraw", args=[proposal.pk]), follow=True)
    assert "Proposal withdrawn." in response.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN


def test_a_draft_cannot_be_withdrawn(now, signed_in, make_proposal):
    proposal = make_proposal()
    response = signed_in.post(reverse("proposal_withdraw", args=[proposal.pk]), follow=True)
    assert "Only a submitted proposal can be withdrawn; this one is draft." in response.text
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT


# Requesting an offer -----------------------------------------------------------------------


def test_requesting_an_offer_records_a_requested_offer(now, signed_in, owner, make_proposal):
    proposal = make_proposal()
    proposal.submit()
    response = signed_in.post(reverse("offer_request", args=[proposal.pk]), follow=True)
    offer = Offer.objects.get()
    assert offer.owner == owner and offer.proposal == proposal
    assert offer.requested_at == NOW and offer.status == Status.REQUESTED
    assert offer.client == proposal.client and offer.job_title == proposal.job_title
    assert response.redirect_chain[-1][0] == reverse("offer_detail", args=[offer.pk])
    assert "Offer requested." in response.text


def test_an_offer_is_requested_once(now, signed_in, make_proposal):
    proposal = make_proposal()
    proposal.submit()
    signed_in.post(reverse("offer_request", args=[proposal.pk]))
    response = signed_in.post(reverse("offer_request", args=[proposal.pk]), follow=True)
    assert "This proposal already has an open offer." in response.text
    assert Offer.objects.count() == 1


def test_a_draft_cannot_ask_for_an_offer(now, signed_in, make_proposal):
    proposal = make_proposal()
    response = signed_in.post(reverse("offer_request", args=[proposal.pk]), follow=True)
    assert "Ask for an offer once the proposal is submitted; this one is draft." in response.text
    assert not Offer.objects.exists()


def test_requesting_an_offer_is_post_only_and_owner_only(now, client, stranger, make_proposal):
    proposal = make_proposal()
    proposal.submit()
    url = reverse("offer_request", args=[proposal.pk])
    anonymous = client.post(url)
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("account_login"))
    client.force_login(stranger)
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405
    assert not Offer.objects.exists()
