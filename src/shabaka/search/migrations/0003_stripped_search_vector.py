"""PostgreSQL: the search vector becomes a generated column of lexemes only (strip()).

Search no longer ranks with ts_rank (it takes the most recent matches and ranks them in Python
the same way on both databases), so positions and weights are dead weight: without them a long
document's vector is several times smaller, and checking the most recent documents against a
query, which is what search does for a common word, costs a fraction of what it did. Being
generated, the column can no longer be forgotten by a writer (services, bulk loaders).
Nothing changes on SQLite.
"""

from django.db import migrations

POSTGRES_UP = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(strip(to_tsvector('simple', index_title || ' ' || index_body))) STORED",
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING GIN (search_vector)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_document_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector",
    "UPDATE search_searchdocument SET search_vector = "
    "setweight(to_tsvector('simple', index_title), 'A') || "
    "setweight(to_tsvector('simple', index_body), 'B')",
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING GIN (search_vector)",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
