"""The framework follow-up as an XLSX workbook: a summary sheet (counts per item and kind of
record) and one row per tagged record. Built from the same selector as the page."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

# Text a spreadsheet would run as a formula (= + - @ ...) is escaped, as in the plan exports.
from shabaka.plans.exports import safe_cell


def _safe(values):
    return [safe_cell(v) for v in values]


def follow_up_workbook(result: dict, *, filters: dict) -> bytes:
    framework, rows, kinds = result["framework"], result["rows"], result["kinds"]
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    summary.append(_safe([framework.name]))
    summary["A1"].font = Font(bold=True)
    for label, value in filters.items():
        summary.append(_safe([label, value]))
    summary.append([])
    header = [_("Code"), _("Item")] + [str(k.label) for k in kinds] + [_("Total")]
    summary.append(_safe(header))
    for cell in summary[summary.max_row]:
        cell.font = Font(bold=True)
    for row in rows:
        indent = "  " * row.depth
        summary.append(
            _safe(
                [row.item.code, indent + row.item.title]
                + [row.counts[k.key] for k in kinds]
                + [row.total]
            )
        )
    summary.column_dimensions["B"].width = 80

    records = workbook.create_sheet(_("Tagged records")[:31])
    records.append(
        [_("Code"), _("Item"), _("Kind"), _("Record"), _("From"), _("Until"), _("Countries")]
    )
    for cell in records[1]:
        cell.font = Font(bold=True)
    for row in rows:
        for kind in kinds:
            for record in row.records[kind.key]:
                start, end = kind.period(record)
                records.append(
                    _safe(
                        [
                            row.item.code,
                            row.item.title,
                            str(kind.label),
                            str(record),
                            start,
                            end,
                            ", ".join(c.code for c in kind.countries_of(record)),
                        ]
                    )
                )
    for column in ("E", "F"):
        for cell in records[column][1:]:
            cell.number_format = "yyyy-mm-dd"
    records.column_dimensions["B"].width = 60
    records.column_dimensions["D"].width = 60
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
