import Foundation
import GRDB
import RightsBriefCore

/// What `verify` found. Problems make the check fail; warnings do not.
public struct VerificationReport: Sendable, Equatable {
    public var problems: [String]
    public var warnings: [String]
    public var checkedSources: Int

    /// Whether the store passed every check.
    public var isClean: Bool { problems.isEmpty }
}

extension FactStore {
    /// Checks the database: SQLite's integrity and foreign-key checks, facts without sources,
    /// and every captured source text re-hashed against its stored SHA-256.
    ///
    /// Problems are returned, not thrown: a mismatch is a finding, and the caller decides the
    /// exit code. Files readable by others are warnings.
    ///
    /// - Throws: ``StoreError`` only when the database cannot be read at all.
    public func verify() throws -> VerificationReport {
        var report = try read { db -> VerificationReport in
            var problems: [String] = []
            for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                problems.append("integrity: \(line)")
            }
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0]
                let rowid: Int64? = row[1]
                let parent: String = row[2]
                problems.append("foreign key: a row of \(table) (rowid \(rowid.map(String.init) ?? "?")) points to a missing \(parent)")
            }
            for id in try Int64.fetchAll(
                db, sql: "SELECT id FROM fact WHERE id NOT IN (SELECT factId FROM factSource) ORDER BY id")
            {
                problems.append("fact \(id) has no source")
            }
            var checked = 0
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, text, textSHA256 FROM source WHERE text IS NOT NULL ORDER BY id")
            while let row = try rows.next() {
                checked += 1
                let id: String = row["id"]
                let text: String = row["text"]
                let stored: String = row["textSHA256"]
                let actual = Self.sha256Hex(text)
                if actual != stored {
                    problems.append(
                        "source '\(id)': captured text does not match its SHA-256 (stored \(stored.prefix(12)), now \(actual.prefix(12))); the text was changed after capture")
                }
            }
            return VerificationReport(problems: problems, warnings: [], checkedSources: checked)
        }
        report.warnings = filesOpenToOthers().map {
            "'\($0)' can be read or written by other users; run 'chmod 600 \($0)' (the database may hold confidential testimony)"
        }
        return report
    }
}
