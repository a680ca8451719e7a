"""Import invitations from a CSV file: our own export, or another tracker's columns.

All or nothing. Every row is read and checked first, and every bad row is reported with its
line number and the reason; only a file with no bad row is written, in one transaction, and
through the models, so deadlines and reminders follow as for an invitation entered by hand.

Our own export (`pipeline.portability.INVITATION_HEADER`) round-trips exactly: its deadlines
are kept as they were computed when the events happened (a later change to the window
settings never moves a deadline), its `id` and `status` columns are ignored (the id is the
old row's, the status follows from the times). A foreign file has no deadlines; they are
computed from the window settings, as for a new invitation.
"""

import codecs
import csv
import itertools
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from dateutil import parser as dateutil_parser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from interviews.models import TEXT_LIMIT, Client, Invitation, Point, PreparationItem
from kit.clock import EARLIEST_YEAR, LATEST_YEAR, zone_of
from kit.rows import create_rows, insert_values
from kit.validators import validate_single_line
from reminders import registry

from .portability import INVITATION_HEADER, restore

MAX_FILE_BYTES = 20 * 1024 * 1024
# What one import takes: the queue writes a batch of a thousand invitations (each with its
# preparation and reminders) in a few seconds at most, well inside its timeout; a file over
# these is refused before anything is queued.
MAX_ROWS = 100_000
MAX_COLUMNS = 50
# How many problems a page lists before it says "and N more".
MAX_REPORTED = 200


class ImportProblem(Exception):
    """The file as a whole cannot be read (not a CSV, empty, too big)."""


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    required: bool = False
    is_time: bool = False
    # Header names (lower case) that a foreign file is likely to use for this column.
    guesses: tuple = ()


TARGETS = (
    Target("client", "Client", required=True, guesses=("client", "client name", "customer")),
    Target("company", "Company", guesses=("company", "client company", "organisation")),
    Target("job_title", "Job title", required=True, guesses=("job title", "title", "job")),
    Target("job_url", "Job URL", guesses=("job url", "url", "link", "job link")),
    Target("message", "Message", guesses=("message", "client message", "invitation message")),
    Target(
        "notified_at",
        "Notified at",
        required=True,
        is_time=True,
        guesses=("notified at", "notified", "invited at", "invited", "date", "received"),
    ),
    Target("started_at", "Started at", is_time=True, guesses=("started at", "started")),
    Target("completed_at", "Completed at", is_time=True, guesses=("completed at", "completed")),
    Target("declined_at", "Declined at", is_time=True, guesses=("declined at", "declined")),
    Target("decline_reason", "Decline reason", guesses=("decline reason", "reason")),
    Target("archived_at", "Archived at", is_time=True, guesses=("archived at", "archived")),
)
TARGETS_BY_KEY = {t.key: t for t in TARGETS}
# Names and titles, one line as the forms keep them (a quoted CSV cell may hold line breaks).
SINGLE_LINE_KEYS = ("client", "company", "job_title")

# Our own export's columns, by the key each feeds (`id` and `status` are not read back).
OWN_COLUMNS = {
    "client": "client",
    "company": "company",
    "job title": "job_title",
    "job URL": "job_url",
    "message": "message",
    "notified at": "notified_at",
    "start deadline": "start_deadline",
    "started at": "started_at",
    "completion deadline": "completion_deadline",
    "completed at": "completed_at",
    "declined at": "declined_at",
    "decline reason": "decline_reason",
    "archived at": "archived_at",
    "preparation done": "preparation",
}
# Files exported before the preparation column are read as our own too.
OWN_HEADERS = (INVITATION_HEADER, INVITATION_HEADER[:-1])
DEADLINE_LABELS = {"start_deadline": "Start deadline", "completion_deadline": "Completion deadline"}


@dataclass
class Sheet:
    """A CSV file's header, how many rows it has, and its rows read on demand.

    The rows are never all held at once: each pass over the file reads them one by one
    from its text, itself read a piece at a time where it is stored (`pieces()`), so an
    import's memory does not grow with the file.
    """

    header: list
    pieces: Callable
    delimiter: str
    row_count: int
    end_of_line: str = "\n"

    def rows(self):
        """`(line number, cells)` for each row that is not blank, in file order."""
        reader = _reader(self.pieces(), self.end_of_line, self.delimiter)
        next(reader)
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield line, cells
            line = reader.line_num + 1

    def preview(self, count):
        """The first `count` rows' cells."""
        return [cells for _, cells in itertools.islice(self.rows(), count)]

    @property
    def is_own_format(self):
        names = [h.strip().lower() for h in self.header]
        return any(names == [h.lower() for h in header] for header in OWN_HEADERS)

    def own_mapping(self):
        position = {h.strip().lower(): i for i, h in enumerate(self.header)}
        return {
            key: position[name.lower()]
            for name, key in OWN_COLUMNS.items()
            if name.lower() in position
        }

    def guess_mapping(self):
        """For each target, the first column whose header is one of its usual names."""
        names = [re.sub(r"[\s_]+", " ", h.strip().lower()) for h in self.header]
        mapping = {}
        for target in TARGETS:
            for guess in target.guesses:
                if guess in names and names.index(guess) not in mapping.values():
                    mapping[target.key] = names.index(guess)
                    break
        return mapping

    def column_names(self):
        return [h.strip() or f"Column {i + 1}" for i, h in enumerate(self.header)]


@dataclass
class Result:
    created: int = 0
    new_clients: int = 0
    skipped: int = 0  # already in the tracker
    repeated: int = 0  # the same invitation as an earlier row of the file
    problems: list = field(default_factory=list)  # [(line, message)], the first MAX_REPORTED
    problem_count: int = 0  # all of them

    @property
    def ok(self):
        return not self.problems


def decode(raw):
    """The file's text: UTF-8 (with or without a byte order mark), else Windows-1252; or
    UTF-16 with its byte order mark, as Excel saves "Unicode Text"."""
    if len(raw) > MAX_FILE_BYTES:
        raise ImportProblem(
            f"The file is {len(raw) / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files."
        )
    if raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportProblem(
                "The file's text is not valid UTF-16; save it as UTF-8 CSV."
            ) from None
    if b"\x00" in raw:
        raise ImportProblem("This is not a CSV file (it contains binary data).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportProblem(
            "The file's text encoding is not UTF-8; save it as UTF-8 CSV."
        ) from None


def _delimiter(text):
    """Comma, semicolon or tab: whichever the header line uses most (comma by default)."""
    start = len(text) - len(text.lstrip()) if text[:1].isspace() else 0
    end = text.find("\n", start)
    first_line = text[start : end if end != -1 else len(text)]
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _lines(pieces, end_of_line):
    """The text's lines, each with its line break, sliced one at a time from the pieces it
    comes in: no copy of the whole text (a StringIO holds one four times its size)."""
    rest = ""
    for piece in pieces:
        text = rest + piece if rest else piece
        start = 0
        while (end := text.find(end_of_line, start)) != -1:
            yield text[start : end + 1]
            start = end + 1
        rest = text[start:]
    if rest:
        yield rest


def _reader(pieces, end_of_line, delimiter):
    return csv.reader(_lines(pieces, end_of_line), csv.excel, delimiter=delimiter)


def read_sheet(source):
    """Check CSV text (comma, semicolon or tab separated) from end to end without keeping
    its rows: a header naming at most MAX_COLUMNS columns, then 1 to MAX_ROWS rows.

    `source` is the text, or a function that gives it in pieces each time it is called
    (`ImportJob.text_pieces`); a piece holds the header line.
    """
    pieces = source if callable(source) else lambda: iter((source,))
    first = next(iter(pieces()), "")
    if not first or first.isspace() and all(piece.isspace() for piece in pieces()):
        raise ImportProblem("The file is empty.")
    delimiter = _delimiter(first)
    # "\r" alone: old Mac files.
    end_of_line = "\n" if "\n" in first or "\r" not in first else "\r"
    reader = _reader(pieces(), end_of_line, delimiter)
    count = 0
    try:
        header = next(reader)
        if len(header) > MAX_COLUMNS:
            # Said at once, before a row is read or a column listed.
            raise ImportProblem(
                f"The file has {len(header):,} columns; an import reads at most "
                f"{MAX_COLUMNS}. Keep the columns with the invitations' details and save it "
                "again."
            )
        for cells in reader:
            if any(cell.strip() for cell in cells):
                count += 1
                if count > MAX_ROWS:
                    raise ImportProblem(
                        f"The file has more than {MAX_ROWS:,} rows, the most one import "
                        "takes. Split it into smaller files."
                    )
    except csv.Error as error:
        raise ImportProblem(f"Line {reader.line_num}: this is not valid CSV ({error}).") from None
    if not any(h.strip() for h in header):
        raise ImportProblem("The first line must name the columns.")
    if not count:
        raise ImportProblem("The file has a header but no rows.")
    return Sheet(
        header=header,
        pieces=pieces,
        delimiter=delimiter,
        row_count=count,
        end_of_line=end_of_line,
    )


# Times ---------------------------------------------------------------------------------

# Two defaults for what the text leaves out; where the two readings differ, it was left out.
_DEFAULT_A = datetime(2000, 1, 1, 0, 0)
_DEFAULT_B = datetime(2001, 2, 2, 1, 0)
OUT_OF_YEARS = f"is not in the years {EARLIEST_YEAR} to {LATEST_YEAR} in your time zone"
# A year below 100 written in four digits ("0001"), which dateutil moves into this century.
_TINY_YEAR = re.compile(r"(?<![\d:])00(\d\d)(?![\d:])")
# "UTC+3", "GMT -05:00": dateutil reads a sign after a zone name the POSIX way round ("UTC+3"
# is three hours *behind* UTC), and drops an offset after a spaced "UTC". People mean the
# offset itself, which dateutil reads right once the name is gone.
_UTC_AND_OFFSET = re.compile(r"(?<![a-z])(?:utc|gmt)\s*(?=[+-]\d)", re.IGNORECASE)
UNKNOWN_ZONE = "names a time zone we cannot read; write an offset such as -05:00"


def _parse_loose(text, dayfirst):
    """`(moment, has_time)`: the naive or aware datetime the text names, and whether it gave
    a time of day."""
    text = _UTC_AND_OFFSET.sub(" ", text)
    year_first = bool(re.match(r"\d{4}\D", text))
    options = {"dayfirst": dayfirst and not year_first, "yearfirst": year_first}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            moment = dateutil_parser.parse(text, default=_DEFAULT_A, **options)
            other = dateutil_parser.parse(text, default=_DEFAULT_B, **options)
        except (ValueError, OverflowError):
            raise ValueError("is not a date and time we can read") from None
    if any(issubclass(w.category, dateutil_parser.UnknownTimezoneWarning) for w in caught):
        raise ValueError(UNKNOWN_ZONE)
    # Any other name with a sign right after it ("EST-5") is read the POSIX way round too.
    name = moment.tzname()
    if name and re.search(re.escape(name) + r"[+-]\d", text):
        raise ValueError(UNKNOWN_ZONE)
    # Whatever the text left out came from the default; two defaults tell what was missing.
    if moment.date() != other.date():
        raise ValueError("needs a full date: day, month and year")
    # dateutil reads "Jan 1, 0001" as 2001.
    if any(int(tiny) == moment.year % 100 for tiny in _TINY_YEAR.findall(text)):
        raise ValueError(OUT_OF_YEARS)
    return moment, moment.hour == other.hour


def _written(moment):
    """`2026-03-29T03:30+02:00`: a moment as the file could write it, seconds only if any."""
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


def _on_the_clock_of(moment, zone):
    """A time written without an offset, read on `zone`'s clock.

    Where the clocks change, the digits alone do not say the instant: a time in the hour
    repeated when they go back is two instants, one in the hour skipped when they go forward
    is none. A file cannot be asked which was meant, so such a time is refused and the
    message shows how to write it with its offset.
    """
    first = moment.replace(tzinfo=zone, fold=0)
    second = moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    change = f"{first.tzname()} to {second.tzname()}"
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == moment:
        raise ValueError(
            f"is a time the clocks show twice in {zone.key} (they go back from {change}); "
            f"write it with its UTC offset to say which: {_written(first)} or "
            f"{_written(second)}"
        )
    # Skipped: read with the offset before the change, it is this instant on the new clock.
    meant = first.astimezone(UTC).astimezone(zone)
    raise ValueError(
        f"is a time the clocks skip in {zone.key} (they go forward from {change}); "
        f"write it with its UTC offset, such as {_written(meant)} if that was meant"
    )


def _check_years(moment):
    """Refuse a moment outside the years every form accepts (2000 to 2099)."""
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValueError(OUT_OF_YEARS)


# The offsets of the world's clocks run from UTC-12:00 to UTC+14:00.
_OFFSETS = (timedelta(hours=-12), timedelta(hours=14))


def _check_offset(moment):
    """Refuse an offset no clock uses (`+25:00`, `-2500`), which Python cannot even hold."""
    try:
        offset = moment.utcoffset()
    except ValueError:
        offset = None
    if offset is None or not _OFFSETS[0] <= offset <= _OFFSETS[1]:
        raise ValueError("has a UTC offset no place uses; offsets run from -12:00 to +14:00")


def parse_time(text, zone, dayfirst=True):
    """An aware UTC datetime from common formats; a time without an offset is in `zone`.

    ISO 8601 first (so `2026-03-04` is never read day-first), then dateutil for the rest:
    `25/11/2026 2pm`, `Nov 25, 2026 14:00`, `25.11.2026 14:00`. A date with no time is
    day's first moment (01:00 where the clocks skip midnight). Only the years 2000 to 2099 on
    the user's clock are read, as in every form: at the far edges a time does not even
    survive the conversion to UTC or a window added to it. Raises ValueError with a reason a
    person understands.
    """
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text)
        has_time = "T" in text.upper() or " " in text
    except ValueError:
        moment, has_time = _parse_loose(text, dayfirst)
    # As written first: near the years 1 and 9999 the conversion itself overflows.
    _check_years(moment)
    if moment.tzinfo is not None:
        _check_offset(moment)
    if moment.tzinfo is None and has_time:
        moment = _on_the_clock_of(moment, zone)
    elif moment.tzinfo is None:
        # A date alone is its first moment: fold=0 reads a midnight the clocks skip with the
        # offset before the change, which is the first minute after it.
        moment = moment.replace(tzinfo=zone)
    _check_years(moment.astimezone(zone))
    return moment.astimezone(UTC)


# The same moments come back row after row in a real export (a day's invitations, a
# date without a time): each is read once per process. Bounded, so a file of all-new
# moments costs a fixed memory.
_read_time = lru_cache(maxsize=1024)(parse_time)


# Rows ----------------------------------------------------------------------------------

_url = URLValidator(schemes=["http", "https"])


@lru_cache(maxsize=512)
def _is_web_address(text):
    """Whether `text` is an http(s) address; a file repeats its few job sites' links."""
    try:
        _url(text)
    except ValidationError:
        return False
    return True


def _limit(key):
    if key in ("client", "company"):
        return Client._meta.get_field("name" if key == "client" else "company").max_length
    model_field = Invitation._meta.get_field(key)
    return model_field.max_length or TEXT_LIMIT


def _single_line_problem(text):
    """Why `text` cannot be a name or title (a line break, a direction control), or ""."""
    try:
        validate_single_line(text)
    except ValidationError as error:
        if error.code == "line_break":
            return "has a line break; it must be one line"
        return "holds an invisible character that changes the direction of the text"
    return ""


# The enum builds its list of values anew each time it is asked.
POINTS = tuple(Point.values)


def _preparation(cell):
    """The preparation points a cell names as done ("research, questions"), or a problem."""
    names = [name.strip().lower() for name in cell.split(",") if name.strip()]
    unknown = [name for name in names if name not in POINTS]
    if unknown:
        return [], (
            f"“Preparation done” names {', '.join(unknown[:3])}, not one of "
            f"{', '.join(Point.values)}"
        )
    return names, None


def _read_row(cells, width, mapping, zone, dayfirst, now):
    """The row's values by key, and the problems found in it."""
    problems = []
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        problems.append(f"it has {len(cells)} cells but the header names {width} columns")
    cells = [restore(c) for c in cells] + [""] * max(0, width - len(cells))
    values = {}
    for key, index in mapping.items():
        if key == "preparation":
            values[key], problem = _preparation(cells[index])
            if problem:
                problems.append(problem)
            continue
        target = TARGETS_BY_KEY.get(key)
        label = target.label if target else DEADLINE_LABELS[key]
        is_time = target is None or target.is_time
        raw = cells[index].strip()
        if not raw:
            if target is not None and target.required:
                problems.append(f"“{label}” is missing")
            values[key] = None if is_time else ""
        elif is_time:
            try:
                values[key] = _read_time(raw, zone, dayfirst)
            except ValueError as error:
                problems.append(f"“{label}” {error}: “{raw[:40]}”")
                continue
            if target is not None and values[key] > now:
                problems.append(f"“{label}” is in the future: “{raw[:40]}”")
        elif len(raw) > _limit(key):
            problems.append(f"“{label}” is {len(raw)} characters long; the limit is {_limit(key)}")
        elif key in SINGLE_LINE_KEYS and _single_line_problem(raw):
            problems.append(f"“{label}” {_single_line_problem(raw)}")
        else:
            values[key] = raw
    if values.get("job_url") and not _is_web_address(values["job_url"]):
        problems.append(
            "“Job URL” is not a web address starting with http:// or https://: "
            f"“{values['job_url'][:60]}”"
        )
    return values, problems


def _order_problems(v):
    """The rules between a row's times (the model checks the windows themselves)."""
    problems = []
    notified = v.get("notified_at")
    if notified is None:
        return problems
    if v.get("started_at") and v["started_at"] < notified:
        problems.append("it started before the invitation was notified")
    if v.get("completed_at") and not v.get("started_at"):
        problems.append("it was completed but never started")
    if v.get("declined_at"):
        if v["declined_at"] < notified:
            problems.append("it was declined before the invitation was notified")
        if v.get("completed_at"):
            problems.append("a completed interview cannot also be declined")
        if not v.get("decline_reason"):
            problems.append("it was declined without a reason")
    elif v.get("decline_reason"):
        problems.append("it has a decline reason but no decline time")
    if v.get("archived_at") and v["archived_at"] < notified:
        problems.append("it was archived before the invitation was notified")
    if v.get("start_deadline") and v["start_deadline"] <= notified:
        problems.append("its start deadline is not after the notification time")
    if v.get("completion_deadline"):
        if not v.get("started_at"):
            problems.append("it has a completion deadline but never started")
        elif v["completion_deadline"] <= v["started_at"]:
            problems.append("its completion deadline is not after the start time")
    return problems


def _window_problems(invitation):
    """A decline is recorded only while a window is open, as `Invitation.decline` allows."""
    declined = invitation.declined_at
    if declined is None:
        return []
    if invitation.started_at is None:
        if declined >= invitation.start_deadline:
            return ["it was declined after its start window closed"]
    elif declined < invitation.started_at:
        return ["it was declined before the interview started"]
    elif declined >= invitation.completion_deadline:
        return ["it was declined after its completion window closed"]
    return []


def _build(user, v):
    """An unsaved Invitation for the row; the model's own rules are checked by `clean()`."""
    invitation = Invitation(
        owner=user,
        job_title=v["job_title"],
        job_url=v.get("job_url", ""),
        message=v.get("message", ""),
        notified_at=v["notified_at"],
        started_at=v.get("started_at"),
        completed_at=v.get("completed_at"),
        declined_at=v.get("declined_at"),
        decline_reason=v.get("decline_reason", ""),
        archived_at=v.get("archived_at"),
    )
    if v.get("start_deadline"):
        # Our own export: keep the deadlines stored when the events happened. The model
        # keeps a stored deadline whose event is unchanged since it was loaded.
        invitation.start_deadline = v["start_deadline"]
        invitation.completion_deadline = v.get("completion_deadline")
        invitation._loaded_events = {
            "notified_at": v["notified_at"],
            "started_at": v.get("started_at") if v.get("completion_deadline") else None,
        }
    invitation.clean()
    return invitation


def _messages(error):
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(error.messages)


def _key(client_name, job_title, notified_at):
    return (client_name.strip().lower(), job_title.strip(), notified_at)


# How many rows one transaction writes: large enough that a batch's queries cost little per
# row, small enough that a batch holds the database's write lock (SQLite) for a moment only.
# The check reports its progress as often.
BATCH_ROWS = 1_000


def _checked_rows(user, sheet, mapping, dayfirst, now, result, progress=None, after_line=0):
    """`(line, key, client name, company, unsaved invitation, preparation points done)` for
    each right row after `after_line`, read one by one; a row's problems go to
    `result.problems` (the first MAX_REPORTED of them, all counted in
    `result.problem_count`). Whether a row is already in the tracker or earlier in the file
    is for the writer to tell, a batch at a time (see `_new_rows`)."""
    zone = zone_of(user)
    width = len(sheet.header)
    for number, (line, cells) in enumerate(sheet.rows(), start=1):
        if progress is not None and number % BATCH_ROWS == 0:
            progress(number)
        if line <= after_line:
            continue
        values, problems = _read_row(cells, width, mapping, zone, dayfirst, now)
        if not problems:
            problems = _order_problems(values)
        if not problems:
            try:
                invitation = _build(user, values)
            except ValidationError as error:
                problems = _messages(error)
            else:
                problems = _window_problems(invitation)
        if problems:
            result.problem_count += len(problems)
            room = MAX_REPORTED - len(result.problems)
            result.problems.extend((line, p) for p in problems[: max(0, room)])
            continue
        key = _key(values["client"], values["job_title"], invitation.notified_at)
        preparation = values.get("preparation") or []
        yield line, key, values["client"], values.get("company", ""), invitation, preparation


def _new_rows(user, batch, before_pk, result):
    """The batch's rows that are neither in the tracker nor earlier in the file.

    Asked of the database a batch at a time, so that nothing held grows with the file:
    the rows of earlier batches are in the tracker by now. A stored invitation with a pk
    above `before_pk` was written by this import, so a row matching it repeats an earlier
    row of the file; one at or below it was there before (importing a file twice changes
    nothing).
    """
    stored = Invitation.objects.filter(
        owner=user, notified_at__in={row[1][2] for row in batch}
    ).values_list("client__name", "job_title", "notified_at", "pk")
    outcome = {
        _key(name, title, notified): "skipped" if pk <= before_pk else "repeated"
        for name, title, notified, pk in stored
    }
    new = []
    for row in batch:
        known = outcome.get(row[1])
        if known == "skipped":
            result.skipped += 1
        elif known == "repeated":
            result.repeated += 1
        else:
            new.append(row)
            # A later row with this key repeats this one.
            outcome[row[1]] = "repeated"
    return new


def last_invitation_pk():
    """The highest invitation pk now: rows an import writes from now on have higher ones."""
    return Invitation.objects.aggregate(last=Max("pk"))["last"] or 0


class _Changed(Exception):
    """A row that passed the check failed it when read again to be written."""


def _batches(rows, size):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_batch(user, batch, clients, result):
    """Write one batch's rows: their new clients, invitations, preparation and reminders.

    A handful of queries whatever the batch's size; the invitations are written with one
    prepared insert (`create_rows`), which sends no `post_save`, so their reminders are
    brought in line here, as a save would.
    """
    new_clients = {}
    for _, _, name, company, _, _ in batch:
        if name.lower() not in clients and name.lower() not in new_clients:
            new_clients[name.lower()] = Client(owner=user, name=name, company=company)
    if new_clients:
        Client.objects.bulk_create(new_clients.values())
        clients.update(new_clients)
        result.new_clients += len(new_clients)
    invitations = []
    for _, _, name, _, invitation, _ in batch:
        invitation.client = clients[name.lower()]
        invitation.compute_deadlines()  # as save() does
        invitations.append(invitation)
    create_rows(invitations)
    insert_values(
        PreparationItem,
        ("invitation", "point", "done"),
        [
            (invitation.pk, point, point in preparation)
            for _, _, _, _, invitation, preparation in batch
            for point in POINTS
        ],
    )
    registry.sync_many(invitations)
    result.created += len(invitations)


def import_invitations(
    user,
    sheet,
    mapping,
    dayfirst=True,
    now=None,
    progress=None,
    written=None,
    after_line=0,
    before_pk=None,
):
    """Check every row, then write all of them, or none if any is wrong. Returns a `Result`.

    Two passes over the file, neither holding its rows: the first checks every row and
    reports the problems (`progress(rows)` is called once per batch of rows); only a file
    without any is read again and written, BATCH_ROWS rows per transaction.

    `written(line, result)` is called inside each batch's transaction, with the last line
    written and the counts so far, so that a record of how far the import got commits with
    the rows themselves. An import stopped half-way resumes with `after_line`, that line,
    and `before_pk`, the highest invitation pk before its first run (see `_new_rows`); the
    counts then start from those the caller kept.
    """
    now = now or timezone.now()
    checked = Result()
    for _ in _checked_rows(user, sheet, mapping, dayfirst, now, checked, progress):
        pass
    if progress is not None:
        progress(sheet.row_count)
    if checked.problems:
        return checked
    result = Result()
    if before_pk is None:
        before_pk = last_invitation_pk()
    clients = {c.name.lower(): c for c in Client.objects.filter(owner=user)}
    rows = _checked_rows(user, sheet, mapping, dayfirst, now, result, after_line=after_line)
    batch = []
    try:
        for batch in _batches(rows, BATCH_ROWS):
            if result.problems:
                raise _Changed
            with transaction.atomic():
                new = _new_rows(user, batch, before_pk, result)
                if new:
                    _write_batch(user, new, clients, result)
                if written is not None:
                    written(batch[-1][0], result)
        if result.problems:
            raise _Changed
    except IntegrityError:
        # The checks above mirror the database's; this is the safety net (a client of the
        # same name created at the same moment in another tab, say). The batch was not
        # written, nor anything after it.
        line = batch[0][0] if batch else None
        result.problems = [
            (line, "it breaks a rule of the database; nothing from this line on was imported")
        ]
        result.problem_count = 1
        return result
    except _Changed:
        # Records changed between the two passes (another tab): the rest was not written.
        return result
    return result


def problem_lines(problems, count):
    """`Line 4: “Client” is missing.` for each of the first MAX_REPORTED `(line, message)`
    problems, and how many more there are of the `count` in all."""
    lines = [
        f"Line {line}: {message.rstrip('.')}." if line else message
        for line, message in problems[:MAX_REPORTED]
    ]
    return lines, max(0, count - len(lines))
