import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefStore

/// What one scheduled run produced.
public struct RunOutcome: Sendable {
    public var name: String
    /// The dated folder written.
    public var folder: URL
    public var facts: Int
    public var sources: Int
    public var events: Int
}

/// Runs report definitions: builds each report, writes it into a dated folder, moves the
/// `latest` link and prunes old runs, recording every run in the database.
///
/// Layout, for a definition named `sv-weekly` in the reports folder `reports/`:
///
/// ```
/// reports/out/sv-weekly/2025-03-10T0700Z/briefing.md   (markdown, with charts/*.svg; briefing.html, briefing.pdf)
/// reports/out/sv-weekly/2025-03-10T0700Z/sv-weekly.xlsx (xlsx)
/// reports/out/sv-weekly/2025-03-10T0700Z/csv/          (csv)
/// reports/out/sv-weekly/2025-03-10T0700Z/MANIFEST.json  (and MANIFEST.json.sig, with sign:)
/// reports/out/sv-weekly/latest -> 2025-03-10T0700Z
/// ```
///
/// A run's folder appears complete or not at all; `latest` moves only after success, and a
/// failed run leaves the previous report and `latest` as they were.
public final class ReportRunner {
    public let store: FactStore
    public let reportsFolder: URL
    public let locator: ResourceLocator
    /// Called with the finished temporary folder just before it is moved into place; tests use
    /// it to simulate a failure (a full disk) at the last moment.
    public var beforeCommit: ((URL) throws -> Void)?

    public init(store: FactStore, reportsFolder: URL, locator: ResourceLocator) {
        self.store = store
        self.reportsFolder = reportsFolder
        self.locator = locator
    }

    /// Where a definition's runs go.
    public func outputFolder(for name: String) -> URL {
        reportsFolder.appendingPathComponent("out", isDirectory: true).appendingPathComponent(name, isDirectory: true)
    }

    /// The definitions whose schedule has fired since their last successful run.
    ///
    /// A definition that never ran is due when its schedule fired at least once in the year
    /// before `now`. Missed slots are caught up once: one run covers them all.
    public func due(_ definitions: [ReportDefinition], now: Date) throws -> [ReportDefinition] {
        try definitions.filter { definition in
            let last = try store.lastSuccessfulRun(name: definition.name)
            let since = try last.flatMap { run in try run.scheduledFor.map { try Timestamp.parse($0) } }
                ?? now.addingTimeInterval(-366 * 24 * 3600)
            return definition.schedule.latestFire(after: since, upTo: now, in: definition.timeZone) != nil
        }
    }

    /// Runs one definition now.
    ///
    /// Call it while holding the run lock (``RunLock``): runs of this definition still
    /// recorded as `running` were left by a process that ended early, and are marked
    /// `interrupted` first. The change digest compares with the last *succeeded* run.
    ///
    /// - Parameter now: the time the run is for (names the folder and fixes the as-of date).
    /// - Returns: what was written.
    /// - Throws: ``ReportError`` (templates, output folder) or ``StoreError`` (database), after
    ///   recording the failure; the previous report and `latest` are untouched.
    public func run(_ definition: ReportDefinition, now: Date) throws -> RunOutcome {
        try store.markInterruptedRuns(name: definition.name)
        let previous = try store.lastSuccessfulRun(name: definition.name)
        let record = try store.startRun(name: definition.name, scheduledFor: now)
        do {
            let outcome = try produce(definition, now: now, previous: previous)
            try store.finishRun(
                id: record.id, succeeded: true, output: outcome.folder.path,
                counts: (outcome.facts, outcome.sources, outcome.events))
            return outcome
        } catch {
            try? store.finishRun(id: record.id, succeeded: false, output: nil, message: error.localizedDescription)
            throw error
        }
    }

    private func produce(_ definition: ReportDefinition, now: Date, previous: ReportRun?) throws -> RunOutcome {
        let request = ReportRequest(
            selection: Selection(facilityIds: definition.facilityIds, countries: definition.countries),
            audience: definition.audience, asOf: Day(now), title: definition.title, language: definition.language)
        // A missing or unsafe key fails the run before anything is written.
        let key = try definition.signingKey.map { try KeyFiles.loadPrivate($0) }
        let job = try ReportJob(store: store, request: request, locator: locator, today: Day(now))
        // The model is for the briefing; spreadsheets stream from the store whatever their size.
        var model = try job.model()
        // Compare by the store's clock (when the previous run started); show the time it was for.
        model.changes = ChangeDigest.compute(for: model, since: previous?.startedAt)
        if let label = previous?.scheduledFor { model.changes?.since = label }
        let briefings: [ReportFormat: BriefingFormat] = [.markdown: .markdown, .html: .html, .pdf: .pdf]
        let usesTemplates = definition.formats.contains { briefings[$0] != nil }
        let library = usesTemplates ? try job.templates() : nil
        // A missing PDF engine fails the run before anything is written.
        if definition.formats.contains(.pdf) { try PDFRenderer().check() }

        let base = outputFolder(for: definition.name)
        do {
            try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        } catch {
            throw ReportError.outputNotWritable(path: base.path, reason: "cannot create the folder")
        }
        let folder = base.appendingPathComponent(Self.stamp(now), isDirectory: true)
        try AtomicFolder.write(to: folder) { temporary in
            for format in definition.formats {
                switch format {
                case .markdown:
                    if let library {
                        try job.writeMarkdown(model, templates: library, template: definition.template, into: temporary)
                    }
                case .html, .pdf:
                    if let library, let briefing = briefings[format] {
                        let bytes = try job.briefing(
                            model, format: briefing, templates: library, template: definition.template)
                        try AtomicFile.write(
                            bytes, to: temporary.appendingPathComponent("briefing.\(briefing.fileExtension)"))
                    }
                case .xlsx:
                    try job.workbookBuilder().write(
                        tables: try job.tables(), about: job.about,
                        to: temporary.appendingPathComponent("\(definition.name).xlsx"))
                case .csv:
                    try job.csvBuilder().writeFolder(try job.tables(), to: temporary.appendingPathComponent("csv"))
                }
            }
            if let key {
                let made = BundleOrigin(
                    command: "run", facilities: definition.facilityIds, countries: definition.countries,
                    template: usesTemplates ? definition.template : nil, title: definition.title,
                    report: definition.name, definition: URL(fileURLWithPath: definition.file).lastPathComponent,
                    scheduledFor: Timestamp.string(now))
                try SignedBundle.sign(temporary, key: key, description: try job.bundleDescription(made: made))
            }
            try beforeCommit?(temporary)
        }
        try pointLatest(in: base, to: folder.lastPathComponent)
        prune(base, keep: definition.keep)
        return RunOutcome(
            name: definition.name, folder: folder, facts: model.evidence.facts.count,
            sources: model.evidence.sources.count, events: model.events.count)
    }

    /// `YYYY-MM-DDTHHMMZ` for `date` in UTC.
    public static func stamp(_ date: Date) -> String {
        let text = Timestamp.string(date)  // 2025-03-10T07:00:00Z
        let minutes = text.prefix(16).replacingOccurrences(of: ":", with: "")
        return minutes + "Z"
    }

    /// Replaces the `latest` symlink atomically (a new link beside it, renamed over it).
    func pointLatest(in base: URL, to name: String) throws {
        let link = base.appendingPathComponent("latest").path
        let temporary = base.appendingPathComponent(TemporaryOutput.name(for: "latest")).path
        guard symlink(name, temporary) == 0, rename(temporary, link) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ReportError.outputNotWritable(path: link, reason: reason)
        }
    }

    /// Removes dated run folders beyond the newest `keep`, never the one `latest` points to.
    func prune(_ base: URL, keep: Int) {
        let manager = FileManager.default
        let latest = (try? manager.destinationOfSymbolicLink(atPath: base.appendingPathComponent("latest").path))
        let runs = ((try? manager.contentsOfDirectory(atPath: base.path)) ?? [])
            .filter { Self.isStamp($0) }
            .sorted()
        for name in runs.dropLast(keep) where name != latest {
            let run = base.appendingPathComponent(name)
            guard Self.isRunFolder(run, definition: base.lastPathComponent) else { continue }
            try? manager.removeItem(at: run)
        }
    }

    /// Whether rightsbrief wrote the dated folder `run`: it has rightsbrief's manifest, or
    /// (written before manifests existed) holds nothing but a run's outputs.
    static func isRunFolder(_ run: URL, definition: String) -> Bool {
        if OutputManifest.read(in: run) != nil { return true }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: run.path) else { return false }
        return Set(names).isSubset(of: ["briefing.md", "charts", "briefing.html", "briefing.pdf", "\(definition).xlsx", "csv"])
    }

    static func isStamp(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard bytes.count == 16, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z")
        else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 13, 14].allSatisfy { bytes[$0] >= 48 && bytes[$0] <= 57 }
    }
}
