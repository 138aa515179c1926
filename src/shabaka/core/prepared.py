"""Reads whose SQL Django compiles once per process, then runs again with new values.

On a detail page Django spends far more time building and compiling each query than SQLite or
PostgreSQL spend running it: about 2 ms against 0.2 ms for a query of the network page, a dozen
times a page. A `PreparedRead` builds its queryset with the ORM, as any selector does, but
compiles it once for each *shape* (the kinds of its values, the lengths of its lists, its
`fixed` values, and that the viewer is signed out), recording which SQL parameter carries which
value. Later calls bind the new values to the same SQL and run it. Nothing read from the
database is kept: every call reads fresh rows; only the text of the query is reused, as a
prepared statement would be.

Only a signed-out viewer's reads are prepared: their visibility rule is the same for every
visitor (public records only). A signed-in viewer's rule depends on their networks and roles,
so their reads are built and compiled each time, from the same builder.

A builder takes keyword values (and `viewer`, when the read is called with one) and returns a
queryset: of models (with select_related, only and annotations, not prefetch_related), or of
`values_list` rows. It must read nothing that changes (today's date, a content type id, a
setting) except through its values: what it reads at compile time stays in the SQL for the
life of the process. Values are integers, text, dates, times, and lists of integers for IN lookups
(compiled at the next power of two of their length); a slice's bounds go in `fixed` (Django
writes them into the SQL text).

On PostgreSQL a read also saves the database its planning, which costs more than running the
query on these pages (about 1 ms against 0.2 ms): it runs as a statement PostgreSQL prepares once
per connection, with the read's constants written into its text and only its values bound, so
that PostgreSQL may keep one generic plan for it (plan_cache_mode "auto": it compares that plan
with the first five planned for the values). A read whose best plan depends on its values (a
period of dates whose width varies) says `generic_plan=False` and is planned each time.
DB_PREPARED_STATEMENTS=0 (settings) turns statements prepared on the server off.
"""

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorDebugWrapper
from django.db.models import Count, QuerySet, Value
from django.db.models.query import FlatValuesListIterable, ModelIterable, get_related_populators
from django.utils.translation import get_language

# Markers stand in for the values while the query is compiled; each must come out as one
# SQL parameter of its own. Integers stay within a small integer column's range (Django leaves
# out a condition on a value its column cannot hold), above any constant our queries hold;
# dates are in years no record has.
_MARKER_INT = 32_000
_MARKER_TEXT = "\x1fprepared-value-{}\x1f"
_MARKER_YEAR = 1001
# Where the second set of markers starts (a read has fewer values than this).
_SECOND_MARKERS = 300
# Shapes kept per read: past it, a read called with ever new list lengths compiles each time.
MAX_SHAPES = 64

_ANONYMOUS = AnonymousUser()


class PreparedRead:
    """`read(viewer=..., fixed={...}, **values)`: the list that `build(viewer=..., **fixed,
    **values)` would give (model instances, tuples, or values with `flat=True`)."""

    def __init__(
        self, build: Callable[..., QuerySet], *, name: str = "", generic_plan: bool = True
    ):
        self.build = build
        self.name = name or build.__qualname__
        self.generic_plan = generic_plan
        self._compiled: dict[tuple, _Compiled] = {}
        self._count: PreparedRead | None = None

    def __call__(
        self,
        *,
        viewer=None,
        fixed: dict | None = None,
        window: tuple[int, int] | None = None,
        prepare: bool = True,
        **values,
    ) -> list:
        """`window`: (offset, limit), a slice of the rows (a page). `prepare=False`: build and
        run the query as the ORM would, for values it cannot bind (a text searched with
        icontains, say)."""
        fixed = fixed or {}
        if window is not None:
            fixed = {**fixed, "__window": tuple(window)}
        if not prepare or (viewer is not None and viewer.is_authenticated):
            if viewer is not None:
                values["viewer"] = viewer
            return list(self._built(fixed, values))
        if viewer is not None:
            fixed = {**fixed, "viewer": _ANONYMOUS}
        shape = (
            connections[DEFAULT_DB_ALIAS].vendor,
            # Builders may read the column of the active language (localised_name_column).
            get_language(),
            tuple(sorted((k, v) for k, v in fixed.items() if k != "viewer")),
            *(_shape(k, v) for k, v in values.items()),
        )
        compiled = self._compiled.get(shape)
        if compiled is None:
            compiled = self._compile(fixed, values)
            if len(self._compiled) < MAX_SHAPES:
                self._compiled[shape] = compiled
        return compiled.run(values)

    def count(
        self, *, viewer=None, prepare: bool = True, limit: int | None = None, **values
    ) -> int:
        """How many rows the read gives (for a paginator), in one prepared query; with `limit`,
        counting no further than that many."""
        if self._count is None:
            build = self.build

            def counted(*, _limit=None, **kw):
                queryset = build(**kw)
                if _limit is not None:
                    model = queryset.model
                    queryset = model._base_manager.filter(pk__in=queryset.values("pk")[:_limit])
                return count_of(queryset)

            self._count = PreparedRead(
                counted, name=f"{self.name} (count)", generic_plan=self.generic_plan
            )
        fixed = {"_limit": limit} if limit is not None else None
        return self._count(viewer=viewer, prepare=prepare, fixed=fixed, **values)[0][0]

    def _built(self, fixed: dict, values: dict) -> QuerySet:
        fixed = dict(fixed)
        window = fixed.pop("__window", None)
        queryset = self.build(**fixed, **values)
        if window is not None:
            offset, limit = window
            queryset = queryset[offset : offset + limit]
        return queryset

    def _compile(self, fixed: dict, values: dict) -> "_Compiled":
        # Compiled twice, with two sets of markers: a parameter that differs between the two
        # without being a marker was computed from a value (a date less a few days, say), and
        # would be kept as a constant; such a read is refused rather than run wrong.
        first = self._compile_with(fixed, values, start=0)
        second = self._compile_with(fixed, values, start=_SECOND_MARKERS)
        if first.sql != second.sql or first.slots != second.slots:
            raise ImproperlyConfigured(
                f"{self.name}: a value changes the query other than as a parameter of its own "
                "(a lookup that rewrites it, such as icontains, a value computed from another, "
                "or a slice's bounds, which go in `fixed`)"
            )
        return first

    def _compile_with(self, fixed: dict, values: dict, *, start: int) -> "_Compiled":
        markers, by_param = {}, {}
        counter = iter(range(start, start + _SECOND_MARKERS))
        ops = connections[DEFAULT_DB_ALIAS].ops
        for key, value in values.items():
            markers[key] = _marked(key, value, counter, by_param, ops)
        queryset = self._built(fixed, markers)
        if queryset._prefetch_related_lookups or queryset._known_related_objects:
            raise ImproperlyConfigured(f"{self.name}: a prepared read cannot prefetch")
        compiler = queryset.query.get_compiler(DEFAULT_DB_ALIAS)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return _Compiled(self.name, None, [], compiler, queryset._iterable_class, False)
        slots, found = [], set()
        for param in params:
            slot = by_param.get(param) if _may_be_marker(param) else None
            if slot is None:
                slots.append((None, param))
                continue
            found.add(slot[:2])
            if isinstance(param, int) and type(param) is not int:
                # Django's PostgreSQL backend sends small integers typed (psycopg's Int2).
                slot = (*slot[:2], type(param))
            slots.append((slot, None))
        missing = {slot[:2] for slot in by_param.values()} - found
        if missing:
            raise ImproperlyConfigured(
                f"{self.name}: the values {sorted({s[0] for s in missing})} are not sent as SQL "
                "parameters of their own (a lookup that rewrites them, such as icontains, a value "
                "computed from another, or a slice's bounds, which go in `fixed`)"
            )
        return _Compiled(
            self.name, sql, slots, compiler, queryset._iterable_class, self.generic_plan
        )


def count_of(queryset: QuerySet) -> QuerySet:
    """The number of rows of `queryset` as one row of one column: the SQL of count(), which a
    prepared read cannot call (Django leaves a constant out of GROUP BY, so the rows are
    counted as one group, and a count of nothing is one row of 0)."""
    return (
        queryset.order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(rows=Count("pk"))
        .values_list("rows")
    )


def prepared_read(build: Callable[..., QuerySet] | None = None, *, generic_plan: bool = True):
    """Decorator: `@prepared_read def rows(*, viewer, network_id): return <a queryset>`, or
    `@prepared_read(generic_plan=False)` for a read PostgreSQL must plan for its values."""
    if build is None:
        return lambda build: PreparedRead(build, generic_plan=generic_plan)
    return PreparedRead(build, generic_plan=generic_plan)


class _Compiled:
    """One shape of a read: its SQL, where each value goes, and how rows become results."""

    def __init__(self, name, sql, slots, compiler, iterable_class, generic_plan):
        self.sql, self.slots, self.compiler = sql, slots, compiler
        if iterable_class not in (ModelIterable, FlatValuesListIterable) and (
            iterable_class.__name__ != "ValuesListIterable"
        ):
            raise ImproperlyConfigured(f"{name}: models or values_list only")
        self.models = iterable_class is ModelIterable
        self.flat = iterable_class is FlatValuesListIterable
        if sql is None:
            return
        self.server_sql, self.server_slots = None, None
        if generic_plan and compiler.connection.vendor == "postgresql":
            self.server_sql, self.server_slots = _with_constants_written(
                compiler.connection, sql, slots
            )
        columns = [s[0] for s in compiler.select[0 : compiler.col_count]]
        self.converters = compiler.get_converters(columns)
        if self.models:
            klass_info = compiler.klass_info
            self.model = klass_info["model"]
            fields = klass_info["select_fields"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [f[0].target.attname for f in compiler.select[self.start : self.end]]
            self.populators = get_related_populators(klass_info, compiler.select, DEFAULT_DB_ALIAS)
            self.annotations = list(compiler.annotation_col_map.items())

    def run(self, values: dict) -> list:
        if self.sql is None:
            return []
        connection = connections[DEFAULT_DB_ALIAS]
        if self.server_sql is not None and _server_prepared(connection):
            params = [_bind(values, slot) for slot in self.server_slots]
            with _server_binding_cursor(connection) as cursor:
                cursor.execute(self.server_sql, params)
                rows = cursor.fetchall()
        else:
            params = [
                constant if slot is None else _bind(values, slot) for slot, constant in self.slots
            ]
            with connection.cursor() as cursor:
                cursor.execute(self.sql, params)
                rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        if self.flat:
            return [row[0] for row in rows]
        if not self.models:
            return [tuple(row) for row in rows]
        objects = []
        for row in rows:
            obj = self.model.from_db(DEFAULT_DB_ALIAS, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _shape(key: str, value):
    if isinstance(value, (list, tuple, set, frozenset)):
        return (key, "list", _padded(len(value)))
    if not value or isinstance(value, bool):
        # Compiled with the value itself: a builder may leave out a condition on "" or 0.
        return (key, "value", value)
    if isinstance(value, (int, str, date)):
        return (key, type(value).__name__)
    raise TypeError(
        f"a prepared read takes int, str, date, datetime, None, bool or lists: {key}={value!r}"
    )


def _marked(key, value, counter, by_param, ops):
    """The stand-in for `value` while compiling. `by_param` gets, for each SQL parameter a
    marker may become (itself, or as the database adapter writes it: SQLite takes dates as
    text), which value it stands for (its key, its index in a list) and how to adapt it."""
    if isinstance(value, (list, tuple, set, frozenset)):
        marked = []
        items = _items(value)
        if any(not isinstance(item, int) or isinstance(item, bool) for item in items):
            raise TypeError(f"a prepared read's lists hold integers: {key}={value!r}")
        for index in range(_padded(len(items))):
            marker = _MARKER_INT + next(counter)
            by_param[marker] = (key, index, None)
            marked.append(marker)
        return marked
    if not value or isinstance(value, bool):
        return value
    n = next(counter)
    if isinstance(value, int):
        marker = _MARKER_INT + n
    elif isinstance(value, str):
        marker = _MARKER_TEXT.format(n)
    elif isinstance(value, datetime):
        marker = datetime(_MARKER_YEAR + n, 1, 1, tzinfo=UTC)
        by_param[ops.adapt_datetimefield_value(marker)] = (key, None, "datetime")
    else:
        marker = date(_MARKER_YEAR + n, 1, 1)
        by_param[ops.adapt_datefield_value(marker)] = (key, None, "date")
    by_param[marker] = (key, None, None)
    return marker


def _may_be_marker(param) -> bool:
    # Not a float or a boolean equal to a marker.
    return isinstance(param, (int, str, date)) and not isinstance(param, (bool, float))


def _padded(length: int) -> int:
    """Lists are compiled at the next power of two, their last value repeated (an IN list is
    the same with it twice): a read called with many lengths compiles a few shapes only."""
    return 1 << (length - 1).bit_length() if length else 0


def _items(value) -> list:
    return sorted(value) if isinstance(value, (set, frozenset)) else list(value)


def _bind(values: dict, slot):
    key, index, adapt = slot
    value = values[key]
    if index is not None:
        items = _items(value)
        value = items[min(index, len(items) - 1)]
    if adapt == "date":
        return connections[DEFAULT_DB_ALIAS].ops.adapt_datefield_value(value)
    if adapt == "datetime":
        return connections[DEFAULT_DB_ALIAS].ops.adapt_datetimefield_value(value)
    if adapt is not None:
        return adapt(value)  # the integer type the backend sent
    return value


_PLACEHOLDER = re.compile(r"%%|%s")


def _with_constants_written(connection, sql: str, slots: list) -> tuple[str, list]:
    """For a statement PostgreSQL prepares once and plans generically: the read's constants
    (a visibility, a status) written into its text, where the planner sees them, and only its
    values left as parameters."""
    constants = iter([constant for slot, constant in slots if slot is None])
    value_slots = [slot for slot, _constant in slots if slot is not None]
    kinds = iter([slot is None for slot, _constant in slots])

    def written(match):
        if match.group() == "%%":
            return "%%"
        if next(kinds):
            return connection.ops.compose_sql("%s", [next(constants)]).replace("%", "%%")
        return "%s"

    return _PLACEHOLDER.sub(written, sql), value_slots


# Statements kept prepared per connection (psycopg's default is 100; past it the least recently
# used is deallocated): room for every read's shapes in each of the three languages.
PREPARED_PER_CONNECTION = 400


def _server_prepared(connection) -> bool:
    """Whether the connection prepares statements (settings: DB_PREPARED_STATEMENTS)."""
    connection.ensure_connection()
    raw = connection.connection
    if raw.prepare_threshold is None:
        return False
    if raw.prepared_max != PREPARED_PER_CONNECTION:
        raw.prepared_max = PREPARED_PER_CONNECTION
    return True


def _server_binding_cursor(connection):
    """A cursor that binds its values on the server (and so may run prepared statements),
    wrapped as Django wraps its own: errors, execute wrappers and the query log apply."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.validate_thread_sharing()
    with connection.wrap_database_errors:
        cursor = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        return _ServerBindingDebugWrapper(cursor, connection)
    return connection.make_cursor(cursor)


class _ServerBindingDebugWrapper(CursorDebugWrapper):
    """Logs a statement with its values written in, as Django logs its own: Django reads the
    executed SQL back from a client-binding cursor, and this cursor keeps none."""

    def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
        written = self.db.ops.compose_sql(sql, params) if not many else sql
        return super().debug_sql(written, params, use_last_executed_query=False, many=many)
