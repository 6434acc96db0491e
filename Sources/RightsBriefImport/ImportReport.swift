import RightsBriefCore

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
    /// Every stored facility and source the import changes (or, for a dry run, would change),
    /// field by field, in the order they were written.
    public var changes: [ImportChange]

    /// Makes a report (the importer fills it in).
    public init(
        summary: LoadSummary = LoadSummary(), dryRun: Bool = false, files: [FileReport] = [], notes: [ImportProblem] = [],
        changes: [ImportChange] = []
    ) {
        self.summary = summary
        self.dryRun = dryRun
        self.files = files
        self.notes = notes
        self.changes = changes
    }
}

/// The fields an import changes in one stored facility or source: `bolduc: region ME → NE`.
public struct ImportChange: Sendable, Equatable, CustomStringConvertible {
    /// One field's stored value and the value the import writes (`nil`: empty).
    public struct Field: Sendable, Equatable {
        public var name: String
        public var old: String?
        public var new: String?

        public init(name: String, old: String?, new: String?) {
            self.name = name
            self.old = old
            self.new = new
        }
    }

    /// `facility` or `source`.
    public var kind: String
    public var id: String
    public var fields: [Field]

    public init(kind: String, id: String, fields: [Field]) {
        self.kind = kind
        self.id = id
        self.fields = fields
    }

    /// `bolduc: region ME → NE; name Bolduc → Bolduc Correctional Facility` for a facility,
    /// `source ID: …` for a source; an empty value shows as `(none)`, a long one is cut at 60
    /// characters.
    public var description: String {
        let prefix = kind == "facility" ? "" : "\(kind) "
        let parts = fields.map { "\($0.name) \(Self.show($0.old)) → \(Self.show($0.new))" }
        return prefix + id + ": " + parts.joined(separator: "; ")
    }

    static func show(_ value: String?) -> String {
        guard let value, !value.isEmpty else { return "(none)" }
        return value.count > 60 ? String(value.prefix(59)) + "…" : value
    }
}

extension ImportChange {
    /// The fields that differ between a stored facility and the one an import writes.
    init(facility old: Facility, to new: Facility) {
        func number(_ value: Double?) -> String? { value.map { "\($0)" } }
        let pairs: [(String, String?, String?)] = [
            ("name", old.name, new.name), ("country", old.country, new.country), ("region", old.region, new.region),
            ("kind", old.kind.rawValue, new.kind.rawValue), ("authority", old.authority, new.authority),
            ("opened_on", old.openedOn?.description, new.openedOn?.description),
            ("latitude", number(old.latitude), number(new.latitude)),
            ("longitude", number(old.longitude), number(new.longitude)),
            ("identifiers", FacilityIdentifier.joined(old.identifiers), FacilityIdentifier.joined(new.identifiers)),
        ]
        self.init(kind: "facility", id: new.id, fields: Self.fields(pairs))
    }

    /// The fields that differ between a stored source and the one an import writes (the text
    /// by its length only).
    init(source old: Source, to new: Source) {
        func length(_ text: String?) -> String? { text.map { "\($0.count) characters" } }
        var pairs: [(String, String?, String?)] = [
            ("title", old.title, new.title), ("publisher", old.publisher, new.publisher), ("url", old.url, new.url),
            ("author", old.author, new.author),
            ("published_on", old.publishedOn?.description, new.publishedOn?.description),
            ("retrieved_at", old.retrievedAt, new.retrievedAt), ("kind", old.kind.rawValue, new.kind.rawValue),
            ("language", old.language, new.language),
            ("sensitivity", old.sensitivity.rawValue, new.sensitivity.rawValue),
            ("cites", old.cites.sorted().joined(separator: ";"), new.cites.sorted().joined(separator: ";")),
        ]
        if old.text != new.text {
            var after = length(new.text)
            if let shown = after, shown == length(old.text) { after = "another text of " + shown }
            pairs.append(("text", length(old.text), after))
        }
        self.init(kind: "source", id: new.id, fields: Self.fields(pairs))
    }

    private static func fields(_ pairs: [(String, String?, String?)]) -> [Field] {
        pairs.compactMap { name, old, new in
            let before = old?.isEmpty == true ? nil : old
            let after = new?.isEmpty == true ? nil : new
            return before == after ? nil : Field(name: name, old: before, new: after)
        }
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
