"""Providers' inbound webhooks at /mail-in/<provider>/, through django-anymail.

anymail checks each request (Mailgun's HMAC signature with its signing key; the basic-auth
secret for every provider) and turns the provider's payload into a message; its `inbound`
signal hands that message here, to the same `receive` that IMAP uses. A provider whose
secret is not configured has no webhook at all: an unauthenticated one would let anyone
put mail in any Inbox whose address they guessed.
"""

import contextlib
import logging
import warnings

from anymail.exceptions import AnymailNotSupportedWarning
from anymail.signals import inbound
from anymail.webhooks.mailgun import MailgunInboundWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView
from anymail.webhooks.sendgrid import SendGridInboundWebhookView
from django.conf import settings
from django.dispatch import receiver
from django.http import Http404
from django.views.decorators.csrf import csrf_exempt

from .mailin import Refused, receive

log = logging.getLogger("capture.mailin")

# anymail no longer tests SendGrid against a live account and says so on every request; its
# inbound parsing and basic-auth check are unchanged, and ours are tested here.
warnings.filterwarnings("ignore", ".*SendGrid.*", AnymailNotSupportedWarning)

# provider: (anymail's view, the ANYMAIL settings it needs to prove a request genuine)
PROVIDERS = {
    "mailgun": (MailgunInboundWebhookView, ("WEBHOOK_SECRET", "MAILGUN_WEBHOOK_SIGNING_KEY")),
    "postmark": (PostmarkInboundWebhookView, ("WEBHOOK_SECRET",)),
    "sendgrid": (SendGridInboundWebhookView, ("WEBHOOK_SECRET",)),
}


def configured(provider):
    _, needs = PROVIDERS[provider]
    return all(getattr(settings, "ANYMAIL", {}).get(name) for name in needs)


@csrf_exempt
def provider_inbound(request, provider):
    if provider not in PROVIDERS or not configured(provider):
        raise Http404("No such webhook.")
    view_class, _ = PROVIDERS[provider]
    return view_class.as_view()(request)


@receiver(inbound, dispatch_uid="capture-inbound")
def take_inbound(sender, event, esp_name, **kwargs):
    message = event.message
    if message is None:
        return
    envelope = [message.envelope_recipient] if message.envelope_recipient else []
    # A refusal is logged by receive; the provider is told 200 so it does not retry forever.
    with contextlib.suppress(Refused):
        receive(message.as_bytes(), envelope=envelope, via=esp_name.lower()[:20])
