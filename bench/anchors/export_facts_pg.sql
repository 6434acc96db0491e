-- The facts table of `rightsbrief export csv --table facts --as-of 2025-12-31` (default audience:
-- public), in PostgreSQL's SQL: the same rows, columns and headers as rightsbrief's CSV, for
-- `psql`'s `\copy (…) TO 'file' WITH (FORMAT csv, HEADER)` on the server (issue 16's anchor).
-- A port of FactStore.exportFactsSQL (Sources/RightsBriefStore/FactStore+Export.swift and
-- FactExportColumn.swift) with the whole selection, `allowed` = ('public') and the as-of date
-- written in; bench/harness.py flattens it onto one line (\copy takes one line) and checks that
-- the as-of date is the one it passes to rightsbrief. Differences from rightsbrief's CSV, by
-- design of the anchor (what a DBA's \copy writes): numbers in PostgreSQL's float8 text (the
-- same digits for the generated data; rightsbrief writes the shortest round-trip form too),
-- `value` is the number or else the level (two columns in SQLite's --print-sql), `standing` is
-- yes/no as rightsbrief writes it, and text is not formula-guarded (rightsbrief prefixes a `'`
-- to a cell starting with = + - @; the harness counts such cells when it compares).
SELECT f.id AS fact_id,
       f.facilityId AS facility_id,
       sel.name AS facility_name,
       sel.country AS country,
       f.attribute AS attribute,
       COALESCE(f.valueNumber::text, f.valueLevel) AS value,
       f.unit AS unit,
       f.asOf AS as_of,
       f.status AS status,
       f.sensitivity AS sensitivity,
       (SELECT string_agg(fs.sourceId, ';' ORDER BY fs.position)
          FROM factSource fs JOIN source s ON s.id = fs.sourceId
         WHERE fs.factId = f.id AND s.sensitivity IN ('public')) AS source_ids,
       first.title AS source_title,
       first.url AS source_url,
       f.quote AS quote,
       f.supersedesId AS supersedes,
       CASE WHEN r.factId IS NOT NULL OR f.status = 'retracted' THEN 'no'
            WHEN EXISTS (
               SELECT 1 FROM fact g LEFT JOIN factRetraction gr ON gr.factId = g.id
                WHERE g.supersedesId = f.id AND gr.factId IS NULL AND g.status <> 'retracted'
                  AND g.sensitivity IN ('public') AND g.asOf <= '2025-12-31'
                  AND EXISTS (SELECT 1 FROM factSource gs JOIN source s ON s.id = gs.sourceId
                               WHERE gs.factId = g.id AND s.sensitivity IN ('public'))) THEN 'no'
            ELSE 'yes' END AS standing,
       r.reason AS retraction_reason,
       r.retractedAt AS retracted_at
  FROM fact f
  JOIN facility sel ON sel.id = f.facilityId
  JOIN source first ON first.id = (
       SELECT fs.sourceId FROM factSource fs JOIN source s ON s.id = fs.sourceId
        WHERE fs.factId = f.id AND s.sensitivity IN ('public') ORDER BY fs.position LIMIT 1)
  LEFT JOIN factRetraction r ON r.factId = f.id
 WHERE f.sensitivity IN ('public') AND f.asOf <= '2025-12-31'
 ORDER BY f.id
