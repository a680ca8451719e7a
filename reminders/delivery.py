"""What a reminder says, and how it reaches the freelancer: e-mail and the in-app list."""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import NoReverseMatch


@dataclass
class Message:
    title: str
    body: str
    url: str


def compose(kind, subject, reminder, now):
    """The reminder's words, computed at send time so they state the time actually left."""
    title, body = kind.message(subject, reminder, now)
    try:
        path = subject.get_absolute_url()
    except NoReverseMatch:
        path = "/"
    return Message(title=title, body=body, url=path)


def message_id(reminder):
    # Stable per reminder: a retried send is recognisably the same message.
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"<reminder-{reminder.pk}@{domain or 'localhost'}>"


def email_for(message, reminder, user):
    context = {
        "message": message,
        "user": user,
        "link": settings.SITE_URL + message.url,
        "settings_link": settings.SITE_URL + "/settings/",
    }
    email = EmailMultiAlternatives(
        subject=message.title,
        body=render_to_string("reminders/email.txt", context),
        to=[user.email],
        headers={"Message-ID": message_id(reminder)},
    )
    email.attach_alternative(render_to_string("reminders/email.html", context), "text/html")
    return email


def wants_email(user):
    return bool(user.email_reminders and user.email)


def wants_inapp(user):
    return bool(user.inapp_reminders)
