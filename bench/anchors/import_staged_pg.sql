-- The PostgreSQL counterpart of import_staged.sql, the anchor for `rightsbrief import --db
-- postgres://…`: what a DBA would do with the facts CSV `rightsbrief export csv --table facts`
-- writes. bench/harness.py runs it with psql after, in the same transaction,
--   CREATE TEMP TABLE staging (<the CSV's 18 columns, all text>) ON COMMIT DROP;
--   \copy staging FROM 'facts.csv' WITH (FORMAT csv, HEADER true)
-- (\copy turns an empty unquoted field into NULL). It then copies the rows by INSERT … SELECT
-- into rightsbrief's own schema (`rightsbrief server init`), with its CHECK constraints,
-- foreign keys, indexes and triggers all in force, and commits.
-- What it leaves out that rightsbrief does: checking each cell with a message, matching facts
-- already stored, undoing spreadsheet-formula guards, renumbering ids; rightsbrief on the
-- server also copies what the server holds into a SQLite working copy first.
CREATE INDEX staging_fact_id ON staging(fact_id);
CREATE INDEX staging_supersedes ON staging(supersedes);
ANALYZE staging;
-- A correction's trigger checks that the fact it supersedes is stored with the same facility
-- and attribute (a row trigger sees the rows the same INSERT stored before it), so facts go in
-- by depth of correction. A `supersedes` naming no row of the file is left out, as
-- rightsbrief does.
WITH RECURSIVE depth(id, d) AS (
    SELECT fact_id, 0 FROM staging
     WHERE supersedes IS NULL OR supersedes NOT IN (SELECT fact_id FROM staging)
    UNION ALL
    SELECT s.fact_id, depth.d + 1 FROM staging s JOIN depth ON s.supersedes = depth.id
)
INSERT INTO fact (id, facilityId, attribute, valueNumber, valueLevel, unit, asOf, status, sensitivity,
                  quote, supersedesId, recordedAt)
SELECT s.fact_id::bigint, s.facility_id, s.attribute,
       CASE WHEN s.attribute IN ('sanitation','potable_water','temperature_control','ventilation')
            THEN NULL ELSE s.value::double precision END,
       CASE WHEN s.attribute IN ('sanitation','potable_water','temperature_control','ventilation')
            THEN s.value END,
       s.unit, s.as_of, s.status, s.sensitivity, NULLIF(s.quote, ''),
       CASE WHEN depth.d > 0 THEN s.supersedes::bigint END,
       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  FROM staging s JOIN depth ON depth.id = s.fact_id
 ORDER BY depth.d, s.fact_id::bigint;
-- The ids came from the file: later facts are numbered after them.
SELECT setval(pg_get_serial_sequence('fact', 'id'), (SELECT max(id) FROM fact));
-- The position of a source is its place in the ;-separated list.
INSERT INTO factSource (factId, sourceId, position)
SELECT s.fact_id::bigint, u.sourceId, u.ord - 1
  FROM staging s, unnest(string_to_array(s.source_ids, ';')) WITH ORDINALITY AS u(sourceId, ord);
INSERT INTO factRetraction (factId, reason, retractedAt)
SELECT fact_id::bigint, retraction_reason, retracted_at FROM staging WHERE retraction_reason IS NOT NULL;
COMMIT;
