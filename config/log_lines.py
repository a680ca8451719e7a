"""Log records that a few expected events turn into one plain line."""

import logging


class OneLineWarning(logging.Filter):
    """A warning without its traceback.

    Django logs a request for a host the site does not serve (`DisallowedHost`) at ERROR
    with the whole traceback: scanners send such requests all day, and fifteen lines for
    each bury the errors that matter. What the operator needs is the bad host, on one line.
    """

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True
