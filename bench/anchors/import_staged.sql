-- The floor for an import that keeps every guarantee (issue 12's anchor (b)): the facts CSV
-- `rightsbrief export csv --table facts` writes, loaded by `.import` into a staging table (the
-- harness does that first), then copied by INSERT … SELECT into rightsbrief's own schema, with
-- its CHECK constraints, foreign keys and triggers all in force, in one transaction.
-- What it leaves out that rightsbrief does: checking each cell with a message, matching facts
-- already stored, undoing spreadsheet-formula guards, renumbering ids.
PRAGMA foreign_keys = ON;
BEGIN;
-- A correction's trigger checks that the fact it supersedes is stored with the same facility
-- and attribute, so facts go in by depth of correction (a fact, its correction, the
-- correction's correction …), as rightsbrief orders them too. A `supersedes` naming no row
-- of the file is left out, as rightsbrief does.
CREATE INDEX staging_supersedes ON staging(supersedes);
WITH RECURSIVE depth(id, d) AS (
    SELECT fact_id, 0 FROM staging
    WHERE supersedes = '' OR supersedes NOT IN (SELECT fact_id FROM staging)
    UNION ALL
    SELECT s.fact_id, depth.d + 1 FROM staging s JOIN depth ON s.supersedes = depth.id
)
INSERT INTO fact (id, facilityId, attribute, valueNumber, valueLevel, unit, asOf, status, sensitivity,
                  quote, supersedesId, recordedAt)
SELECT CAST(s.fact_id AS INTEGER), s.facility_id, s.attribute,
       CASE WHEN s.attribute IN ('sanitation','potable_water','temperature_control','ventilation')
            THEN NULL ELSE CAST(s.value AS REAL) END,
       CASE WHEN s.attribute IN ('sanitation','potable_water','temperature_control','ventilation')
            THEN s.value END,
       s.unit, s.as_of, s.status, s.sensitivity, NULLIF(s.quote, ''),
       CASE WHEN depth.d > 0 THEN CAST(s.supersedes AS INTEGER) END,
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM staging s JOIN depth ON depth.id = s.fact_id
ORDER BY depth.d, CAST(s.fact_id AS INTEGER);
-- Source ids are slugs (no quote or backslash), so the ;-separated list is a JSON array once
-- quoted; the array index is the source's position.
INSERT INTO factSource (factId, sourceId, position)
SELECT CAST(s.fact_id AS INTEGER), j.value, j.key
FROM staging s, json_each('["' || replace(s.source_ids, ';', '","') || '"]') j;
INSERT INTO factRetraction (factId, reason, retractedAt)
SELECT CAST(fact_id AS INTEGER), retraction_reason, retracted_at FROM staging WHERE retraction_reason <> '';
DROP TABLE staging;
COMMIT;
