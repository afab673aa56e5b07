-- A project's agreement states the role of the core city (連携中枢都市) beside the partners'
-- role; the column is named for that role, not for one area's core city.
ALTER TABLE dim_project RENAME COLUMN role_yamagata TO role_core_city;
