"""Many new rows of one model written with one prepared INSERT, for the bulk paths.

`QuerySet.bulk_create` compiles each value into the SQL text (and SQLite caps a statement
at 999 values, so a thousand rows of twelve columns take thirteen statements); for tens of
thousands of rows that compiling costs far more than the database's work. Here each value
is prepared once by its field, as `bulk_create` does, and the rows go to the driver's
`executemany` with one statement. No pk comes back: for rows nothing refers to afterwards.
"""

from django.db import connections, router
from django.db.models.constants import OnConflict


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
    fields = [f for f in model._meta.concrete_fields if not f.generated and f is not model._meta.pk]
    on_conflict = OnConflict.IGNORE if ignore_conflicts else None
    quote = connection.ops.quote_name
    sql = "{} {} ({}) VALUES ({}){}".format(
        connection.ops.insert_statement(on_conflict=on_conflict),
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
        connection.ops.on_conflict_suffix_sql(fields, on_conflict, None, None),
    )
    params = [
        [field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(objs)
