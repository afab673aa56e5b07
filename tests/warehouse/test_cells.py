"""Cell labels (warehouse.cells): a label merged down the first column heads a block only
when its first row names the columns (a card's 年度 row); under a label printed vertically
over data rows (広島県 over its cities, 製造業 over its two measures) every row keeps the
table's own column labels."""

from sources.tables import CellSpan, ExtractedTable
from warehouse.cells import table_cells


def _labels(table: ExtractedTable) -> dict[tuple[int, int], str]:
    cells = table_cells([table])
    return {
        (int(r), int(c)): str(label)
        for r, c, label in cells[["row_index", "col_index", "column_label"]].itertuples(index=False)
    }


def test_a_vertical_label_over_data_rows_keeps_the_header_labels():
    table = ExtractedTable(
        "t1",
        "表 産業別",
        "s",
        "data",
        [1],
        1,
        [
            ["産業", "区分", "A市", "B町"],
            ["製造業", "事業所数", "2,315", "338"],
            ["製造業", "従業者数", "43,944", "8,876"],
        ],
        spans=[CellSpan(1, 0, rowspan=2)],
    )
    labels = _labels(table)
    assert labels[(2, 2)] == "A市" and labels[(2, 3)] == "B町"


def test_a_schedule_block_names_the_columns_of_its_rows():
    table = ExtractedTable(
        "t2",
        "連携事業【1】",
        "s",
        "card",
        [1],
        0,
        [
            ["事業名", "X", "X"],
            ["実施スケジュール", "2025年度", "2026年度"],
            ["実施スケジュール", "実施", "（同左）"],
        ],
        spans=[CellSpan(1, 0, rowspan=2)],
    )
    assert _labels(table)[(2, 2)] == "2026年度"


def test_a_table_printed_in_parts_labels_each_part_by_the_header_over_it():
    table = ExtractedTable(
        "t3",
        "表 居住地別",
        "s",
        "data",
        [1],
        1,
        [
            ["項目", "A市", "B町"],
            ["人数", "10", "20"],
            ["項目", "C町", "その他"],
            ["人数", "30", "60"],
        ],
    )
    labels = _labels(table)
    assert (labels[(1, 1)], labels[(3, 1)], labels[(3, 2)]) == ("A市", "C町", "その他")


def test_the_declared_cell_types_are_the_migrated_tables() -> None:
    """CELL_TYPES (what a subject relation's SELECT is tried against) is table_cell as the
    migrations create it, column for column."""
    import duckdb

    from warehouse.cells import CELL_TYPES
    from warehouse.load import apply_migrations

    con = duckdb.connect()
    apply_migrations(con)
    migrated = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = 'table_cell' ORDER BY ordinal_position"
    ).fetchall()
    assert migrated == list(CELL_TYPES.items())
