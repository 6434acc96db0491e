import Foundation
import RightsBriefPostgres
import TestSupport
import Testing

/// The server's schema refuses what the SQLite schema refuses (mirroring
/// `RightsBriefStoreTests/SchemaConstraintTests`): raw SQL breaking one rule, sent by any
/// client, is refused by PostgreSQL itself.
@Suite("PostgreSQL schema constraints and triggers", .enabled(if: PostgresTestServer.isAvailable))
struct PostgresSchemaConstraintTests {
    static let sha = String(repeating: "a", count: 64)

    /// A migrated database with facilities x and y, sources s and t, fact 1 (x population 100)
    /// and fact 2 (x sanitation absent).
    func withBaseline(_ body: (PostgresFixture) async throws -> Void) async throws {
        try await PostgresTestServer.withInitializedDatabase { session, _ in
            let fixture = PostgresFixture(session: session)
            try await fixture.facility(id: "x")
            try await fixture.facility(id: "y")
            try await fixture.source(id: "s")
            try await fixture.source(id: "t", text: "captured", hash: Self.sha)
            try await fixture.fact(attribute: "population", number: 100)
            try await fixture.fact(attribute: "sanitation", level: "absent")
            try await body(fixture)
        }
    }

    @Test("the valid baseline rows are accepted, so each refusal below is due to its one bad field")
    func baselineAccepted() async throws {
        try await withBaseline { db in
            // Given valid variants of every varied field
            try await db.facility(
                id: "ice-stewart", country: "US", kind: "immigration-detention", openedOn: "2024-02-29",
                latitude: 32.0)
            try await db.source(
                id: "u", url: "HTTP://example.org/b", publishedOn: "2025-02-03", kind: "ngo-report",
                sensitivity: "confidential")
            try await db.fact(attribute: "floor_area_m2", number: 12.5, sensitivity: "restricted", status: "verified")
            try await db.fact(attribute: "population", number: 90, supersedes: 1)
            try await db.sql("INSERT INTO factSource (factId, sourceId) VALUES (1, 's')")
            try await db.sql("INSERT INTO sourceCitation (sourceId, citedSourceId) VALUES ('s', 't')")
            try await db.sql("INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (2, 'wrong', '2025-03-01T12:00:00.250Z')")
            // Then everything landed
            let value1 = try await db.count("SELECT count(*) FROM facility")
            #expect(value1 == 3)
            let value2 = try await db.count("SELECT count(*) FROM source")
            #expect(value2 == 3)
            let value3 = try await db.count("SELECT count(*) FROM fact")
            #expect(value3 == 4)
        }
    }

    @Test("ids must be slugs")
    func badSlug() async throws {
        try await withBaseline { db in
            for id in ["", "CECOT", "-x", "a b", "a_b", "é", String(repeating: "a", count: 65)] {
                await expectRefused("facility \(id)") { try await db.facility(id: id) }
                await expectRefused("source \(id)") { try await db.source(id: id) }
                await expectRefused("event \(id)") { try await db.event(id: id) }
            }
            // And the longest slug is accepted
            try await db.facility(id: String(repeating: "a", count: 64))
        }
    }

    @Test("a country must be two capital letters; a kind one of the five; a name, coordinates and timestamps valid")
    func facilityFields() async throws {
        try await withBaseline { db in
            for country in ["sv", "SLV", "S", "S1", ""] {
                await expectRefused("country \(country)") { try await db.facility(id: "z", country: country) }
            }
            await expectRefused { try await db.facility(id: "z", kind: "jail") }
            await expectRefused { try await db.facility(id: "z", kind: "Prison") }
            await expectRefused { try await db.facility(id: "z", name: "   ") }
            await expectRefused { try await db.facility(id: "z", latitude: 90.5) }
            await expectRefused { try await db.facility(id: "z", latitude: .nan) }
            for stamp in [
                "2025-03-01 12:00:00", "2025-03-01T24:00:00Z", "2025-02-30T12:00:00Z", "2025-13-01T12:00:00Z",
                "2025-03-01T12:00:00", "2025-03-01T12:00:00.5Z", "2025-03-01T12:00:60Z",
            ] {
                await expectRefused("createdAt \(stamp)") { try await db.facility(id: "z", createdAt: stamp) }
            }
        }
    }

    @Test("a source URL must be absolute http or https without spaces or markup")
    func badURL() async throws {
        try await withBaseline { db in
            for url in [
                "ftp://example.org/a", "javascript:alert(1)", "JAVASCRIPT:alert(1)", "/relative", "example.org",
                "http://", "https://", "https://a b.org", "https://example.org/<script>", "https://example.org/\"x",
                "https://example.org/a\\b", "https://example.org/`x`",
            ] {
                await expectRefused("url \(url)") { try await db.source(id: "z", url: url) }
            }
        }
    }

    @Test("a source kind and sensitivity must be known values; text and SHA-256 go together")
    func sourceFields() async throws {
        try await withBaseline { db in
            await expectRefused { try await db.source(id: "z", kind: "blog") }
            await expectRefused { try await db.source(id: "z", sensitivity: "secret") }
            await expectRefused { try await db.source(id: "z", sensitivity: "Public") }
            await expectRefused("text without hash") { try await db.source(id: "z", text: "words", hash: nil) }
            await expectRefused("hash without text") { try await db.source(id: "z", text: nil, hash: Self.sha) }
            await expectRefused("short hash") {
                try await db.source(id: "z", text: "w", hash: String(repeating: "a", count: 63))
            }
            await expectRefused("uppercase hash") {
                try await db.source(id: "z", text: "w", hash: String(repeating: "A", count: 64))
            }
            await expectRefused("not hex") {
                try await db.source(id: "z", text: "w", hash: String(repeating: "g", count: 64))
            }
        }
    }

    @Test("impossible or malformed days are refused in every date column")
    func badDates() async throws {
        try await withBaseline { db in
            for text in ["2025-02-30", "2023-02-29", "2025-2-3", "2025-13-01", "03/02/2025", "2025-02-03x"] {
                await expectRefused("asOf \(text)") {
                    try await db.fact(attribute: "population", number: 1, asOf: text)
                }
                await expectRefused("openedOn \(text)") { try await db.facility(id: "z", openedOn: text) }
                await expectRefused("publishedOn \(text)") { try await db.source(id: "z", publishedOn: text) }
                await expectRefused("date \(text)") { try await db.event(id: "e", date: text) }
            }
        }
    }

    @Test("attributes, levels, value kinds, numbers, sensitivity and status follow the vocabulary")
    func factFields() async throws {
        try await withBaseline { db in
            await expectRefused { try await db.fact(attribute: "smell", number: 1) }
            await expectRefused { try await db.fact(attribute: "Population", number: 1) }
            for level in ["dirty", "Absent", "none", ""] {
                await expectRefused("level \(level)") { try await db.fact(attribute: "sanitation", level: level) }
            }
            await expectRefused("level on a count") { try await db.fact(attribute: "population", level: "absent") }
            await expectRefused("number on a condition") { try await db.fact(attribute: "sanitation", number: 1) }
            await expectRefused("both") { try await db.fact(attribute: "sanitation", number: 1, level: "absent") }
            await expectRefused("neither") { try await db.fact(attribute: "population") }
            await expectRefused("negative count") { try await db.fact(attribute: "population", number: -5) }
            await expectRefused("negative measure") { try await db.fact(attribute: "floor_area_m2", number: -0.5) }
            await expectRefused("fractional count") { try await db.fact(attribute: "toilets", number: 2.5) }
            await expectRefused("fractional capacity") {
                try await db.fact(attribute: "design_capacity", number: 40000.1)
            }
            await expectRefused("NaN") { try await db.fact(attribute: "floor_area_m2", number: .nan) }
            await expectRefused("infinity") { try await db.fact(attribute: "floor_area_m2", number: .infinity) }
            await expectRefused { try await db.fact(attribute: "population", number: 1, sensitivity: "secret") }
            await expectRefused { try await db.fact(attribute: "population", number: 1, status: "rumoured") }
            await expectRefused { try await db.event(id: "e", sensitivity: "top") }
            // A fractional measure is accepted
            try await db.fact(attribute: "water_litres_per_person_day", number: 2.5)
        }
    }

    @Test("a source cannot cite itself or a missing source; foreign keys and event links are enforced")
    func foreignKeys() async throws {
        try await withBaseline { db in
            await expectRefused { try await db.sql("INSERT INTO sourceCitation (sourceId, citedSourceId) VALUES ('s', 's')") }
            await expectRefused {
                try await db.sql("INSERT INTO sourceCitation (sourceId, citedSourceId) VALUES ('s', 'ghost')")
            }
            await expectRefused("fact for a missing facility") {
                try await db.fact(facility: "nowhere", attribute: "population", number: 1)
            }
            await expectRefused { try await db.sql("INSERT INTO factSource (factId, sourceId) VALUES (1, 'ghost')") }
            await expectRefused { try await db.sql("INSERT INTO factSource (factId, sourceId) VALUES (999, 's')") }
            await expectRefused { try await db.sql("INSERT INTO eventFacility (eventId, facilityId) VALUES ('ghost', 'x')") }
            await expectRefused { try await db.sql("INSERT INTO eventSource (eventId, sourceId) VALUES ('ghost', 's')") }
            await expectRefused("facility with facts") { try await db.sql("DELETE FROM facility WHERE id = 'x'") }
            try await db.event(id: "e")
            try await db.sql("INSERT INTO eventFacility (eventId, facilityId) VALUES ('e', 'x')")
            await expectRefused { try await db.sql("INSERT INTO eventFacility (eventId, facilityId) VALUES ('e', 'nowhere')") }
            await expectRefused { try await db.sql("INSERT INTO eventSource (eventId, sourceId) VALUES ('e', 'ghost')") }
            await expectRefused {
                try await db.sql(
                    "INSERT INTO facilityIdentifier (scheme, value, facilityId) VALUES ('wpb', '1', 'nowhere')")
            }
        }
    }

    @Test("facts cannot be updated, deleted or truncated")
    func factsAreAppendOnly() async throws {
        try await withBaseline { db in
            // Given fact 1 (population 100)
            // When it is updated, deleted or the table truncated with raw SQL
            let update = await expectRefused { try await db.sql("UPDATE fact SET valueNumber = 1 WHERE id = 1") }
            let delete = await expectRefused { try await db.sql("DELETE FROM fact WHERE id = 1") }
            let truncate = await expectRefused { try await db.sql("TRUNCATE fact CASCADE") }
            // Then the triggers refuse each, saying what to do instead, and the value is unchanged
            #expect(update?.contains("append-only") == true)
            #expect(delete?.contains("retract") == true)
            #expect(truncate?.contains("TRUNCATE") == true)
            let value4 = try await db.count("SELECT valueNumber::int FROM fact WHERE id = 1")
            #expect(value4 == 100)
            let value5 = try await db.count("SELECT count(*) FROM fact")
            #expect(value5 == 2)
        }
    }

    @Test("a retraction cannot be changed, undone, truncated or repeated, and needs a reason")
    func retractionIsFinal() async throws {
        try await withBaseline { db in
            try await db.sql("INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (1, 'wrong', '2025-03-01T12:00:00Z')")
            let undo = await expectRefused { try await db.sql("DELETE FROM factRetraction WHERE factId = 1") }
            await expectRefused { try await db.sql("UPDATE factRetraction SET reason = 'other' WHERE factId = 1") }
            await expectRefused { try await db.sql("TRUNCATE factRetraction") }
            await expectRefused {
                try await db.sql("INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (1, 'again', '2025-03-01T12:00:00Z')")
            }
            await expectRefused {
                try await db.sql("INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (2, '  ', '2025-03-01T12:00:00Z')")
            }
            #expect(undo?.contains("cannot be undone") == true)
            let value6 = try await db.count("SELECT count(*) FROM factRetraction WHERE reason = 'wrong'")
            #expect(value6 == 1)
        }
    }

    @Test("a correction must be about the same facility and attribute")
    func supersedesSameSubject() async throws {
        try await withBaseline { db in
            let other = await expectRefused("other attribute") {
                try await db.fact(attribute: "design_capacity", number: 1, supersedes: 1)
            }
            await expectRefused("other facility") {
                try await db.fact(facility: "y", attribute: "population", number: 1, supersedes: 1)
            }
            await expectRefused("missing fact") { try await db.fact(attribute: "population", number: 1, supersedes: 999) }
            #expect(other?.contains("same facility and attribute") == true)
            let value7 = try await db.fact(attribute: "population", number: 1, supersedes: 1)
            #expect(value7 > 2)
        }
    }

    @Test("only a recorded merge moves a fact, and only its facility; a merge cannot be changed, undone or truncated")
    func mergeException() async throws {
        try await withBaseline { db in
            // Given no merge recorded: moving fact 1 from x to y is refused
            await expectRefused("move without merge") { try await db.sql("UPDATE fact SET facilityId = 'y' WHERE id = 1") }
            // When x is recorded as merged into y
            try await db.sql(
                """
                INSERT INTO facilityMerge (droppedId, keptId, name, country, kind, createdAt, facts, mergedAt)
                VALUES ('x', 'y', 'X', 'SV', 'prison', '2025-03-01T12:00:00Z', 2, '2025-03-02T12:00:00Z')
                """)
            // Then moving with another change too, or to another facility, is still refused
            await expectRefused("move and change value") {
                try await db.sql("UPDATE fact SET facilityId = 'y', valueNumber = 5 WHERE id = 1")
            }
            try await db.facility(id: "w")
            await expectRefused("move elsewhere") { try await db.sql("UPDATE fact SET facilityId = 'w' WHERE id = 1") }
            await expectRefused("change in place") { try await db.sql("UPDATE fact SET quote = 'q' WHERE id = 1") }
            // And the move the merge names is allowed
            try await db.sql("UPDATE fact SET facilityId = 'y' WHERE facilityId = 'x'")
            let value8 = try await db.count("SELECT count(*) FROM fact WHERE facilityId = 'y'")
            #expect(value8 == 2)
            // And the merge record is final
            await expectRefused { try await db.sql("UPDATE facilityMerge SET keptId = 'w' WHERE droppedId = 'x'") }
            await expectRefused { try await db.sql("DELETE FROM facilityMerge WHERE droppedId = 'x'") }
            await expectRefused { try await db.sql("TRUNCATE facilityMerge") }
            await expectRefused("merge into itself") {
                try await db.sql(
                    """
                    INSERT INTO facilityMerge (droppedId, keptId, name, country, kind, createdAt, facts, mergedAt)
                    VALUES ('w', 'w', 'W', 'SV', 'prison', '2025-03-01T12:00:00Z', 0, '2025-03-02T12:00:00Z')
                    """)
            }
        }
    }

    @Test("facility identifiers: scheme and value are checked, one identifier names one facility")
    func identifierConstraints() async throws {
        try await withBaseline { db in
            try await db.sql("INSERT INTO facilityIdentifier (scheme, value, facilityId) VALUES ('wpb', 'el-salvador/1', 'x')")
            await expectRefused("taken") {
                try await db.sql("INSERT INTO facilityIdentifier (scheme, value, facilityId) VALUES ('wpb', 'el-salvador/1', 'y')")
            }
            for (scheme, value) in [("WPB", "1"), ("", "1"), ("wpb", ""), ("wpb", " 1"), ("wpb", "a;b"), ("wpb", "a\u{7}b")] {
                await expectRefused("\(scheme) \(value)") {
                    try await db.session.execute(
                        "INSERT INTO facilityIdentifier (scheme, value, facilityId) VALUES (\(scheme), \(value), 'x')")
                }
            }
        }
    }

    @Test("report runs: status one of the four (interrupted since v3), counts not negative")
    func reportRuns() async throws {
        try await withBaseline { db in
            try await db.sql(
                "INSERT INTO reportRun (name, startedAt, status) VALUES ('weekly', '2025-03-01T12:00:00Z', 'interrupted')")
            await expectRefused {
                try await db.sql("INSERT INTO reportRun (name, startedAt, status) VALUES ('weekly', '2025-03-01T12:00:00Z', 'lost')")
            }
            await expectRefused {
                try await db.sql(
                    "INSERT INTO reportRun (name, startedAt, status, factCount) VALUES ('w', '2025-03-01T12:00:00Z', 'running', -1)")
            }
        }
    }
}
