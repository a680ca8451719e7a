import secrets
import zoneinfo
from datetime import timedelta
from functools import cache

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

# Names the zone database ships that are no place's clock: the server's own zone under an
# alias, and a placeholder for machines not yet set up.
NOT_PLACES = frozenset({"localtime", "Factory"})


@cache
def available_timezones():
    """The IANA zones a user may choose; read from the disk once, it does not change."""
    return frozenset(zoneinfo.available_timezones()) - NOT_PLACES


def validate_timezone(value):
    if value not in available_timezones():
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Pick one such as Europe/Berlin or "
            "America/New_York.",
            params={"value": value},
            code="invalid_timezone",
        )


def validate_lead_hours(value):
    """Reminder lead times: a list of whole hours before the deadline, each 1 to 720."""
    if not isinstance(value, list) or not all(
        isinstance(hours, int) and not isinstance(hours, bool) for hours in value
    ):
        raise ValidationError("Lead times must be a list of whole hours.", code="invalid_leads")
    if any(hours < 1 or hours > 720 for hours in value):
        raise ValidationError(
            "Each lead time must be between 1 and 720 hours.", code="invalid_leads"
        )
    if len(set(value)) != len(value):
        raise ValidationError("A lead time is listed twice.", code="invalid_leads")


def default_start_leads():
    return [72, 24, 2]


def default_completion_leads():
    return [24, 6, 1]


def default_offer_leads():
    return [48, 6]


def new_calendar_token():
    """An unguessable secret for the user's calendar feed URL (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def new_mail_token():
    """The secret in the user's forwarding address (`local+<token>@domain`): 32 lower-case hex
    characters, since some mail systems lower-case the address on the way."""
    return secrets.token_hex(16)


# The kinds of reminder a user may stop e-mails of, each on its own.
REMINDER_GROUPS = {
    "start": "interview start windows",
    "completion": "interview completion windows",
    "offer": "offer expiry",
    "followup": "follow-ups on proposals and requested offers",
}


def validate_reminder_groups(value):
    if not isinstance(value, list) or any(group not in REMINDER_GROUPS for group in value):
        raise ValidationError(f"Give a list of: {', '.join(REMINDER_GROUPS)}.")


class User(AbstractUser):
    """A freelancer (or an admin). Times are stored in UTC and shown in `timezone`."""

    # The kinds of reminder e-mail a user can turn off, for code that reaches the user model
    # through get_user_model() (the reminders app imports no domain app).
    REMINDER_GROUPS = REMINDER_GROUPS

    timezone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="IANA time zone name; every deadline is shown in it.",
    )
    start_reminder_hours = models.JSONField(
        "start window reminders (hours before)",
        default=default_start_leads,
        blank=True,
        validators=[validate_lead_hours],
    )
    completion_reminder_hours = models.JSONField(
        "completion window reminders (hours before)",
        default=default_completion_leads,
        blank=True,
        validators=[validate_lead_hours],
    )
    offer_reminder_hours = models.JSONField(
        "offer expiry reminders (hours before)",
        default=default_offer_leads,
        blank=True,
        validators=[validate_lead_hours],
    )
    proposal_followup_days = models.PositiveSmallIntegerField(
        "follow up a proposal with no reply after (days)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    offer_request_followup_days = models.PositiveSmallIntegerField(
        "follow up an offer requested but not received after (days)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    email_reminders = models.BooleanField("send reminders by e-mail", default=True)
    inapp_reminders = models.BooleanField("show reminders in the app", default=True)
    # Kinds of reminder (REMINDER_GROUPS' keys) not to e-mail, turned off from a reminder
    # e-mail's unsubscribe link or the settings page; the app and channels still show them.
    email_muted_kinds = models.JSONField(
        "reminders not to e-mail", default=list, blank=True, validators=[validate_reminder_groups]
    )
    # Quiet hours, on the user's clock: reminders wait until they end (reminders.quiet).
    quiet_start = models.TimeField("quiet hours from", null=True, blank=True)
    quiet_end = models.TimeField("quiet hours until", null=True, blank=True)
    alert_captured = models.BooleanField("alert my channels to captured invitations", default=True)
    # The secret in the calendar feed's URL (reminders.views); rotating it makes
    # every copy of the old URL a 404.
    calendar_token = models.CharField(
        max_length=64, unique=True, default=new_calendar_token, editable=False
    )

    # The secret in the user's mail-in forwarding address (capture.mailin); the only key
    # that places a received message under a user. Rotating it refuses the old address.
    mail_token = models.CharField(
        max_length=64, unique=True, default=new_mail_token, editable=False
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(proposal_followup_days__gte=1)
                & models.Q(offer_request_followup_days__gte=1),
                name="user_followup_days_positive",
            ),
        ]

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.timezone)

    def lead_times(self, kind):
        """The reminder lead times (timedeltas, longest first) this user chose for a kind."""
        hours = {
            "start": self.start_reminder_hours,
            "completion": self.completion_reminder_hours,
            "offer": self.offer_reminder_hours,
        }[kind]
        return [timedelta(hours=h) for h in sorted(hours or [], reverse=True)]

    def rotate_calendar_token(self):
        """Give the calendar feed a new secret URL; the old one stops working at once."""
        self.calendar_token = new_calendar_token()
        self.save(update_fields=["calendar_token"])

    def reminder_email(self):
        """The address reminders and alerts may go to: the primary one, once its owner has
        confirmed it by the link mailed to it; else None.

        Reads the addresses prefetched with the user when there are (the reminder sweep
        prefetches `emailaddress_set`), so a batch costs one query, not one per owner.
        """
        for address in self.emailaddress_set.all():
            if address.primary and address.verified:
                return address.email
        return None

    def quiet_hours_words(self, now=None):
        """Quiet hours as the settings page says them, in this user's zone; "" without any."""
        if self.quiet_start is None or self.quiet_end is None or self.quiet_start == self.quiet_end:
            return ""
        from django.utils import timezone

        zone_name = (now or timezone.now()).astimezone(self.zone).tzname()
        return (
            f"Between {self.quiet_start:%H:%M} and {self.quiet_end:%H:%M} {zone_name} only the "
            "last reminder before a deadline reaches you."
        )

    def rotate_mail_token(self):
        """Give the forwarding address a new secret; mail to the old one is refused at once."""
        self.mail_token = new_mail_token()
        self.save(update_fields=["mail_token"])

    def display_name(self):
        return self.get_full_name() or self.username
