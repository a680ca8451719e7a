"""Cover letters as text: their length limit and the `{placeholders}` a template fills.

Plain text in, plain text out: the models, the checker and the pages share these.
"""

import re

COVER_LETTER_LIMIT = 5000

# Placeholders are `{name}`: letters, digits and underscores. Anything else in braces is text.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

PLACEHOLDERS = {
    "client_name": "The client's name",
    "client_company": "The client's company",
    "job_title": "The job's title",
    "job_url": "The job's link",
    "my_name": "Your name",
}


def fill_placeholders(text, values):
    """Replace `{name}` with values[name] by plain substitution.

    Never runs a template engine over user text: `{{ settings.SECRET_KEY }}` or `{% load %}`
    come out exactly as typed. Returns the text and the sorted unknown placeholder names,
    which are left in place so the user sees them. A known placeholder whose value is empty
    (no client chosen yet, a job without a link) is left in place too: "Hi , thank you"
    would reach the client unnoticed, "Hi {client_name}" is flagged before sending.
    """
    unknown = set()

    def replace(match):
        name = match.group(1)
        if name not in values:
            unknown.add(name)
            return match.group(0)
        value = str(values[name])
        return value if value.strip() else match.group(0)

    return PLACEHOLDER.sub(replace, text), sorted(unknown)


def unfilled_placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text)))
