"""Two full-text back ends behind one interface: SQLite FTS5 and PostgreSQL tsvector/GIN.

Both receive the same analysed text (shabaka.search.analysis) and return the same thing: the
candidates of a query, best first, as (search document id, kind, object id) tuples.

The work is bounded whatever the size of the index. A query takes its `pool` most recent
matching documents only (newest id first, which both indexes give cheaply: FTS5 walks its
doclists backwards and stops, PostgreSQL walks an index backwards and stops, or for a rare word
sorts its few GIN hits), and ranks those alone, in SQL and the same way on both databases:
documents whose title holds every word first, shorter titles first, then the others, newest
first. Nothing is computed for every match (no bm25 or ts_rank over tens of thousands of rows),
so a word found in 25,000 documents costs what a word found in `pool` of them costs; a full
pool tells the caller that its counts are capped.
"""

from django.db import connection

POOL = 200


def _fts5_query(terms: list[tuple[str, ...]], *, prefix: bool = True) -> str:
    # Each word: the word (as a prefix, unless `prefix` is off) or any of its stems; all words
    # must match.
    groups = []
    for alternatives in terms:
        word, *stems = alternatives
        options = [f'"{word}"*' if prefix else f'"{word}"'] + [f'"{s}"' for s in stems]
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


def _tsquery(terms: list[tuple[str, ...]]) -> str:
    groups = []
    for alternatives in terms:
        word, *stems = alternatives
        options = [f"'{word}':*"] + [f"'{s}'" for s in stems]
        groups.append("(" + " | ".join(options) + ")")
    return " & ".join(groups)


# Both back ends rank their pool the same way: documents whose title holds every word of the
# query first, shorter titles first (closer to the words), then the others; newest first within.
_ORDER = "ORDER BY titled DESC, CASE WHEN titled THEN title_length ELSE 0 END, id DESC"


class SQLiteBackend:
    # FTS5 answers a query in rowid order, newest first, and stops after `pool` rows, except
    # that it reads every document of a prefix ("migration"*) before the first row. So the pool
    # is taken from whole-word (and stem) matches when they fill it, which a common word does,
    # and with prefixes only when they do not (then the word is rare and its prefix cheap; a
    # LIMIT of 0 is checked before SQLite opens the FTS table, so a common word never pays).
    # `titled`: which of the pool have every word in their title (the title column alone, from
    # the pool's oldest rowid on). The type filter is part of the full-text query: the kind is
    # a column of the FTS table (migration 0004). No rowid list may reach the FTS table from
    # outside (SQLite would run the full-text query once per rowid), hence `d.id IN titled`.
    SQL = (
        "WITH exact AS MATERIALIZED (SELECT rowid AS id FROM search_fts "
        "WHERE search_fts MATCH %(exact)s ORDER BY rowid DESC LIMIT %(pool)s), "
        "filled AS MATERIALIZED (SELECT count(*) >= %(pool)s AS yes FROM exact), "
        "pool AS MATERIALIZED (SELECT id FROM exact WHERE (SELECT yes FROM filled) "
        "UNION ALL SELECT * FROM (SELECT rowid AS id FROM search_fts "
        "WHERE search_fts MATCH %(prefix)s ORDER BY rowid DESC "
        "LIMIT (SELECT CASE WHEN yes THEN 0 ELSE %(pool)s END FROM filled))), "
        "titled AS MATERIALIZED (SELECT rowid AS id FROM search_fts WHERE search_fts MATCH "
        "(CASE WHEN (SELECT yes FROM filled) THEN %(title_exact)s ELSE %(title_prefix)s END) "
        "AND rowid >= (SELECT min(id) FROM pool)) "
        "SELECT id, kind, object_id FROM (SELECT d.id, d.kind, d.object_id, "
        "d.id IN titled AS titled, length(d.title) AS title_length FROM pool "
        f"JOIN search_searchdocument d ON d.id = pool.id) ranked {_ORDER}"
    )

    def candidates(self, terms, kinds=None, pool=POOL) -> list[tuple[int, str, int]]:
        exact, prefix = _fts5_query(terms, prefix=False), _fts5_query(terms)
        # Kinds are indexed as "kind<name>", tokens of their own (migration 0004).
        kind = "{kind}: (" + " OR ".join(f'"kind{k}"' for k in kinds) + ") AND " if kinds else ""
        params = {
            "pool": pool,
            "exact": kind + "{index_title index_body}: (" + exact + ")",
            "prefix": kind + "{index_title index_body}: (" + prefix + ")",
            "title_exact": "{index_title}: (" + exact + ")",
            "title_prefix": "{index_title}: (" + prefix + ")",
        }
        with connection.cursor() as cursor:
            cursor.execute(self.SQL, params)
            return cursor.fetchall()


class PostgreSQLBackend:
    def candidates(self, terms, kinds=None, pool=POOL) -> list[tuple[int, str, int]]:
        # Newest first under a LIMIT: for a common word the planner walks the primary key
        # backwards and stops after `pool` hits (search_vector is lexemes only, migration 0003,
        # so checking a document is cheap); for a rare word it sorts its few GIN hits.
        # A query word is in the analysed title (space-separated normalised words and stems)
        # when one of its words starts with it or is one of its stems, as the index matches it.
        checks, title_params = [], []
        for word, *stems in terms:
            options = ["strpos(' ' || index_title, %s) > 0"]
            title_params.append(f" {word}")
            for stem in stems:
                options.append("strpos(' ' || index_title || ' ', %s) > 0")
                title_params.append(f" {stem} ")
            checks.append("(" + " OR ".join(options) + ")")
        # With the type filter, each kind is walked newest first on its (kind, id) index and
        # the walks are merged (a single walk would pass over every other kind's documents).
        where = "search_vector @@ to_tsquery('simple', %s)"
        columns = "SELECT id, kind, object_id, title, index_title FROM search_searchdocument"
        if kinds:
            pool_sql = " UNION ALL ".join(
                f"({columns} WHERE kind = %s AND {where} ORDER BY id DESC LIMIT %s)"
                for _kind in kinds
            )
            pool_sql = f"SELECT * FROM ({pool_sql}) kinds ORDER BY id DESC LIMIT %s"
            params = [p for kind in kinds for p in (kind, _tsquery(terms), pool)] + [pool]
        else:
            pool_sql = f"{columns} WHERE {where} ORDER BY id DESC LIMIT %s"
            params = [_tsquery(terms), pool]
        sql = (
            f"SELECT id, kind, object_id FROM (SELECT id, kind, object_id, "
            f"{' AND '.join(checks)} AS titled, length(title) AS title_length "
            f"FROM ({pool_sql}) pool) ranked {_ORDER}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, title_params + params)
            return cursor.fetchall()


def backend():
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise RuntimeError(f"No search back end for {connection.vendor}")
