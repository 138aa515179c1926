"""Two full-text back ends behind one interface: SQLite FTS5 and PostgreSQL tsvector/GIN.

Both receive the same analysed text (shabaka.search.analysis) and return (search document id,
rank) pairs, best first; a higher rank is better.
"""

from django.db import connection

MAX_CANDIDATES = 1000


def _fts5_query(terms: list[tuple[str, ...]]) -> str:
    # Each word: the word as a prefix, or any of its stems; all words must match.
    groups = []
    for alternatives in terms:
        word, *stems = alternatives
        options = [f'"{word}"*'] + [f'"{s}"' for s in stems]
        groups.append("(" + " OR ".join(options) + ")")
    return " AND ".join(groups)


def _tsquery(terms: list[tuple[str, ...]]) -> str:
    groups = []
    for alternatives in terms:
        word, *stems = alternatives
        options = [f"'{word}':*"] + [f"'{s}'" for s in stems]
        groups.append("(" + " | ".join(options) + ")")
    return " & ".join(groups)


class SQLiteBackend:
    def match(self, terms, kinds=None, limit=MAX_CANDIDATES) -> list[tuple[int, float]]:
        sql = (
            "SELECT d.id, -bm25(search_fts, 5.0, 1.0) AS rank "
            "FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid "
            "WHERE search_fts MATCH %s"
        )
        params = [_fts5_query(terms)]
        if kinds:
            sql += " AND d.kind IN (" + ",".join(["%s"] * len(kinds)) + ")"
            params += list(kinds)
        sql += " ORDER BY rank DESC, d.id LIMIT %s"
        params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


class PostgreSQLBackend:
    def match(self, terms, kinds=None, limit=MAX_CANDIDATES) -> list[tuple[int, float]]:
        sql = (
            "SELECT d.id, ts_rank(d.search_vector, q) AS rank "
            "FROM search_searchdocument d, to_tsquery('simple', %s) q "
            "WHERE d.search_vector @@ q"
        )
        params = [_tsquery(terms)]
        if kinds:
            sql += " AND d.kind = ANY(%s)"
            params.append(list(kinds))
        sql += " ORDER BY rank DESC, d.id LIMIT %s"
        params.append(limit)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    @staticmethod
    def refresh_vector(document_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_searchdocument SET search_vector = "
                "setweight(to_tsvector('simple', index_title), 'A') || "
                "setweight(to_tsvector('simple', index_body), 'B') WHERE id = %s",
                [document_id],
            )


def backend():
    if connection.vendor == "postgresql":
        return PostgreSQLBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise RuntimeError(f"No search back end for {connection.vendor}")
