import shutil
import tempfile

import pytest

from .imap_server import ImapServer, dovecot_binary


@pytest.fixture(scope="session")
def dovecot():
    """One Dovecot for the session, on a free loopback port; stopped at the end. Its folder
    is outside pytest's own (mode 0700), which Dovecot's unprivileged processes cannot enter."""
    binary = dovecot_binary()
    root = tempfile.mkdtemp(prefix="tracker-dovecot-")
    server = ImapServer(root)
    try:
        server.start(binary)
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def imap(dovecot, settings):
    """The session's Dovecot with an empty INBOX, configured as the mail-in mailbox."""
    dovecot.empty()
    settings.MAIL_IN_ADDRESS = "tracker@example.com"
    settings.MAIL_IN_IMAP = dovecot.config()
    return dovecot
