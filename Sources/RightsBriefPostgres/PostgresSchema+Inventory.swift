/// What the current schema must hold, for `verify`: every CHECK and FOREIGN KEY constraint
/// and every trigger that ``PostgresSchema/migrations`` creates, named as PostgreSQL stores
/// them (lower case; unnamed constraints get PostgreSQL's generated names, which depend only
/// on the statements).
///
/// A test compares these lists with what a fresh `server init` creates, so a new migration
/// that adds a constraint or trigger fails the tests until it is listed here.
extension PostgresSchema {
    /// One constraint or trigger of one table.
    public struct Part: Sendable, Hashable, Comparable {
        /// The table, as the schema names it (`factSource`).
        public let table: String
        /// The constraint's or trigger's name, as PostgreSQL stores it.
        public let name: String

        public init(_ table: String, _ name: String) {
            self.table = table
            self.name = name
        }

        public static func < (lhs: Part, rhs: Part) -> Bool {
            (lhs.table.lowercased(), lhs.name) < (rhs.table.lowercased(), rhs.name)
        }
    }

    /// Every table of the schema, as it names them (PostgreSQL stores them in lower case).
    public static let tables = [
        "facility", "source", "sourceCitation", "fact", "factSource", "factRetraction", "event", "eventFacility",
        "eventSource", "reportRun", "facilityIdentifier", "facilityMerge", "schemaMigration",
    ]

    /// The schema's name of a table PostgreSQL reports in lower case.
    static func tableName(_ stored: String) -> String {
        tables.first { $0.lowercased() == stored } ?? stored
    }

    /// Every CHECK constraint of the current version.
    public static let checkConstraints: [Part] = checks.flatMap { table, names in names.map { Part(table, $0) } }

    /// Every FOREIGN KEY constraint of the current version.
    public static let foreignKeys: [Part] = keys.flatMap { table, names in names.map { Part(table, $0) } }

    /// Every trigger of the current version: the append-only ones (UPDATE, DELETE and
    /// TRUNCATE) and the check that a correction supersedes a fact about the same subject.
    public static let triggers: [Part] =
        ["fact", "factRetraction", "facilityMerge"].flatMap { table in
            ["update", "delete", "truncate"].map { Part(table, "\(table.lowercased())_is_append_only_\($0)") }
        } + [Part("fact", "fact_supersedes_same_facility_attribute")]

    private static let checks: [(String, [String])] = [
        ("event", ["event_date_check", "event_id_check", "event_recordedat_check", "event_sensitivity_check",
                   "event_title_check"]),
        ("facility", ["facility_country_check", "facility_createdat_check", "facility_id_check", "facility_kind_check",
                      "facility_latitude_check", "facility_longitude_check", "facility_name_check",
                      "facility_openedon_check", "facility_updatedat_check"]),
        ("facilityIdentifier", ["facilityidentifier_scheme_check", "facilityidentifier_value_check"]),
        ("facilityMerge", ["facilitymerge_check", "facilitymerge_droppedid_check", "facilitymerge_facts_check",
                           "facilitymerge_keptid_check", "facilitymerge_mergedat_check"]),
        ("fact", ["fact_asof_check", "fact_attribute_check", "fact_check", "fact_check1", "fact_check2", "fact_check3",
                  "fact_recordedat_check", "fact_sensitivity_check", "fact_status_check", "fact_unit_check",
                  "fact_valuelevel_check", "fact_valuenumber_check"]),
        ("factRetraction", ["factretraction_reason_check", "factretraction_retractedat_check"]),
        ("reportRun", ["reportrun_eventcount_check", "reportrun_factcount_check", "reportrun_finishedat_check",
                       "reportrun_name_check", "reportrun_scheduledfor_check", "reportrun_sourcecount_check",
                       "reportrun_startedat_check", "reportrun_status"]),
        ("schemaMigration", ["schemamigration_version_check"]),
        ("source", ["source_check", "source_createdat_check", "source_id_check", "source_kind_check",
                    "source_publishedon_check", "source_publisher_check", "source_retrievedat_check",
                    "source_sensitivity_check", "source_textsha256_check", "source_title_check", "source_url_check"]),
        ("sourceCitation", ["sourcecitation_check"]),
    ]

    private static let keys: [(String, [String])] = [
        ("eventFacility", ["eventfacility_eventid_fkey", "eventfacility_facilityid_fkey"]),
        ("eventSource", ["eventsource_eventid_fkey", "eventsource_sourceid_fkey"]),
        ("facilityIdentifier", ["facilityidentifier_facilityid_fkey"]),
        ("fact", ["fact_facilityid_fkey", "fact_supersedesid_fkey"]),
        ("factRetraction", ["factretraction_factid_fkey"]),
        ("factSource", ["factsource_factid_fkey", "factsource_sourceid_fkey"]),
        ("sourceCitation", ["sourcecitation_citedsourceid_fkey", "sourcecitation_sourceid_fkey"]),
    ]
}
