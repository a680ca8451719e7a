"""Password reset: the page answers the same way, doing the same work, for every address.

The request only enqueues the address. Whether it belongs to an account is looked up by the
queue, which then sends the link; so neither the answer nor its time says whether the
address exists, and a slow mail server holds no web worker.
"""

from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm, default_token_generator
from allauth.account.utils import filter_users_by_email, user_pk_to_url_str
from django.conf import settings
from django.urls import reverse
from django_q.tasks import async_task

RESET_TASK = "accounts.password_reset.send_reset_link"


class QueuedResetPasswordForm(ResetPasswordForm):
    def clean_email(self):
        # No lookup here: that happens in the queue.
        return get_adapter().clean_email(self.cleaned_data["email"].lower())

    def save(self, request, **kwargs):
        email = self.cleaned_data["email"]
        async_task(RESET_TASK, email, task_name="password reset")
        return email


def send_reset_link(email):
    """Mail a reset link to each active account with this address; nothing to others."""
    adapter = get_adapter()
    for user in filter_users_by_email(email, is_active=True, prefer_verified=True):
        key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
        context = {
            "user": user,
            "username": user.get_username(),
            "password_reset_url": adapter.get_reset_password_from_key_url(key),
            "login_url": settings.SITE_URL + reverse("account_login"),
        }
        message = adapter.render_mail(
            "account/email/password_reset_key", email, adapter.mail_context(email, context)
        )
        message.send()
