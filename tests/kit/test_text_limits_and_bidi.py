"""Every text a user types has a stated limit, and a name or title refuses the invisible
characters that reverse how the text around them is shown."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from interviews.models import Client
from kit.validators import TEXT_LIMIT, validate_single_line
from proposals.models import ProposalTemplate

MILLION = "x" * 1_000_000
# Text written by the system, not typed: kept whole.
NOT_TYPED = {
    "reminders.Reminder.last_error",
    "reminders.Notification.body",
    "reminders.ChannelDelivery.body",
    "reminders.ChannelDelivery.last_error",
}


def typed_text_fields():
    for app in ("accounts", "interviews", "proposals", "offers", "reminders", "pipeline"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                label = f"{model._meta.label}.{getattr(field, 'name', '')}"
                if (
                    isinstance(field, models.TextField)
                    and field.editable
                    and label not in NOT_TYPED
                ):
                    if model._meta.label == "pipeline.ImportJob":
                        continue  # the file's text, held to the upload's own limit
                    yield label, field


def test_every_typed_text_field_has_a_limit():
    unlimited = [
        label
        for label, field in typed_text_fields()
        if not field.max_length
        and not any(getattr(v, "limit_value", None) for v in field.validators)
    ]
    assert unlimited == []


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def test_a_million_character_template_body_is_refused(signed_in, owner):
    response = signed_in.post(
        reverse("template_new"),
        {"name": "Huge", "invitation_opening": "", "job_post_opening": "", "body": MILLION},
    )
    assert response.status_code == 200
    assert f"Ensure this value has at most {TEXT_LIMIT} characters" in response.text
    assert not ProposalTemplate.objects.exists()


def test_million_character_research_notes_are_refused(signed_in, owner):
    response = signed_in.post(reverse("client_new"), {"name": "Globex", "research_notes": MILLION})
    assert response.status_code == 200
    assert f"Ensure this value has at most {TEXT_LIMIT} characters" in response.text
    assert not Client.objects.filter(name="Globex").exists()


def test_the_limit_is_stated_beside_the_field(signed_in):
    response = signed_in.get(reverse("template_new"))
    assert f"At most {TEXT_LIMIT:,} characters." in response.text
    assert f'maxlength="{TEXT_LIMIT}"' in response.text


@pytest.mark.parametrize(
    "character",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
)
def test_a_name_with_a_direction_control_is_refused(character):
    with pytest.raises(ValidationError) as caught:
        validate_single_line(f"Acme{character}cod.exe")
    assert caught.value.code == "bidi_control"


@pytest.mark.parametrize("name", ["שלום Acme", "شركة", "Zoë 東京", "Acme\u200f"])
def test_right_to_left_text_itself_is_kept(name):
    validate_single_line(name)


def test_the_client_form_refuses_a_right_to_left_override(signed_in):
    response = signed_in.post(reverse("client_new"), {"name": "Acme\u202eexe.pdf"})
    assert response.status_code == 200
    assert "characters that change the direction of the text" in response.text
    assert not Client.objects.exists()


def test_an_invitation_title_with_an_override_is_refused(signed_in, now, client_record):
    response = signed_in.post(
        reverse("invitation_new"),
        {
            "client": client_record.pk,
            "job_title": "Build\u202e it",
            "notified_at": "2026-11-25T06:00",
        },
    )
    assert response.status_code == 200
    assert "characters that change the direction of the text" in response.text
