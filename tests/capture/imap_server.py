"""A real IMAP server on loopback for the mail-in tests: Debian's Dovecot, configured in a
temporary folder (one passwd-file user, a maildir, plaintext log-in on 127.0.0.1 only).

Installed with apt-get when missing (as `.ci/run` does); the tests are skipped, saying why,
only when it cannot be installed.
"""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

USER, PASSWORD = "tracker", "imap-test-password"


def dovecot_binary():
    found = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if found:
        return found
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        pytest.skip(
            "Dovecot is not installed and cannot be (apt-get install dovecot-imapd as root)"
        )
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    installed = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "dovecot-imapd"],
        env=env,
        capture_output=True,
        text=True,
    )
    if installed.returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
        installed = subprocess.run(
            ["apt-get", "install", "-y", "-qq", "dovecot-imapd"],
            env=env,
            capture_output=True,
            text=True,
        )
    if installed.returncode != 0 or not Path("/usr/sbin/dovecot").exists():
        pytest.skip(f"Dovecot could not be installed: {installed.stderr.strip()[-300:]}")
    return "/usr/sbin/dovecot"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_internal_group = {internal_group}
default_login_user = {login}
mail_location = maildir:{root}/mail/%u
# The mail's owner: the test runner, or Dovecot's own user when that is root.
first_valid_uid = {uid}
first_valid_gid = {gid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


class ImapServer:
    def __init__(self, root):
        self.root = Path(root)
        self.port = free_port()
        self.process = None

    def url(self):
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def config(self):
        return {
            "tls": False,
            "host": "127.0.0.1",
            "port": self.port,
            "user": USER,
            "PASSWORD": PASSWORD,
            "mailbox": "INBOX",
        }

    def start(self, binary):
        for folder in ("run", "state", "mail"):
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o755)
        os.chmod(self.root / "run", 0o755)
        (self.root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        me = pwd.getpwuid(os.getuid())
        if os.geteuid() == 0:
            # Dovecot never accesses mail as root: the maildir belongs to its own user then.
            me = pwd.getpwnam("dovecot")
            os.chown(self.root / "mail", me.pw_uid, me.pw_gid)
        internal = "dovecot" if os.geteuid() == 0 else me.pw_name
        login = "dovenull" if os.geteuid() == 0 else me.pw_name
        conf = self.root / "dovecot.conf"
        conf.write_text(
            CONFIG.format(
                root=self.root,
                port=self.port,
                uid=me.pw_uid,
                gid=me.pw_gid,
                internal=internal,
                internal_group=internal,
                login=login,
            )
        )
        self.process = subprocess.Popen(
            [binary, "-F", "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Dovecot stopped at start: {self.process.stderr.read()}{self.log()}"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"Dovecot did not listen on {self.port}: {self.log()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self):
        path = self.root / "dovecot.log"
        return path.read_text()[-2000:] if path.exists() else ""

    def client(self):
        conn = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        conn.login(USER, PASSWORD)
        conn.select("INBOX")
        return conn

    def append(self, *raws):
        conn = self.client()
        try:
            for raw in raws:
                status, data = conn.append("INBOX", None, None, raw)
                assert status == "OK", data
        finally:
            conn.logout()

    def unseen(self):
        conn = self.client()
        try:
            return len(conn.uid("SEARCH", None, "UNSEEN")[1][0].split())
        finally:
            conn.logout()

    def empty(self):
        conn = self.client()
        try:
            conn.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
            conn.expunge()
        except imaplib.IMAP4.error:
            pass  # an empty mailbox has no 1:*
        finally:
            conn.logout()
