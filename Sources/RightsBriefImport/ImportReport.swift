/// What an import did (or, for a dry run, would do).
public struct ImportReport: Sendable, Equatable {
    /// What each file was read as.
    public struct FileReport: Sendable, Equatable {
        /// The file as the user named it.
        public var file: String
        /// `facilities table`, `facts table`, `sources table`, `events table`,
        /// `summary table (skipped)`, `dataset document`, or `mapped by MAP.yml`.
        public var kind: String
        /// Data rows (CSV) or items (JSON) read.
        public var records: Int

        /// Makes a file report.
        public init(file: String, kind: String, records: Int) {
            self.file = file
            self.kind = kind
            self.records = records
        }
    }

    /// Added, updated and unchanged counts per kind (facility, source, fact, event, retraction).
    public var summary: LoadSummary
    /// Whether nothing was written.
    public var dryRun: Bool
    public var files: [FileReport]
    /// Things worth knowing that are not errors: a summary table skipped, rows skipped by the
    /// mapping, values without an as-of date left out, a `supersedes` link to a fact the
    /// export left out.
    public var notes: [ImportProblem]

    /// Makes a report (the importer fills it in).
    public init(summary: LoadSummary = LoadSummary(), dryRun: Bool = false, files: [FileReport] = [], notes: [ImportProblem] = []) {
        self.summary = summary
        self.dryRun = dryRun
        self.files = files
        self.notes = notes
    }
}

/// How far a long import has got, for a progress line.
public struct ImportProgress: Sendable, Equatable {
    /// The file being read.
    public var file: String
    /// Rows of `file` read so far.
    public var rows: Int
    /// What the importer is doing: `reading` or `writing`.
    public var stage: String
}
