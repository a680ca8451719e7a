"""allauth's sign-up form in the site's words. Named in ACCOUNT_FORMS, so it is imported only
when the page is first shown, after allauth's forms (which import accounts.signup) exist."""

from allauth.account.forms import SignupForm


class TrackerSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "E-mail"
        email.help_text = "For password resets and reminders; we send a link to confirm it first."
