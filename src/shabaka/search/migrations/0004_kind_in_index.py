"""The type filter without scanning every match: the kind is indexed with the text.

On SQLite the FTS5 table gains a `kind` column, so "migration, networks only" is one
intersection inside the full-text index. On PostgreSQL an
index on (kind, id) lets each kind be walked newest first. The old single-column index on kind
goes (the new one starts with kind); the documents table itself is not rebuilt, which on SQLite
would also drop the triggers that keep the FTS table in step.
"""

from django.db import migrations, models

KIND_INDEX = "search_searchdocument_kind_d2530965"  # Django's name for kind's db_index


def _fts(columns: list[str], content: str, values: dict | None = None) -> list[str]:
    names = ", ".join(columns)
    values = values or {}
    new = ", ".join(values.get(c, "{}.%s" % c).format("new") for c in columns)
    old = ", ".join(values.get(c, "{}.%s" % c).format("old") for c in columns)
    return [
        "DROP TRIGGER IF EXISTS search_fts_au",
        "DROP TRIGGER IF EXISTS search_fts_ad",
        "DROP TRIGGER IF EXISTS search_fts_ai",
        "DROP TABLE IF EXISTS search_fts",
        f"CREATE VIRTUAL TABLE search_fts USING fts5({names}, content='{content}', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        "CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchdocument BEGIN "
        f"INSERT INTO search_fts(rowid, {names}) VALUES (new.id, {new}); END",
        "CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchdocument BEGIN "
        f"INSERT INTO search_fts(search_fts, rowid, {names}) VALUES ('delete', old.id, {old}); END",
        "CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchdocument BEGIN "
        f"INSERT INTO search_fts(search_fts, rowid, {names}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO search_fts(rowid, {names}) VALUES (new.id, {new}); END",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
        "INSERT INTO search_fts(search_fts) VALUES ('optimize')",
    ]


# The kind is indexed as one token of its own ("kindnetwork"): the bare kind names are also
# common words of the text ("network", "news"), whose long doclists a filter would have to read.
# The FTS table reads its content through a view that spells the kind the same way, so that a
# 'rebuild' indexes what the triggers index.
KIND_TOKEN = "'kind' || {}.kind"
CONTENT_VIEW = (
    "CREATE VIEW search_fts_content AS SELECT id, index_title, index_body, "
    "'kind' || kind AS kind FROM search_searchdocument"
)
UP = {
    "sqlite": [
        f"DROP INDEX IF EXISTS {KIND_INDEX}",
        CONTENT_VIEW,
        *_fts(
            ["index_title", "index_body", "kind"],
            "search_fts_content",
            {"kind": KIND_TOKEN},
        ),
    ],
    "postgresql": [f"DROP INDEX IF EXISTS {KIND_INDEX}", f"DROP INDEX IF EXISTS {KIND_INDEX}_like"],
}
DOWN = {
    "sqlite": [
        f"CREATE INDEX {KIND_INDEX} ON search_searchdocument (kind)",
        *_fts(["index_title", "index_body"], "search_searchdocument"),
        "DROP VIEW IF EXISTS search_fts_content",
    ],
    "postgresql": [
        f"CREATE INDEX {KIND_INDEX} ON search_searchdocument (kind)",
        f"CREATE INDEX {KIND_INDEX}_like ON search_searchdocument (kind varchar_pattern_ops)",
    ],
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_stripped_search_vector")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchdocument",
                    name="kind",
                    field=models.CharField(max_length=30),
                ),
            ],
            database_operations=[migrations.RunPython(_run(UP), _run(DOWN))],
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["kind", "id"], name="search_document_kind_id"),
        ),
    ]
