-- Checks can explain what they skipped or how they compared (e.g. "statistics not
-- loaded"); keep that beside their counts so reports read from the warehouse show it.
ALTER TABLE check_result ADD COLUMN notes VARCHAR;
COMMENT ON COLUMN check_result.notes IS 'Newline-separated remarks of the check (what it skipped and why); NULL when none.';
