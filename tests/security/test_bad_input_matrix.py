"""The bad-input matrix, form by form across the apps, is wide and names each case once."""

from tests.accounts.test_settings_form_input import REFUSED as SETTINGS_FORM
from tests.accounts.test_signup_form_input import REFUSED as SIGNUP_FORM
from tests.interviews.test_client_form_input import REFUSED as CLIENT_FORM
from tests.interviews.test_invitation_action_input import REFUSED as INVITATION_ACTIONS
from tests.interviews.test_invitation_form_input import REFUSED as INVITATION_FORM
from tests.offers.test_offer_form_input import REFUSED as OFFER_FORM
from tests.proposals.test_proposal_form_input import REFUSED as PROPOSAL_FORM
from tests.proposals.test_template_form_input import REFUSED as TEMPLATE_FORM

REFUSED = [
    *INVITATION_FORM,
    *INVITATION_ACTIONS,
    *CLIENT_FORM,
    *PROPOSAL_FORM,
    *TEMPLATE_FORM,
    *OFFER_FORM,
    *SETTINGS_FORM,
    *SIGNUP_FORM,
]


def test_the_matrix_is_at_least_forty_cases_wide():
    assert len(REFUSED) >= 40
    assert len({case.id for case in REFUSED}) == len(REFUSED)
