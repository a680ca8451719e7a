"""Channel URLs at rest: encrypted, masked for display, and checked before they are kept.

A channel URL carries the user's tokens (a Telegram bot token, a webhook's secret path). It
is encrypted with Fernet under TRACKER_CHANNEL_KEYS — the first key encrypts, every key
decrypts — so a new key can be put first and the rows re-encrypted at leisure
(`manage.py reseal_channels`). The URL itself is never logged: errors name the channel.
"""

import base64
import hashlib
import ipaddress
import socket
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

# Services at their own fixed hosts: the URL's "host" is a token or a name, not an address.
CLOUD_SCHEMES = frozenset(
    {
        "tgram",  # Telegram
        "pover",  # Pushover
        "pbul",  # Pushbullet
        "slack",
        "discord",
        "msteams",
        "pushed",
        "join",
        "ifttt",
        "opsgenie",
        "pagerduty",
        "zulip",
        "line",
    }
)
# Services whose URL names the server: the address is resolved and checked.
SERVER_SCHEMES = frozenset(
    {
        "json",
        "jsons",
        "form",
        "forms",
        "xml",
        "xmls",
        "ntfy",
        "ntfys",
        "gotify",
        "gotifys",
        "matrix",
        "matrixs",
        "signal",
        "signals",
        "mmost",
        "mmosts",
        "rocket",
        "rockets",
        "apprise",
        "apprises",
    }
)
# Everything else — files, the desktop, the local mail program, syslog — is refused: a
# channel may only reach the network.
ALLOWED_SCHEMES = CLOUD_SCHEMES | SERVER_SCHEMES


def fernet():
    keys = settings.TRACKER_CHANNEL_KEYS or [development_key()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "TRACKER_CHANNEL_KEYS must be Fernet keys (32 url-safe base64-encoded bytes), "
            "comma-separated, the newest first."
        ) from error


def development_key():
    """A key derived from SECRET_KEY, for development only (production requires keys)."""
    digest = hashlib.sha256(b"tracker-channels:" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def seal(url):
    return fernet().encrypt(url.encode()).decode()


def unseal(sealed):
    try:
        return fernet().decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A channel URL cannot be decrypted with any of TRACKER_CHANNEL_KEYS: "
            "keep the old key in the list until `manage.py reseal_channels` has run."
        ) from None


def reseal(sealed):
    """The same URL encrypted with the newest key."""
    return fernet().rotate(sealed.encode()).decode()


def mask(url):
    """What a page may show: the scheme, the host, and the last 4 characters."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme in CLOUD_SCHEMES:
        host = ""  # a cloud service's "host" is often the token itself
    tail = url[-4:] if len(url) > 12 else ""
    return f"{parts.scheme}://{host + '/' if host else ''}…{tail}"


def check_url(url):
    """Refuse a URL that is not a network service we allow, or that reaches a private address.

    Raises ValidationError with a message a person understands.
    """
    checked_plugin(url)
    return (url or "").strip()


def checked_plugin(url):
    """The Apprise plugin for `url`, once `check_url`'s checks pass: what a delivery sends
    through, built once for both."""
    import apprise

    url = (url or "").strip()
    scheme = urlsplit(url).scheme.lower() if "://" in url else ""
    if not scheme:
        raise ValidationError(
            "Enter an Apprise URL such as ntfys://ntfy.sh/your-topic or tgram://bot-token/chat-id.",
            code="no_scheme",
        )
    if scheme not in ALLOWED_SCHEMES:
        raise ValidationError(
            "“%(scheme)s://” is not a channel this site sends to. Use a network service such "
            "as ntfy, Telegram, Slack, Discord, Pushover, Matrix, Gotify or a JSON webhook.",
            params={"scheme": scheme},
            code="scheme_refused",
        )
    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        raise ValidationError(
            "This URL is not one Apprise understands for “%(scheme)s://”; check it against "
            "the service's Apprise page.",
            params={"scheme": scheme},
            code="not_understood",
        )
    host = server_host(scheme, plugin)
    if host is not None:
        check_host(host)
    return plugin


def server_host(scheme, plugin):
    """The host a URL reaches, when the URL names it; None for a service's own cloud."""
    if scheme not in SERVER_SCHEMES:
        return None
    if scheme.startswith("ntfy") and getattr(plugin, "mode", "") == "cloud":
        return None  # ntfy://topic goes to ntfy.sh
    return plugin.host or ""


def check_host(host):
    if settings.TRACKER_CHANNELS_ALLOW_PRIVATE:
        return
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise ValidationError(
            "The server “%(host)s” could not be found.", params={"host": host}, code="no_host"
        ) from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise ValidationError(
                "“%(host)s” is a private or local address; channels reach only public servers.",
                params={"host": host},
                code="private_host",
            )
