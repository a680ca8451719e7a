"""Many new rows of one model written with one prepared INSERT, for the bulk paths.

`QuerySet.bulk_create` compiles each value into the SQL text (and SQLite caps a statement
at 999 values, so a thousand rows of twelve columns take thirteen statements); for tens of
thousands of rows that compiling costs far more than the database's work. Here each value
is prepared once by its field, as `bulk_create` does, and the rows go to the driver's
`executemany` with one statement. `insert_rows` gives no pk back: for rows nothing refers
to afterwards; `create_rows` gives each row its pk, for rows others then refer to.
"""

from datetime import datetime

from django.db import connections, router
from django.db.models.constants import OnConflict
from django.utils import timezone


def _statement(model, connection, on_conflict=None):
    """The prepared INSERT of one row of `model`, and the fields in its order."""
    sql, row, suffix, fields = _parts(model, connection, on_conflict)
    return f"{sql}{row}{suffix}", fields


def _parts(model, connection, on_conflict=None):
    """An INSERT of `model` in three parts (up to VALUES, one row's placeholders, the
    rest), and the fields in its order."""
    fields = [f for f in model._meta.concrete_fields if not f.generated and f is not model._meta.pk]
    quote = connection.ops.quote_name
    sql = "{} {} ({}) VALUES ".format(
        connection.ops.insert_statement(on_conflict=on_conflict),
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
    )
    row = "({})".format(", ".join(["%s"] * len(fields)))
    suffix = connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None) or ""
    return sql, row, suffix, fields


# PostgreSQL takes at most 65,535 parameters in one statement.
_PG_PARAMS = 30_000


def _write(cursor, connection, parts, params):
    """Send the rows: on PostgreSQL as multi-row statements (its driver's `executemany`
    sends and reads one row at a time), elsewhere with `executemany`."""
    sql, row, suffix, _ = parts
    if connection.vendor != "postgresql":
        cursor.executemany(f"{sql}{row}{suffix}", params)
        return
    per_statement = max(1, _PG_PARAMS // max(1, len(params[0])))
    for start in range(0, len(params), per_statement):
        chunk = params[start : start + per_statement]
        flat = [value for values in chunk for value in values]
        cursor.execute(f"{sql}{', '.join([row] * len(chunk))}{suffix}", flat)


# Values whose preparation depends on the value alone: prepared once per column.
_MEMO_TYPES = (str, int, bool, type(None), datetime)


def _params(objs, fields, connection):
    """Each object's values, prepared by their fields for the database.

    The same value comes back in a column row after row (the owner, a client, an empty
    text, no time); its preparation is looked up rather than done again. The key holds the
    type, so that `True` and `1`, equal in Python, stay apart.
    """
    memos = [{} for _ in fields]
    return [
        [
            _prepared(field, field.pre_save(obj, add=True), memo, connection)
            for field, memo in zip(fields, memos, strict=True)
        ]
        for obj in objs
    ]


def _prepared(field, value, memo, connection):
    """`value` prepared by `field`, looked up in the column's `memo` where it was before."""
    if not isinstance(value, _MEMO_TYPES):
        return field.get_db_prep_save(value, connection)
    key = (type(value), value)
    if key not in memo:
        memo[key] = field.get_db_prep_save(value, connection)
    return memo[key]


def insert_rows(objs, ignore_conflicts=False):
    """Insert the unsaved model instances `objs` (all of one model); the number given.

    Fields with `auto_now`/`auto_now_add` and defaults are filled as a save fills them.
    `ignore_conflicts`: a row that breaks a unique constraint is left out, as with
    `bulk_create(ignore_conflicts=True)`.
    """
    objs = list(objs)
    if not objs:
        return 0
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    parts = _parts(model, connection, on_conflict)
    with connection.cursor() as cursor:
        _write(cursor, connection, parts, _params(objs, parts[3], connection))
    return len(objs)


def insert_values(model, names, rows):
    """Insert rows of `model` given as tuples of values for the fields `names`, in one
    prepared statement, with no instance made for them; the number given.

    For many small rows (four preparation points per invitation) the instances cost more
    than the rows' writing. A field not named takes its default, as a save gives it; the
    `auto_now`/`auto_now_add` fields take one moment, this call's.
    """
    rows = list(rows)
    if not rows:
        return 0
    connection = connections[router.db_for_write(model)]
    parts = _parts(model, connection)
    fields = parts[3]
    position = {name: i for i, name in enumerate(names)}
    moment = timezone.now()
    columns = []
    for field in fields:
        if field.name in position:
            columns.append((position[field.name], field, {}))
            continue
        stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        fixed = moment if stamped else field.get_default()
        columns.append((None, None, field.get_db_prep_save(fixed, connection)))
    params = []
    for row in rows:
        values = []
        for index, field, memo in columns:
            if field is None:
                values.append(memo)
            else:
                values.append(_prepared(field, row[index], memo, connection))
        params.append(values)
    with connection.cursor() as cursor:
        _write(cursor, connection, parts, params)
    return len(rows)


class PksNotKnown(Exception):
    """The database did not tell which pks the rows were given."""


def create_rows(objs):
    """Insert the unsaved model instances `objs` (all of one model, with an automatic pk)
    and give each its pk, as `bulk_create` does; the instances.

    Must run inside a transaction, so that a row whose pk cannot be told is rolled back
    with the rest (`PksNotKnown`). PostgreSQL gives each row's pk back (`RETURNING`, one
    result per row of the `executemany`). SQLite has one writer at a time, which holds the
    database from the first row to the commit: the rows take the pks after the highest
    there is, one after another, the last being `last_insert_rowid()`; a count of the
    owner's rows in that range makes sure. Any other database goes through `bulk_create`.
    """
    objs = list(objs)
    if not objs:
        return objs
    model = type(objs[0])
    db = router.db_for_write(model)
    connection = connections[db]
    if connection.vendor not in ("postgresql", "sqlite"):
        return model._default_manager.using(db).bulk_create(objs)
    sql, fields = _statement(model, connection)
    params = _params(objs, fields, connection)
    pk = model._meta.pk
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            returning = f" RETURNING {connection.ops.quote_name(pk.column)}"
            pks = _returned_pks(cursor, sql + returning, params)
        else:
            pks = _sqlite_pks(cursor, sql, params)
    if len(pks) != len(objs):
        raise PksNotKnown(f"{len(objs)} rows written, {len(pks)} pks known")
    for obj, value in zip(objs, pks, strict=True):
        obj.pk = value
        obj._state.adding = False
        obj._state.db = db
    return objs


def _returned_pks(cursor, sql, params):
    # The driver's own cursor: Django's wrapper does not pass `returning` on.
    raw = cursor.cursor
    raw.executemany(sql, params, returning=True)
    pks = []
    while True:
        pks.append(raw.fetchone()[0])
        if not raw.nextset():
            return pks


def _sqlite_pks(cursor, sql, params):
    cursor.executemany(sql, params)
    cursor.execute("SELECT last_insert_rowid()")
    last = cursor.fetchone()[0]
    return list(range(last - len(params) + 1, last + 1))
