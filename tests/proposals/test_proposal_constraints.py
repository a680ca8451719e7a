"""The database itself refuses an impossible proposal written behind the model's back."""

from proposals.models import Proposal
from tests.support.constraints import refused


def test_a_cover_letter_over_5000_characters_is_refused(now, make_proposal):
    proposal = make_proposal()
    refused(Proposal.objects.filter(pk=proposal.pk), cover_letter="x" * 5001)
    Proposal.objects.filter(pk=proposal.pk).update(cover_letter="x" * 5000)
