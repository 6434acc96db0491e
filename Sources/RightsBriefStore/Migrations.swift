import GRDB

/// The schema, one migration per version. A released migration is never edited.
///
/// Every invariant SQLite can guard is a CHECK or a trigger here, so data written by any tool
/// (an older rightsbrief, the `sqlite3` shell) still cannot break the domain rules.
enum Migrations {
    static let attributeKeys =
        "'design_capacity','population','floor_area_m2','toilets','water_litres_per_person_day',"
        + "'sanitation','potable_water','temperature_control','ventilation','deaths_in_custody'"
    static let conditionKeys = "'sanitation','potable_water','temperature_control','ventilation'"
    static let countKeys = "'design_capacity','population','toilets','deaths_in_custody'"
    static let sensitivities = "'public','restricted','confidential'"

    /// A CHECK that `column` is a real calendar day written YYYY-MM-DD.
    ///
    /// `date(x, '+0 days')` normalises 2025-02-30 to 2025-03-02 on every SQLite version (plain
    /// `date(x)` echoes it unchanged before 3.46), and gives NULL for 2025-13-01; `IS` (not `=`)
    /// makes that NULL a failure, since a CHECK that evaluates to NULL passes.
    static func isDay(_ column: String) -> String {
        "(\(column) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND date(\(column), '+0 days') IS \(column))"
    }

    static func isSlug(_ column: String) -> String {
        "(length(\(column)) BETWEEN 1 AND 64 AND \(column) GLOB '[a-z0-9]*' AND \(column) NOT GLOB '*[^a-z0-9-]*')"
    }

    /// A CHECK that `column` is a UTC timestamp, to the second or to the millisecond
    /// (`2025-02-03T08:00:00Z`, `2025-02-03T08:00:00.123Z`): fixed width per form, so text order
    /// is time order within each.
    static func isTimestamp(_ column: String) -> String {
        let seconds = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]"
        return "((\(column) GLOB '\(seconds)Z' OR \(column) GLOB '\(seconds).[0-9][0-9][0-9]Z') "
            + "AND datetime(substr(\(column), 1, 19), '+0 seconds') IS replace(substr(\(column), 1, 19), 'T', ' '))"
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-create-evidence") { db in
            try db.execute(sql: v1)
        }
        migrator.registerMigration("v2-create-report-run") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3-report-run-interrupted") { db in
            try db.execute(sql: v3)
        }
        migrator.registerMigration("v4-facility-identifiers-and-merges") { db in
            try db.execute(sql: v4)
        }
        return migrator
    }

    static let v1 = """
        CREATE TABLE facility (
            id TEXT PRIMARY KEY NOT NULL CHECK \(isSlug("id")),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            country TEXT NOT NULL CHECK (length(country) = 2 AND country GLOB '[A-Z][A-Z]'),
            region TEXT,
            kind TEXT NOT NULL DEFAULT 'prison'
                CHECK (kind IN ('prison','immigration-detention','police-cell','juvenile','other')),
            authority TEXT,
            openedOn TEXT CHECK (openedOn IS NULL OR \(isDay("openedOn"))),
            latitude REAL CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
            longitude REAL CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180),
            createdAt TEXT NOT NULL CHECK \(isTimestamp("createdAt")),
            updatedAt TEXT NOT NULL CHECK \(isTimestamp("updatedAt"))
        );
        CREATE INDEX facility_on_country ON facility(country);

        CREATE TABLE source (
            id TEXT PRIMARY KEY NOT NULL CHECK \(isSlug("id")),
            url TEXT CHECK (url IS NULL OR (
                (lower(substr(url, 1, 7)) = 'http://' AND length(url) > 7)
                OR (lower(substr(url, 1, 8)) = 'https://' AND length(url) > 8))
                AND url NOT GLOB '*[ "<>\\`]*'),
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            publisher TEXT NOT NULL CHECK (length(trim(publisher)) > 0),
            author TEXT,
            publishedOn TEXT CHECK (publishedOn IS NULL OR \(isDay("publishedOn"))),
            retrievedAt TEXT CHECK (retrievedAt IS NULL OR \(isTimestamp("retrievedAt"))),
            kind TEXT NOT NULL DEFAULT 'news'
                CHECK (kind IN ('news','ngo-report','official','testimony','dataset')),
            language TEXT,
            sensitivity TEXT NOT NULL DEFAULT 'public' CHECK (sensitivity IN (\(sensitivities))),
            text TEXT,
            textSHA256 TEXT CHECK (textSHA256 IS NULL OR
                (length(textSHA256) = 64 AND textSHA256 NOT GLOB '*[^0-9a-f]*')),
            createdAt TEXT NOT NULL CHECK \(isTimestamp("createdAt")),
            CHECK ((text IS NULL) = (textSHA256 IS NULL))
        );

        CREATE TABLE sourceCitation (
            sourceId TEXT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
            citedSourceId TEXT NOT NULL REFERENCES source(id) ON DELETE RESTRICT,
            PRIMARY KEY (sourceId, citedSourceId),
            CHECK (sourceId <> citedSourceId)
        ) WITHOUT ROWID;

        CREATE TABLE fact (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            facilityId TEXT NOT NULL REFERENCES facility(id) ON DELETE RESTRICT,
            attribute TEXT NOT NULL CHECK (attribute IN (\(attributeKeys))),
            valueNumber REAL,
            valueLevel TEXT CHECK (valueLevel IS NULL OR
                valueLevel IN ('adequate','inadequate','absent','unknown')),
            unit TEXT NOT NULL CHECK (length(unit) > 0),
            asOf TEXT NOT NULL CHECK \(isDay("asOf")),
            status TEXT NOT NULL DEFAULT 'reported'
                CHECK (status IN ('reported','verified','disputed','retracted')),
            sensitivity TEXT NOT NULL DEFAULT 'public' CHECK (sensitivity IN (\(sensitivities))),
            quote TEXT,
            supersedesId INTEGER REFERENCES fact(id) ON DELETE RESTRICT,
            recordedAt TEXT NOT NULL CHECK \(isTimestamp("recordedAt")),
            CHECK ((valueNumber IS NULL) <> (valueLevel IS NULL)),
            CHECK ((attribute IN (\(conditionKeys))) = (valueLevel IS NOT NULL)),
            CHECK (valueNumber IS NULL OR valueNumber >= 0),
            CHECK (attribute NOT IN (\(countKeys)) OR valueNumber = CAST(valueNumber AS INTEGER)),
            CHECK (supersedesId IS NULL OR supersedesId <> id)
        );
        CREATE INDEX fact_on_facility_attribute ON fact(facilityId, attribute, asOf);
        CREATE INDEX fact_on_supersedes ON fact(supersedesId);

        -- Facts are append-only: corrections supersede, retractions are recorded beside.
        CREATE TRIGGER fact_is_append_only_update BEFORE UPDATE ON fact
        BEGIN SELECT RAISE(ABORT, 'facts are append-only; add a superseding fact or retract it'); END;
        CREATE TRIGGER fact_is_append_only_delete BEFORE DELETE ON fact
        BEGIN SELECT RAISE(ABORT, 'facts are append-only; retract the fact instead'); END;
        CREATE TRIGGER fact_supersedes_same_facility_attribute BEFORE INSERT ON fact
        WHEN NEW.supersedesId IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM fact f WHERE f.id = NEW.supersedesId
            AND f.facilityId = NEW.facilityId AND f.attribute = NEW.attribute)
        BEGIN SELECT RAISE(ABORT, 'a correction must be about the same facility and attribute as the fact it supersedes'); END;

        CREATE TABLE factSource (
            factId INTEGER NOT NULL REFERENCES fact(id) ON DELETE RESTRICT,
            sourceId TEXT NOT NULL REFERENCES source(id) ON DELETE RESTRICT,
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (factId, sourceId)
        ) WITHOUT ROWID;
        CREATE INDEX factSource_on_source ON factSource(sourceId);

        CREATE TABLE factRetraction (
            factId INTEGER PRIMARY KEY NOT NULL REFERENCES fact(id) ON DELETE RESTRICT,
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            retractedAt TEXT NOT NULL CHECK \(isTimestamp("retractedAt"))
        );
        CREATE TRIGGER factRetraction_is_final_update BEFORE UPDATE ON factRetraction
        BEGIN SELECT RAISE(ABORT, 'a retraction cannot be changed'); END;
        CREATE TRIGGER factRetraction_is_final_delete BEFORE DELETE ON factRetraction
        BEGIN SELECT RAISE(ABORT, 'a retraction cannot be undone'); END;

        CREATE TABLE event (
            id TEXT PRIMARY KEY NOT NULL CHECK \(isSlug("id")),
            date TEXT NOT NULL CHECK \(isDay("date")),
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            description TEXT,
            sensitivity TEXT NOT NULL DEFAULT 'public' CHECK (sensitivity IN (\(sensitivities))),
            recordedAt TEXT NOT NULL CHECK \(isTimestamp("recordedAt"))
        );
        CREATE TABLE eventFacility (
            eventId TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
            facilityId TEXT NOT NULL REFERENCES facility(id) ON DELETE RESTRICT,
            PRIMARY KEY (eventId, facilityId)
        ) WITHOUT ROWID;
        CREATE INDEX eventFacility_on_facility ON eventFacility(facilityId);
        CREATE TABLE eventSource (
            eventId TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
            sourceId TEXT NOT NULL REFERENCES source(id) ON DELETE RESTRICT,
            PRIMARY KEY (eventId, sourceId)
        ) WITHOUT ROWID;

        -- A regular FTS5 table keyed by the source id (not external content on rowid: the
        -- source table's implicit rowid may change on VACUUM).
        CREATE VIRTUAL TABLE sourceSearch USING fts5(
            sourceId UNINDEXED, title, text, tokenize='unicode61 remove_diacritics 2');
        CREATE TRIGGER source_search_insert AFTER INSERT ON source BEGIN
            INSERT INTO sourceSearch(sourceId, title, text) VALUES (NEW.id, NEW.title, NEW.text);
        END;
        CREATE TRIGGER source_search_delete AFTER DELETE ON source BEGIN
            DELETE FROM sourceSearch WHERE sourceId = OLD.id;
        END;
        CREATE TRIGGER source_search_update AFTER UPDATE OF title, text ON source BEGIN
            DELETE FROM sourceSearch WHERE sourceId = OLD.id;
            INSERT INTO sourceSearch(sourceId, title, text) VALUES (NEW.id, NEW.title, NEW.text);
        END;
        """

    static let v2 = """
        CREATE TABLE reportRun (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL CHECK (length(name) > 0),
            startedAt TEXT NOT NULL CHECK \(isTimestamp("startedAt")),
            finishedAt TEXT CHECK (finishedAt IS NULL OR \(isTimestamp("finishedAt"))),
            scheduledFor TEXT CHECK (scheduledFor IS NULL OR \(isTimestamp("scheduledFor"))),
            status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed')),
            output TEXT,
            factCount INTEGER NOT NULL DEFAULT 0 CHECK (factCount >= 0),
            sourceCount INTEGER NOT NULL DEFAULT 0 CHECK (sourceCount >= 0),
            eventCount INTEGER NOT NULL DEFAULT 0 CHECK (eventCount >= 0),
            message TEXT
        );
        CREATE INDEX reportRun_on_name ON reportRun(name, status, startedAt);
        """

    /// Allows the status `interrupted`, for a run whose process ended before it finished.
    /// SQLite cannot change a CHECK, so the table is rebuilt with its rows and index.
    static let v3 = """
        CREATE TABLE reportRun_v3 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL CHECK (length(name) > 0),
            startedAt TEXT NOT NULL CHECK \(isTimestamp("startedAt")),
            finishedAt TEXT CHECK (finishedAt IS NULL OR \(isTimestamp("finishedAt"))),
            scheduledFor TEXT CHECK (scheduledFor IS NULL OR \(isTimestamp("scheduledFor"))),
            status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted')),
            output TEXT,
            factCount INTEGER NOT NULL DEFAULT 0 CHECK (factCount >= 0),
            sourceCount INTEGER NOT NULL DEFAULT 0 CHECK (sourceCount >= 0),
            eventCount INTEGER NOT NULL DEFAULT 0 CHECK (eventCount >= 0),
            message TEXT
        );
        INSERT INTO reportRun_v3
            (id, name, startedAt, finishedAt, scheduledFor, status, output, factCount, sourceCount,
            eventCount, message)
        SELECT id, name, startedAt, finishedAt, scheduledFor, status, output, factCount, sourceCount,
            eventCount, message
        FROM reportRun;
        DROP TABLE reportRun;
        ALTER TABLE reportRun_v3 RENAME TO reportRun;
        CREATE INDEX reportRun_on_name ON reportRun(name, status, startedAt);
        """

    /// Facility identifiers from other registers, and merges of two records of one place.
    ///
    /// A merge moves the dropped facility's facts to the kept one. Facts are append-only, so
    /// the update trigger is re-created with exactly one exception: a fact may change its
    /// `facilityId`, and nothing else, from a facility to the one a row of `facilityMerge`
    /// (written first, in the same transaction) says it was merged into. Every other update
    /// is refused as before, and the merge itself (with the dropped record as it was) can be
    /// neither changed nor undone. `facilityMerge.keptId` is not a foreign key: the kept
    /// facility may itself be merged later, and the record of the first merge stays.
    static let v4 = """
        -- The key columns come first: SQLite 3.40's integrity_check wrongly reports NULLs in a
        -- WITHOUT ROWID table whose NOT NULL column precedes its key columns.
        CREATE TABLE facilityIdentifier (
            scheme TEXT NOT NULL CHECK (length(scheme) BETWEEN 1 AND 32 AND scheme NOT GLOB '*[^a-z0-9-]*'),
            value TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 200 AND value = trim(value)
                AND instr(value, ';') = 0 AND value NOT GLOB ('*[' || char(1) || '-' || char(31) || char(127) || ']*')),
            facilityId TEXT NOT NULL REFERENCES facility(id) ON DELETE RESTRICT,
            PRIMARY KEY (scheme, value)
        ) WITHOUT ROWID;
        CREATE INDEX facilityIdentifier_on_facility ON facilityIdentifier(facilityId);

        CREATE TABLE facilityMerge (
            droppedId TEXT PRIMARY KEY NOT NULL CHECK \(isSlug("droppedId")),
            keptId TEXT NOT NULL CHECK \(isSlug("keptId")),
            name TEXT NOT NULL,
            country TEXT NOT NULL,
            region TEXT,
            kind TEXT NOT NULL,
            authority TEXT,
            openedOn TEXT,
            latitude REAL,
            longitude REAL,
            createdAt TEXT NOT NULL,
            facts INTEGER NOT NULL CHECK (facts >= 0),
            mergedAt TEXT NOT NULL CHECK \(isTimestamp("mergedAt")),
            CHECK (droppedId <> keptId)
        );
        CREATE INDEX facilityMerge_on_kept ON facilityMerge(keptId);
        CREATE TRIGGER facilityMerge_is_final_update BEFORE UPDATE ON facilityMerge
        BEGIN SELECT RAISE(ABORT, 'a merge of facilities cannot be changed'); END;
        CREATE TRIGGER facilityMerge_is_final_delete BEFORE DELETE ON facilityMerge
        BEGIN SELECT RAISE(ABORT, 'a merge of facilities cannot be undone'); END;

        DROP TRIGGER fact_is_append_only_update;
        CREATE TRIGGER fact_is_append_only_update BEFORE UPDATE ON fact
        WHEN NOT (
            NEW.id IS OLD.id AND NEW.attribute IS OLD.attribute AND NEW.valueNumber IS OLD.valueNumber
            AND NEW.valueLevel IS OLD.valueLevel AND NEW.unit IS OLD.unit AND NEW.asOf IS OLD.asOf
            AND NEW.status IS OLD.status AND NEW.sensitivity IS OLD.sensitivity AND NEW.quote IS OLD.quote
            AND NEW.supersedesId IS OLD.supersedesId AND NEW.recordedAt IS OLD.recordedAt
            AND NEW.facilityId IS NOT OLD.facilityId
            AND EXISTS (SELECT 1 FROM facilityMerge m
                        WHERE m.droppedId = OLD.facilityId AND m.keptId = NEW.facilityId))
        BEGIN SELECT RAISE(ABORT, 'facts are append-only; add a superseding fact or retract it'); END;
        """
}
