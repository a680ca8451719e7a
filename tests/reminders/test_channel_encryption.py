"""Channel URLs at rest: encrypted, rotatable, never exported or shown in clear."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from pipeline.portability import everything_json
from reminders.checks import channel_keys_set
from reminders.models import Channel
from tests.support.channels import CHANNEL_KEY, OTHER_KEY

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
URL = f"tgram://{TOKEN}/987654321"


@pytest.fixture
def channel(owner):
    channel = Channel(owner=owner, name="Telegram")
    channel.set_url(URL)
    channel.save()
    return channel


def test_the_database_row_does_not_hold_the_token(channel):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM reminders_channel WHERE id = %s", [channel.pk])
        row = " ".join(str(value) for value in cursor.fetchone())
    assert TOKEN not in row and "AAHdq" not in row
    assert Channel.objects.get().url == URL


def test_the_mask_shows_the_scheme_and_last_characters_only(channel):
    assert channel.masked_url == "tgram://…4321"
    assert TOKEN[:10] not in str(channel)


def test_a_rotated_key_still_decrypts_and_reseal_moves_rows_to_it(channel, settings):
    settings.TRACKER_CHANNEL_KEYS = [OTHER_KEY, CHANNEL_KEY]
    assert Channel.objects.get().url == URL
    call_command("reseal_channels", stdout=StringIO())
    settings.TRACKER_CHANNEL_KEYS = [OTHER_KEY]
    assert Channel.objects.get().url == URL


def test_a_url_sealed_with_a_dropped_key_says_how_to_recover(channel, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.TRACKER_CHANNEL_KEYS = [OTHER_KEY]
    with pytest.raises(ImproperlyConfigured, match="keep the old key"):
        Channel.objects.get().url  # noqa: B018


def test_the_export_leaves_channels_out(channel, owner):
    exported = everything_json(owner)
    assert TOKEN not in exported and "tgram" not in exported
    assert "channels" not in json.loads(exported)


def test_production_refuses_to_start_without_a_key(settings):
    settings.TRACKER_CHANNEL_KEYS = []
    settings.DEBUG = False
    (error,) = channel_keys_set()
    assert error.id == "reminders.E005"
    settings.DEBUG = True
    assert channel_keys_set() == []
    settings.TRACKER_CHANNEL_KEYS = ["not-a-key"]
    (error,) = channel_keys_set()
    assert error.id == "reminders.E006"
