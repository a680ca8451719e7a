"""`.env.example` lists every variable the settings read."""

import re

from .processes import ROOT


def test_every_environment_variable_is_listed():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    read = set(re.findall(r'env_(?:str|bool|int|list|duration)\(\s*"([A-Z_]+)"', settings_source))
    read |= set(re.findall(r'env_str\(\s*"([A-Z_]+_URL)"', settings_source))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "the pattern found no variables"
    assert read - listed == set()
