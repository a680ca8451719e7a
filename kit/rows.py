"""Many new rows of one model written with one prepared INSERT, for the bulk paths.

`QuerySet.bulk_create` compiles each value into the SQL text (and SQLite caps a statement
at 999 values, so a thousand rows of twelve columns take thirteen statements); for tens of
thousands of rows that compiling costs far more than the database's work. Here each value
is prepared once by its field, as `bulk_create` does, and the rows go to the driver's
`executemany` with one statement. `insert_rows` gives no pk back: for rows nothing refers
to afterwards; `create_rows` gives each row its pk, for rows others then refer to.
"""

from django.db import connections, router
from django.db.models.constants import OnConflict


def _statement(model, connection, on_conflict=None):
    """The prepared INSERT of one row of `model`, and the fields in its order."""
    fields = [f for f in model._meta.concrete_fields if not f.generated and f is not model._meta.pk]
    quote = connection.ops.quote_name
    sql = "{} {} ({}) VALUES ({}){}".format(
        connection.ops.insert_statement(on_conflict=on_conflict),
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
        connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None),
    )
    return sql, fields


def _params(objs, fields, connection):
    return [
        [field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields]
        for obj in objs
    ]


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
    sql, fields = _statement(model, connection, on_conflict)
    with connection.cursor() as cursor:
        cursor.executemany(sql, _params(objs, fields, connection))
    return len(objs)


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
