"""Every formset has a ceiling: a post claiming 100,000 rows is refused at once, with a
message, and never builds more forms than the ceiling."""

from django.urls import reverse

from interviews.forms import PreparationFormSet
from offers.forms import MILESTONE_LIMIT, MilestoneFormSet
from offers.models import Offer
from proposals.forms import QUESTION_LIMIT, QuestionFormSet
from proposals.models import ScreeningQuestion

HUGE = "100000"


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_each_formset_refuses_more_rows_than_it_may_hold():
    for formset in (MilestoneFormSet, QuestionFormSet, PreparationFormSet):
        assert formset.validate_max
        assert formset.max_num <= 100
        assert formset.absolute_max == formset.max_num


def test_a_hundred_thousand_milestones_are_refused_at_once(client, now, owner, client_record):
    client.force_login(owner)
    data = {
        "client": client_record.pk,
        "job_title": "Data work",
        "received_at": "2026-11-25T06:30",
        "expires_at": "2026-12-02T06:30",
        "contract_type": "fixed",
        "amount": "100",
        "currency": "USD",
        "start_date": "2026-12-01",
        **management("milestones", HUGE),
    }
    response = client.post(reverse("offer_new"), data)
    assert response.status_code == 200
    assert len(response.context["milestones"].forms) <= MILESTONE_LIMIT
    assert f"An offer lists at most {MILESTONE_LIMIT} milestones" in response.text
    assert not Offer.objects.exists()


def test_a_hundred_thousand_questions_are_refused_at_once(client, now, owner, make_proposal):
    proposal = make_proposal()
    client.force_login(owner)
    data = {
        "job_title": proposal.job_title,
        "cover_letter": "Hello",
        "bid_type": "hourly",
        "bid_amount": "50",
        "currency": "USD",
        **management("questions", HUGE),
    }
    response = client.post(reverse("proposal_edit", args=[proposal.pk]), data)
    assert response.status_code == 200
    assert len(response.context["questions"].forms) <= QUESTION_LIMIT
    assert f"A proposal holds at most {QUESTION_LIMIT} screening questions" in response.text
    assert not ScreeningQuestion.objects.exists()


def test_a_hundred_thousand_preparation_rows_are_refused_at_once(
    client, now, owner, make_invitation
):
    invitation = make_invitation()
    client.force_login(owner)
    data = management("prep", HUGE, initial=4)
    for i, item in enumerate(invitation.preparation.all()):
        data[f"prep-{i}-id"] = item.pk
        data[f"prep-{i}-notes"] = "Read their site"
    response = client.post(reverse("preparation_update", args=[invitation.pk]), data)
    assert response.status_code == 200
    assert len(response.context["preparation"].forms) <= 4
    assert "The checklist has 4 points" in response.text
    assert not invitation.preparation.filter(notes="Read their site").exists()


def test_the_admin_inlines_are_capped_too(rf, admin_user):
    from django.contrib.admin.sites import site

    from interviews.models import Invitation
    from offers.models import Offer as OfferModel
    from proposals.models import Proposal

    request = rf.get("/")
    request.user = admin_user
    for model in (OfferModel, Proposal, Invitation):
        for inline in site._registry[model].get_inline_instances(request):
            formset = inline.get_formset(request)
            assert formset.absolute_max == type(inline).max_num <= 100
