"""IATI activity standard 2.03: export (export.py), parsing into plain dataclasses (parse.py) and
import into projects (importer.py). Schemas and codelists in schemas/ and codelists/ (SOURCE.md)."""
