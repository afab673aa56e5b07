"""What the warehouse's views, comments and example queries cite of the run's profile, so
that none of them names an area: the labels the document cites its population tables and
its KPI, project and matrix sections by, the core city's name and the number of
municipalities."""

from __future__ import annotations

from sources.profile import current_profile

# What a description cites for a table the profile does not declare.
UNDECLARED_TABLE = "（この文書に掲載のない表）"


def profile_labels() -> dict[str, str]:
    """population / population_target: the labels of the situation's population table and
    of the population targets; kpi, projects, matrix: the labels of the sections holding
    the KPI tables, the project cards and the project matrices; core_city: its name; n: the
    number of municipalities. A table the profile does not declare reads UNDECLARED_TABLE."""
    profile = current_profile()

    def label(key: str) -> str:
        # A document need not print every table (another area's prints another subset).
        if not profile.declares(key):
            return UNDECLARED_TABLE
        spec = profile.table(key)
        return spec.label or spec.section.label

    def section_of(shape: str) -> str:
        return profile.tables_of_shape(shape)[0].section.label

    return {
        "population": label("population"),
        "population_target": label("population_target"),
        "kpi": section_of("kpi_table"),
        "projects": section_of("project_card"),
        "matrix": section_of("project_matrix"),
        "core_city": profile.region.core_city.name,
        "n": str(len(profile.region.municipalities)),
    }
