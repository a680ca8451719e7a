"""Authenticator-app codes computed here, by RFC 6238 (HMAC-SHA1, 30-second steps, 6 digits),
the way a phone's app computes them, independently of the code that checks them."""

import base64
import hashlib
import hmac
import struct
import time


def totp_code(secret, at=None):
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{value:06d}"
