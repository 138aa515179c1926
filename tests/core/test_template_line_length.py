"""Templates stay readable: no line of a template is longer than 120 characters (issue 18)."""

from pathlib import Path

import shabaka

LIMIT = 120
SOURCE = Path(shabaka.__file__).resolve().parent


def template_files():
    for directory in sorted(SOURCE.rglob("templates")):
        if directory.is_dir():
            yield from sorted(path for path in directory.rglob("*") if path.is_file())


def test_there_are_templates_to_check():
    assert any(path.suffix == ".html" for path in template_files())


def test_no_template_line_is_longer_than_120_characters():
    too_long = [
        f"{path.relative_to(SOURCE)}:{number} ({len(line)} characters)"
        for path in template_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > LIMIT
    ]
    assert not too_long, "Template lines over 120 characters:\n" + "\n".join(too_long)
