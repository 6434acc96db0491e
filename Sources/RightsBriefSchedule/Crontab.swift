import Foundation

/// Builds, installs and removes rightsbrief's block in the user's crontab.
///
/// The block sits between marker comments that name the reports folder, so several
/// installations can coexist and every other line of the crontab is kept as it was.
/// Installing again replaces the block (idempotent); removing takes it out.
public struct Crontab: Sendable {
    /// The absolute path of the rightsbrief executable.
    public var executable: String
    /// The absolute path of the database.
    public var database: String
    /// The absolute path of the reports folder.
    public var reportsFolder: String
    /// The `crontab` program to call (`$RIGHTSBRIEF_CRONTAB` overrides it, for tests).
    public var program: String

    public init(executable: String, database: String, reportsFolder: String, program: String = "crontab") {
        self.executable = executable
        self.database = database
        self.reportsFolder = reportsFolder
        self.program = program
    }

    var beginMarker: String { "# BEGIN rightsbrief \(reportsFolder)" }
    var endMarker: String { "# END rightsbrief \(reportsFolder)" }

    /// The crontab lines for `definitions`, markers included.
    ///
    /// Each definition gets a line with its own cron expression running `run --due NAME`,
    /// when its time zone is the machine's (cron reads the crontab in the machine's zone).
    /// A definition in another zone gets a line every 10 minutes instead, and rightsbrief
    /// decides in the definition's zone whether the report is due.
    public func lines(for definitions: [ReportDefinition], machineZone: TimeZone = .current) -> [String] {
        var lines = [beginMarker, "# Managed by 'rightsbrief schedule install'; edit the .yml definitions instead."]
        for definition in definitions {
            let sameZone = definition.timeZone.secondsFromGMT() == machineZone.secondsFromGMT()
                && definition.timeZone.identifier == machineZone.identifier
                || (Self.isUTC(definition.timeZone) && Self.isUTC(machineZone))
            let when = sameZone ? Self.cronFields(definition.schedule) : "*/10 * * * *"
            if !sameZone {
                lines.append(
                    "# \(definition.name): '\(definition.schedule.text)' in \(definition.timeZone.identifier); checked every 10 minutes")
            }
            lines.append(
                "\(when) cd / && \(quote(executable)) run --due \(definition.name) --db \(quote(database)) "
                    + "--reports-dir \(quote(reportsFolder)) --log \(quote(reportsFolder + "/out/cron.log"))")
        }
        lines.append(endMarker)
        return lines
    }

    /// The five fields cron needs (shortcuts such as `@weekly` are passed as they are).
    static func cronFields(_ expression: CronExpression) -> String {
        expression.text
    }

    static func isUTC(_ zone: TimeZone) -> Bool {
        zone.secondsFromGMT() == 0 && ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Universal", "Zulu"].contains(zone.identifier)
    }

    /// `text` with this installation's block replaced by `block` (or removed when `nil`);
    /// every other line is kept byte for byte, in order. The block is replaced where it
    /// stands, so installing again changes nothing; a first install appends it. A begin
    /// marker without its end marker is not ours to delete: those lines are kept.
    public func replacingBlock(in text: String, with block: [String]?) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }  // the text's final newline
        var kept: [String] = []
        var position: Int?
        var inside: [String]?
        for line in lines {
            if var current = inside {
                current.append(line)
                inside = line == endMarker ? nil : current
                continue
            }
            if line == beginMarker {
                position = position ?? kept.count
                inside = [line]
                continue
            }
            kept.append(line)
        }
        if let unterminated = inside { kept += unterminated }
        if let block { kept.insert(contentsOf: block, at: position ?? kept.count) }
        return kept.isEmpty ? "" : kept.joined(separator: "\n") + "\n"
    }

    /// The user's current crontab ("" when there is none).
    ///
    /// - Throws: ``ScheduleError/crontab(reason:)`` when `crontab` is missing or fails.
    public func read() throws -> String {
        let result = try call(["-l"], input: nil)
        if result.status != 0 {
            if result.error.contains("no crontab") { return "" }
            throw ScheduleError.crontab(reason: "'\(program) -l' failed: \(result.error.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return result.output
    }

    /// Installs (or, with `nil`, removes) the block.
    ///
    /// - Throws: ``ScheduleError/crontab(reason:)``.
    public func update(block: [String]?) throws {
        let current = try read()
        let updated = replacingBlock(in: current, with: block)
        guard updated != current else { return }
        let result = try call(["-"], input: updated)
        guard result.status == 0 else {
            throw ScheduleError.crontab(reason: "'\(program) -' failed: \(result.error.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }

    private func call(_ arguments: [String], input: String?) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        do {
            try process.run()
        } catch {
            throw ScheduleError.crontab(reason: "cannot run '\(program)' (install the cron package: apt-get install cron)")
        }
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            throw ScheduleError.crontab(reason: "'\(program)' is not installed (apt-get install cron)")
        }
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
    }

    /// Shell-quotes a path for a crontab line; `%` (a newline to cron) is escaped too.
    private func quote(_ path: String) -> String {
        let quoted = path.allSatisfy { $0.isLetter || $0.isNumber || "/._-+".contains($0) } ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
        return quoted.replacingOccurrences(of: "%", with: "\\%")
    }
}
