"""How django-allauth behaves here: the sign-up switch, mail through the queue, log-in limits.

Log-in limits. A password guess costs one attempt of each limit it falls under before the
password is checked; a right password gives its own attempt back, and nothing else, so a
success slipped in between guesses wipes no one's count.

- From a browser that has never logged in to the account: `login_failed` in
  ACCOUNT_RATE_LIMITS, per account (whatever the address) and per address (whatever the
  account).
- From a browser the account has logged in from before (a signed cookie, accounts.devices):
  `login_failed_known_device`, counted for that browser and account alone. Someone else's
  guesses, from anywhere, never use it up, so the owner on their usual browser always gets
  in; and the owner on a new browser gets in by a password reset (which logs them in) or a
  passkey, neither of which asks for the password.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django_q.tasks import async_task

from . import devices

MAIL_TASK = "accounts.mail.send_message"


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return settings.TRACKER_ALLOW_SIGNUP

    def send_mail(self, template_prefix, email, context):
        """Render the message here, send it from the queue: a slow or stalled mail server
        never holds a web worker.

        The message carries everything it needs (no row it names may be uncommitted), so
        the task may run at once, even before this request's transaction ends.
        """
        message = self.render_mail(template_prefix, email, self.mail_context(email, context))
        async_task(MAIL_TASK, message, task_name="account mail")

    def mail_context(self, email, context):
        return {"email": email, "site_url": settings.SITE_URL, **context}

    def get_email_confirmation_url(self, request, emailconfirmation):
        # Links in mail are built from SITE_URL, never from the request's Host header.
        from django.urls import reverse

        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])

    def get_reset_password_from_key_url(self, key):
        from django.urls import reverse

        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", key)

    def pre_authenticate(self, request, **credentials):
        login = (credentials.get("username") or credentials.get("email") or "").strip().lower()
        if devices.knows(request, login):
            action, key = "login_failed_known_device", f"{devices.device_id(request)}:{login}"
        else:
            action, key = "login_failed", login
        # The base class gives this attempt back when the password turns out right.
        self._login_failed_rl_usage = ratelimit.consume(
            request, app="allauth.account", action=action, key=key
        )
        if not self._login_failed_rl_usage:
            raise self.validation_error("too_many_login_attempts")

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        devices.remember(request, response, user)
        return response
