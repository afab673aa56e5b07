-- SQL macros a profile's subject relations may use (warehouse/subjects.py): created in the
-- warehouse before the subject views, and in the DuckDB that computes the rules' frames.
-- Beside these, warehouse/subjects.py generates is_marker (the markers' declaration) and
-- table_option(table_key, option) (the profile's [[tables]] options).

-- A printed label as one reads it: a line break inside Japanese text (a space between two
-- Japanese characters) dropped, other whitespace runs one space, ends trimmed
-- (warehouse.normalize.common.squash_cjk_spaces). Applied twice: a match consumes the
-- character after the space, so `あ い う` needs a second pass for ` う`.
CREATE OR REPLACE MACRO squashed(t) AS trim(regexp_replace(regexp_replace(
    regexp_replace(replace(t, '　', ' '), '\s+', ' ', 'g'),
    '([\x{2E80}-\x{10FFFF}]) ([\x{2E80}-\x{10FFFF}])', '\1\2', 'g'),
    '([\x{2E80}-\x{10FFFF}]) ([\x{2E80}-\x{10FFFF}])', '\1\2', 'g'));

-- Each part of a label of several header levels (`上段/下段`) squashed.
CREATE OR REPLACE MACRO squashed_label(t) AS
    array_to_string(list_transform(string_split(t, '/'), p -> squashed(p)), '/');

-- What a label prints in parentheses at its end (`〇〇市（県立）` → 県立), NULL when nothing.
CREATE OR REPLACE MACRO qualifier(t) AS
    nullif(regexp_extract(t, '[（(]([^（）()]+)[）)]\s*$', 1), '');

-- Whitespace as Python's str.isspace() reads it (RE2's \s is ASCII only).
-- A text without its whitespace (a printed number or marker's spacing is layout).
CREATE OR REPLACE MACRO without_whitespace(t) AS
    regexp_replace(t, '[\t\n\x{0B}\f\r\x{1C}-\x{1F}\x{85}\p{Z}]', '', 'g');

-- A text without the whitespace at its ends, as printed otherwise (str.strip()).
CREATE OR REPLACE MACRO stripped(t) AS
    regexp_replace(t, '^[\t\n\x{0B}\f\r\x{1C}-\x{1F}\x{85}\p{Z}]+|[\t\n\x{0B}\f\r\x{1C}-\x{1F}\x{85}\p{Z}]+$', '', 'g');
