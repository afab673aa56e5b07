"""The analyst views: `views.sql`, a jinja2 template, rendered for the run's profile.

The views are recreated on every load (and by the actuals import), so they always match the
tables beneath. What they cite of one area — the section labels they select by, the
municipalities (one column each in the participation matrix: a pivot view must name its
columns) and their number — comes from the profile, so `views.sql` names no area.
"""

from __future__ import annotations

import jinja2

from sources.profile import current_profile
from warehouse.paths import WAREHOUSE_DIR, quote_identifier
from warehouse.profile_labels import profile_labels

VIEWS_SQL = WAREHOUSE_DIR / "views.sql"


def _sql_text(value: str) -> str:
    """`value` for the inside of an SQL string literal."""
    return value.replace("'", "''")


def views_sql() -> str:
    """`views.sql` rendered for the run's profile (`profile_labels`, its municipalities)."""
    municipalities = [
        {"code": _sql_text(m.code), "name": _sql_text(m.name), "column": quote_identifier(m.name)}
        for m in current_profile().region.municipalities
    ]
    template = jinja2.Template(
        VIEWS_SQL.read_text(encoding="utf-8"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    labels = {key: _sql_text(value) for key, value in profile_labels().items()}
    return template.render(municipalities=municipalities, **labels)
