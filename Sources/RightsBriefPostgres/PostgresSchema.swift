/// The server's schema, one migration per version, mirroring the SQLite store's
/// (`RightsBriefStore/Migrations.swift`): the same tables, columns, CHECK constraints,
/// foreign keys and append-only triggers, so data written by any client (`psql` included)
/// cannot break the domain rules. A released migration is never edited.
///
/// Differences that PostgreSQL asks for, none of which lets in a row SQLite refuses:
/// - Identifiers are written unquoted, so the server folds them to lower case (`facilityid`);
///   a query written for SQLite (`SELECT facilityId FROM factSource`) reads the same columns.
/// - Days and timestamps stay text in the SQLite forms (`2025-02-03`,
///   `2025-02-03T08:00:00Z`), checked by `rightsbrief_is_day` and `rightsbrief_is_timestamp`
///   (a regular expression, then a round trip through `date` / `timestamp`).
/// - Numbers are `double precision`; besides SQLite's rules, a value must be finite (`NaN`
///   and `Infinity` exist in PostgreSQL, not in SQLite).
/// - Ids of facts and report runs are identity columns.
/// - Triggers also refuse `TRUNCATE` (SQLite has none).
/// - SQLite's full-text table `sourceSearch` has no counterpart yet: nothing on the server
///   searches so far, and PostgreSQL's own full-text search (a `tsvector` index on the source
///   table) needs no extra table when `search` comes to it.
public enum PostgresSchema {
    /// One schema version: its number, its name (as in the SQLite migrator) and its statements.
    public struct Migration: Sendable {
        public let version: Int
        public let name: String
        let statements: [String]
    }

    /// All versions, oldest first.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "v1-create-evidence", statements: v1),
        Migration(version: 2, name: "v2-create-report-run", statements: v2),
        Migration(version: 3, name: "v3-report-run-interrupted", statements: v3),
        Migration(version: 4, name: "v4-facility-identifiers-and-merges", statements: v4),
    ]

    /// The newest version this rightsbrief knows.
    public static var currentVersion: Int { migrations.last?.version ?? 0 }

    static let attributeKeys =
        "'design_capacity','population','floor_area_m2','toilets','water_litres_per_person_day',"
        + "'sanitation','potable_water','temperature_control','ventilation','deaths_in_custody'"
    static let conditionKeys = "'sanitation','potable_water','temperature_control','ventilation'"
    static let countKeys = "'design_capacity','population','toilets','deaths_in_custody'"
    static let sensitivities = "'public','restricted','confidential'"
    static let slug = "'^[a-z0-9][a-z0-9-]{0,63}$'"

    /// A plpgsql trigger function that refuses with `message` (SQLSTATE 23000, an integrity
    /// violation, as SQLite reports a constraint).
    static func refusal(_ name: String, _ message: String) -> String {
        #"""
        CREATE OR REPLACE FUNCTION \#(name)() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '\#(message)' USING ERRCODE = 'integrity_constraint_violation';
        END $$
        """#
    }

    /// Row triggers refusing UPDATE and DELETE, and a statement trigger refusing TRUNCATE.
    static func appendOnly(_ table: String, update: String, delete: String, truncate: String) -> [String] {
        [
            refusal("\(table)_refuse_update", update),
            refusal("\(table)_refuse_delete", delete),
            refusal("\(table)_refuse_truncate", truncate),
            "CREATE TRIGGER \(table)_is_append_only_update BEFORE UPDATE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(table)_refuse_update()",
            "CREATE TRIGGER \(table)_is_append_only_delete BEFORE DELETE ON \(table) FOR EACH ROW EXECUTE FUNCTION \(table)_refuse_delete()",
            "CREATE TRIGGER \(table)_is_append_only_truncate BEFORE TRUNCATE ON \(table) FOR EACH STATEMENT EXECUTE FUNCTION \(table)_refuse_truncate()",
        ]
    }

    static let v1: [String] = [
        #"""
        CREATE FUNCTION rightsbrief_is_day(value text) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
        BEGIN
            IF value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN RETURN false; END IF;
            RETURN to_char(value::date, 'YYYY-MM-DD') = value;
        EXCEPTION WHEN others THEN
            RETURN false;
        END $$
        """#,
        #"""
        CREATE FUNCTION rightsbrief_is_timestamp(value text) RETURNS boolean
        LANGUAGE plpgsql IMMUTABLE STRICT SET search_path = pg_catalog AS $$
        BEGIN
            IF value !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?Z$' THEN
                RETURN false;
            END IF;
            RETURN to_char(substr(value, 1, 19)::timestamp, 'YYYY-MM-DD"T"HH24:MI:SS') = substr(value, 1, 19);
        EXCEPTION WHEN others THEN
            RETURN false;
        END $$
        """#,
        #"""
        CREATE TABLE facility (
            id text PRIMARY KEY CHECK (id ~ \#(slug)),
            name text NOT NULL CHECK (length(trim(name)) > 0),
            country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
            region text,
            kind text NOT NULL DEFAULT 'prison'
                CHECK (kind IN ('prison','immigration-detention','police-cell','juvenile','other')),
            authority text,
            openedOn text CHECK (openedOn IS NULL OR rightsbrief_is_day(openedOn)),
            latitude double precision CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
            longitude double precision CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
            createdAt text NOT NULL CHECK (rightsbrief_is_timestamp(createdAt)),
            updatedAt text NOT NULL CHECK (rightsbrief_is_timestamp(updatedAt))
        )
        """#,
        "CREATE INDEX facility_on_country ON facility(country)",
        #"""
        CREATE TABLE source (
            id text PRIMARY KEY CHECK (id ~ \#(slug)),
            url text CHECK (url IS NULL OR (url ~* '^https?://.' AND url !~ '[ "<>\\`]')),
            title text NOT NULL CHECK (length(trim(title)) > 0),
            publisher text NOT NULL CHECK (length(trim(publisher)) > 0),
            author text,
            publishedOn text CHECK (publishedOn IS NULL OR rightsbrief_is_day(publishedOn)),
            retrievedAt text CHECK (retrievedAt IS NULL OR rightsbrief_is_timestamp(retrievedAt)),
            kind text NOT NULL DEFAULT 'news'
                CHECK (kind IN ('news','ngo-report','official','testimony','dataset')),
            language text,
            sensitivity text NOT NULL DEFAULT 'public' CHECK (sensitivity IN (\#(sensitivities))),
            text text,
            textSHA256 text CHECK (textSHA256 IS NULL OR textSHA256 ~ '^[0-9a-f]{64}$'),
            createdAt text NOT NULL CHECK (rightsbrief_is_timestamp(createdAt)),
            CHECK ((text IS NULL) = (textSHA256 IS NULL))
        )
        """#,
        #"""
        CREATE TABLE sourceCitation (
            sourceId text NOT NULL REFERENCES source(id) ON DELETE CASCADE,
            citedSourceId text NOT NULL REFERENCES source(id) ON DELETE RESTRICT,
            PRIMARY KEY (sourceId, citedSourceId),
            CHECK (sourceId <> citedSourceId)
        )
        """#,
        #"""
        CREATE TABLE fact (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            facilityId text NOT NULL REFERENCES facility(id) ON DELETE RESTRICT,
            attribute text NOT NULL CHECK (attribute IN (\#(attributeKeys))),
            valueNumber double precision,
            valueLevel text CHECK (valueLevel IS NULL OR
                valueLevel IN ('adequate','inadequate','absent','unknown')),
            unit text NOT NULL CHECK (length(unit) > 0),
            asOf text NOT NULL CHECK (rightsbrief_is_day(asOf)),
            status text NOT NULL DEFAULT 'reported'
                CHECK (status IN ('reported','verified','disputed','retracted')),
            sensitivity text NOT NULL DEFAULT 'public' CHECK (sensitivity IN (\#(sensitivities))),
            quote text,
            supersedesId bigint REFERENCES fact(id) ON DELETE RESTRICT,
            recordedAt text NOT NULL CHECK (rightsbrief_is_timestamp(recordedAt)),
            CHECK ((valueNumber IS NULL) <> (valueLevel IS NULL)),
            CHECK ((attribute IN (\#(conditionKeys))) = (valueLevel IS NOT NULL)),
            CHECK (valueNumber IS NULL OR (valueNumber >= 0 AND valueNumber < 'Infinity'::double precision)),
            CHECK (attribute NOT IN (\#(countKeys)) OR valueNumber = trunc(valueNumber)),
            CHECK (supersedesId IS NULL OR supersedesId <> id)
        )
        """#,
        "CREATE INDEX fact_on_facility_attribute ON fact(facilityId, attribute, asOf)",
        "CREATE INDEX fact_on_supersedes ON fact(supersedesId)",
    ]
        // Facts are append-only: corrections supersede, retractions are recorded beside.
        + appendOnly(
            "fact", update: "facts are append-only; add a superseding fact or retract it",
            delete: "facts are append-only; retract the fact instead",
            truncate: "facts are append-only; TRUNCATE is refused")
        + [
            #"""
            CREATE FUNCTION fact_check_supersedes() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM fact f WHERE f.id = NEW.supersedesId
                               AND f.facilityId = NEW.facilityId AND f.attribute = NEW.attribute) THEN
                    RAISE EXCEPTION 'a correction must be about the same facility and attribute as the fact it supersedes'
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                RETURN NEW;
            END $$
            """#,
            """
            CREATE TRIGGER fact_supersedes_same_facility_attribute BEFORE INSERT ON fact FOR EACH ROW
            WHEN (NEW.supersedesId IS NOT NULL) EXECUTE FUNCTION fact_check_supersedes()
            """,
            """
            CREATE TABLE factSource (
                factId bigint NOT NULL REFERENCES fact(id) ON DELETE RESTRICT,
                sourceId text NOT NULL REFERENCES source(id) ON DELETE RESTRICT,
                position integer NOT NULL DEFAULT 0,
                PRIMARY KEY (factId, sourceId)
            )
            """,
            "CREATE INDEX factSource_on_source ON factSource(sourceId)",
            """
            CREATE TABLE factRetraction (
                factId bigint PRIMARY KEY REFERENCES fact(id) ON DELETE RESTRICT,
                reason text NOT NULL CHECK (length(trim(reason)) > 0),
                retractedAt text NOT NULL CHECK (rightsbrief_is_timestamp(retractedAt))
            )
            """,
        ]
        + appendOnly(
            "factRetraction", update: "a retraction cannot be changed", delete: "a retraction cannot be undone",
            truncate: "a retraction cannot be undone; TRUNCATE is refused")
        + [
            #"""
            CREATE TABLE event (
                id text PRIMARY KEY CHECK (id ~ \#(slug)),
                date text NOT NULL CHECK (rightsbrief_is_day(date)),
                title text NOT NULL CHECK (length(trim(title)) > 0),
                description text,
                sensitivity text NOT NULL DEFAULT 'public' CHECK (sensitivity IN (\#(sensitivities))),
                recordedAt text NOT NULL CHECK (rightsbrief_is_timestamp(recordedAt))
            )
            """#,
            """
            CREATE TABLE eventFacility (
                eventId text NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                facilityId text NOT NULL REFERENCES facility(id) ON DELETE RESTRICT,
                PRIMARY KEY (eventId, facilityId)
            )
            """,
            "CREATE INDEX eventFacility_on_facility ON eventFacility(facilityId)",
            """
            CREATE TABLE eventSource (
                eventId text NOT NULL REFERENCES event(id) ON DELETE CASCADE,
                sourceId text NOT NULL REFERENCES source(id) ON DELETE RESTRICT,
                PRIMARY KEY (eventId, sourceId)
            )
            """,
        ]

    static let v2: [String] = [
        #"""
        CREATE TABLE reportRun (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name text NOT NULL CHECK (length(name) > 0),
            startedAt text NOT NULL CHECK (rightsbrief_is_timestamp(startedAt)),
            finishedAt text CHECK (finishedAt IS NULL OR rightsbrief_is_timestamp(finishedAt)),
            scheduledFor text CHECK (scheduledFor IS NULL OR rightsbrief_is_timestamp(scheduledFor)),
            status text NOT NULL CONSTRAINT reportRun_status CHECK (status IN ('running','succeeded','failed')),
            output text,
            factCount integer NOT NULL DEFAULT 0 CHECK (factCount >= 0),
            sourceCount integer NOT NULL DEFAULT 0 CHECK (sourceCount >= 0),
            eventCount integer NOT NULL DEFAULT 0 CHECK (eventCount >= 0),
            message text
        )
        """#,
        "CREATE INDEX reportRun_on_name ON reportRun(name, status, startedAt)",
    ]

    /// Allows the status `interrupted`. PostgreSQL can replace a CHECK in place (SQLite
    /// rebuilds the table).
    static let v3: [String] = [
        """
        ALTER TABLE reportRun DROP CONSTRAINT reportRun_status,
            ADD CONSTRAINT reportRun_status CHECK (status IN ('running','succeeded','failed','interrupted'))
        """
    ]

    /// Facility identifiers and merges. As in SQLite, the fact update trigger is replaced with
    /// exactly one exception: a fact may change its `facilityId`, and nothing else, to the
    /// facility a `facilityMerge` row (written first, in the same transaction) names as the
    /// one its facility was merged into.
    static let v4: [String] =
        [
            #"""
            CREATE TABLE facilityIdentifier (
                scheme text NOT NULL CHECK (length(scheme) BETWEEN 1 AND 32 AND scheme !~ '[^a-z0-9-]'),
                value text NOT NULL CHECK (length(value) BETWEEN 1 AND 200 AND value = trim(value)
                    AND strpos(value, ';') = 0 AND value !~ '[\x01-\x1f\x7f]'),
                facilityId text NOT NULL REFERENCES facility(id) ON DELETE RESTRICT,
                PRIMARY KEY (scheme, value)
            )
            """#,
            "CREATE INDEX facilityIdentifier_on_facility ON facilityIdentifier(facilityId)",
            #"""
            CREATE TABLE facilityMerge (
                droppedId text PRIMARY KEY CHECK (droppedId ~ \#(slug)),
                keptId text NOT NULL CHECK (keptId ~ \#(slug)),
                name text NOT NULL,
                country text NOT NULL,
                region text,
                kind text NOT NULL,
                authority text,
                openedOn text,
                latitude double precision,
                longitude double precision,
                createdAt text NOT NULL,
                facts integer NOT NULL CHECK (facts >= 0),
                mergedAt text NOT NULL CHECK (rightsbrief_is_timestamp(mergedAt)),
                CHECK (droppedId <> keptId)
            )
            """#,
            "CREATE INDEX facilityMerge_on_kept ON facilityMerge(keptId)",
        ]
        + appendOnly(
            "facilityMerge", update: "a merge of facilities cannot be changed",
            delete: "a merge of facilities cannot be undone",
            truncate: "a merge of facilities cannot be undone; TRUNCATE is refused")
        + [
            #"""
            CREATE OR REPLACE FUNCTION fact_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.attribute IS NOT DISTINCT FROM OLD.attribute
                    AND NEW.valueNumber IS NOT DISTINCT FROM OLD.valueNumber
                    AND NEW.valueLevel IS NOT DISTINCT FROM OLD.valueLevel AND NEW.unit IS NOT DISTINCT FROM OLD.unit
                    AND NEW.asOf IS NOT DISTINCT FROM OLD.asOf AND NEW.status IS NOT DISTINCT FROM OLD.status
                    AND NEW.sensitivity IS NOT DISTINCT FROM OLD.sensitivity AND NEW.quote IS NOT DISTINCT FROM OLD.quote
                    AND NEW.supersedesId IS NOT DISTINCT FROM OLD.supersedesId
                    AND NEW.recordedAt IS NOT DISTINCT FROM OLD.recordedAt
                    AND NEW.facilityId IS DISTINCT FROM OLD.facilityId
                    AND EXISTS (SELECT 1 FROM facilityMerge m
                                WHERE m.droppedId = OLD.facilityId AND m.keptId = NEW.facilityId) THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'facts are append-only; add a superseding fact or retract it'
                    USING ERRCODE = 'integrity_constraint_violation';
            END $$
            """#
        ]
}
