"""A small e-Stat API v3 (JSON) client: find tables, read their metadata, fetch their values.

Modules: `client` (EStatClient: endpoints and paging), `transport` (one GET with retries
and deadlines), `cache` (on-disk responses), `bodies` (RESULT check and each endpoint's
decoder), `shapes` (table info and axes), `values` (VALUE items, markers kept), `faults`
(typed errors, app id redaction).

Facts about the API this code relies on (from real response bodies, see
`tests/fixtures/estat/README.md`):

- every body is `{ROOT: {RESULT: {STATUS, ERROR_MSG, DATE}, ...}}`; STATUS 0 = data,
  1 = success but no data, 2 = success (bulk API), ≥ 100 = error — all sent with HTTP 200,
  except that the WAF in front of the API may answer HTTP 403 with the same error body;
- paging: `RESULT_INF.NEXT_KEY` is present only when more rows exist and is passed back as
  `startPosition`;
- `CLASS_OBJ[i].CLASS` is an object when the class has one item and a list otherwise;
- `VALUE[i]["$"]` is always a string; symbols such as `-` and `***` stand for 当該数値がないもの.
"""
