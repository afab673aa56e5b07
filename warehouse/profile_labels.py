"""What the warehouse's views, comments and example queries cite of the run's profile, so
that none of them names an area: the labels the document cites its population tables and
its KPI, project and matrix sections by, the core city's name and the number of
municipalities."""

from __future__ import annotations

from sources.profile import TableSpec, current_profile

# What a label reads when the document family has no such table or section.
ABSENT = "—"


def profile_labels() -> dict[str, str]:
    """population / population_target: the labels of the situation's population table and
    of the population targets; kpi, projects, matrix: the labels of the sections holding
    the KPI tables, the project cards and the project matrices; core_city: its name; n: the
    number of municipalities. A table or shape the profile does not declare reads ABSENT."""
    profile = current_profile()

    def label(spec: TableSpec | None) -> str:
        return ABSENT if spec is None else spec.label or spec.section.label

    def section_of(shape: str) -> str:
        specs = profile.tables_of_shape(shape)
        return specs[0].section.label if specs else ABSENT

    return {
        "population": label(profile.population_table()),
        "population_target": label(profile.population_table(target=True)),
        "kpi": section_of("kpi_table"),
        "projects": section_of("project_card"),
        "matrix": section_of("project_matrix"),
        "core_city": profile.region.core_city.name,
        "n": str(len(profile.region.municipalities)),
    }
