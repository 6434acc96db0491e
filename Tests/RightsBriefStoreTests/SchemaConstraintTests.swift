import Foundation
import GRDB
import RightsBriefStore
import TestSupport
import Testing

/// Proves that the schema itself guards each domain rule: raw SQL that breaks one rule is
/// refused by SQLite with a constraint error, whatever tool wrote it.
@Suite("Schema constraints and triggers")
struct SchemaConstraintTests {
    let store: FactStore
    static let stamp = "2025-03-01T12:00:00Z"

    init() throws {
        store = try makeTestStore()
        // A valid baseline written with raw SQL: facility x, sources s and t, fact 1 about x.
        try insertFacility(id: "x")
        try insertFacility(id: "y")
        try insertSource(id: "s")
        try insertSource(id: "t", text: "captured", hash: FactStore.sha256Hex("captured"))
        try insertFact(attribute: "population", number: 100)
        try insertFact(attribute: "sanitation", level: "absent")
    }

    func insertFacility(
        id: String, name: String = "X", country: String = "SV", kind: String = "prison",
        openedOn: String? = nil, latitude: Double? = nil, createdAt: String = stamp
    ) throws {
        try store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO facility (id, name, country, kind, openedOn, latitude, createdAt, updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, name, country, kind, openedOn, latitude, createdAt, Self.stamp])
        }
    }

    func insertSource(
        id: String, url: String? = "https://example.org/a", publishedOn: String? = nil,
        kind: String = "news",
        sensitivity: String = "public", text: String? = nil, hash: String? = nil
    ) throws {
        try store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO source (id, url, title, publisher, publishedOn, kind, sensitivity, text, textSHA256, createdAt)
                    VALUES (?, ?, 'T', 'P', ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [id, url, publishedOn, kind, sensitivity, text, hash, Self.stamp])
        }
    }

    @discardableResult
    func insertFact(
        facility: String = "x", attribute: String, number: Double? = nil, level: String? = nil,
        asOf: String = "2025-02-03", sensitivity: String = "public", status: String = "reported",
        supersedes: Int64? = nil
    ) throws -> Int64 {
        try store.writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO fact (facilityId, attribute, valueNumber, valueLevel, unit, asOf, status,
                    sensitivity, supersedesId, recordedAt) VALUES (?, ?, ?, ?, 'u', ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    facility, attribute, number, level, asOf, status, sensitivity, supersedes,
                    Self.stamp,
                ])
            return db.lastInsertedRowID
        }
    }

    /// Expects `body` (one raw insert) to be refused with SQLITE_CONSTRAINT.
    func expectRefused(
        _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) {
        let error = #expect(throws: DatabaseError.self, comment, sourceLocation: sourceLocation) {
            try body()
        }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT, comment, sourceLocation: sourceLocation)
    }

    @Test("the valid baseline rows are accepted, so each refusal below is due to its one bad field")
    func baselineAccepted() throws {
        // Given the rows written in init, plus valid variants of every varied field
        try insertFacility(
            id: "ice-stewart", country: "US", kind: "immigration-detention", openedOn: "2024-02-29",
            latitude: 32.0)
        try insertSource(
            id: "u", url: "HTTP://example.org/b", publishedOn: "2025-02-03", kind: "ngo-report",
            sensitivity: "confidential")
        try insertFact(
            attribute: "floor_area_m2", number: 12.5, sensitivity: "restricted", status: "verified")
        try insertFact(attribute: "population", number: 90, supersedes: 1)
        try store.writer.write { db in
            try db.execute(sql: "INSERT INTO factSource (factId, sourceId) VALUES (1, 's')")
            try db.execute(
                sql: "INSERT INTO sourceCitation (sourceId, citedSourceId) VALUES ('s', 't')")
            try db.execute(
                sql:
                    "INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (2, 'wrong', ?)",
                arguments: [Self.stamp])
        }

        // When the tables are counted
        let counts = try store.counts()

        // Then everything landed
        #expect(counts.facilities == 3)
        #expect(counts.sources == 3)
        #expect(counts.facts == 4)
    }

    @Test(
        "ids must be slugs",
        arguments: ["", "CECOT", "-x", "a b", "a_b", "é", String(repeating: "a", count: 65)])
    func badSlug(_ id: String) {
        // Given a valid database
        // When a facility, source or event is inserted with a malformed id
        // Then SQLite refuses each
        expectRefused("facility \(id)") { try insertFacility(id: id) }
        expectRefused("source \(id)") { try insertSource(id: id) }
        expectConstraintViolation(
            store,
            "INSERT INTO event (id, date, title, recordedAt) VALUES (?, '2025-02-03', 'T', ?)",
            [id, Self.stamp])
    }

    @Test("a country must be two capital letters", arguments: ["sv", "SLV", "S", "S1", ""])
    func badCountry(_ country: String) {
        // Given a valid database
        // When a facility is inserted with a malformed country code
        // Then SQLite refuses it
        expectRefused { try insertFacility(id: "z", country: country) }
    }

    @Test("a facility kind must be one of the five")
    func unknownFacilityKind() {
        // Given a valid database
        // When a facility is inserted with a kind outside the five
        // Then SQLite refuses it
        expectRefused { try insertFacility(id: "z", kind: "jail") }
        expectRefused { try insertFacility(id: "z", kind: "Prison") }
    }

    @Test("a facility needs a name and valid coordinates and timestamps")
    func facilityFields() {
        // Given a valid database
        // When a facility has a blank name, a latitude past 90 or a malformed timestamp
        // Then SQLite refuses each
        expectRefused { try insertFacility(id: "z", name: "   ") }
        expectRefused { try insertFacility(id: "z", latitude: 90.5) }
        expectRefused { try insertFacility(id: "z", createdAt: "2025-03-01 12:00:00") }
        expectRefused { try insertFacility(id: "z", createdAt: "2025-03-01T24:00:00Z") }
        expectRefused { try insertFacility(id: "z", createdAt: "2025-02-30T12:00:00Z") }
        expectRefused { try insertFacility(id: "z", createdAt: "2025-13-01T12:00:00Z") }
    }

    @Test(
        "a source URL must be absolute http or https without spaces or markup",
        arguments: [
            "ftp://example.org/a", "javascript:alert(1)", "JAVASCRIPT:alert(1)", "/relative",
            "example.org",
            "http://", "https://", "https://a b.org", "https://example.org/<script>",
            "https://example.org/\"x",
        ])
    func badURL(_ url: String) {
        // Given a valid database
        // When a source is inserted with a URL that is not absolute http(s) or holds unsafe
        //   characters
        // Then SQLite refuses it
        expectRefused { try insertSource(id: "z", url: url) }
    }

    @Test("a source kind and sensitivity must be known values")
    func sourceEnums() {
        // Given a valid database
        // When a source is inserted with an unknown kind or sensitivity
        // Then SQLite refuses each
        expectRefused { try insertSource(id: "z", kind: "blog") }
        expectRefused { try insertSource(id: "z", sensitivity: "secret") }
        expectRefused { try insertSource(id: "z", sensitivity: "Public") }
    }

    @Test(
        "impossible or malformed days are refused in every date column",
        arguments: ["2025-02-30", "2023-02-29", "2025-2-3", "2025-13-01", "03/02/2025"])
    func badDates(_ text: String) {
        // Given a valid database
        // When a day that does not exist, or is not YYYY-MM-DD, goes into asOf, openedOn,
        //   publishedOn or date
        // Then SQLite refuses each
        expectRefused("asOf \(text)") {
            try insertFact(attribute: "population", number: 1, asOf: text)
        }
        expectRefused("openedOn \(text)") { try insertFacility(id: "z", openedOn: text) }
        expectRefused("publishedOn \(text)") { try insertSource(id: "z", publishedOn: text) }
        expectConstraintViolation(
            store, "INSERT INTO event (id, date, title, recordedAt) VALUES ('e', ?, 'T', ?)",
            [text, Self.stamp])
    }

    @Test("an unknown attribute is refused")
    func unknownAttribute() {
        // Given a facility
        // When a fact is inserted with an attribute outside the vocabulary
        // Then SQLite refuses it
        expectRefused { try insertFact(attribute: "smell", number: 1) }
        expectRefused { try insertFact(attribute: "Population", number: 1) }
    }

    @Test(
        "a condition level outside the four is refused", arguments: ["dirty", "Absent", "none", ""])
    func badLevel(_ level: String) {
        // Given a facility
        // When a condition fact is inserted with a level outside the four
        // Then SQLite refuses it
        expectRefused { try insertFact(attribute: "sanitation", level: level) }
    }

    @Test("a level on a count attribute is refused, and a number on a condition")
    func valueKindMismatch() {
        // Given a facility
        // When a fact's value is of the wrong kind for its attribute, or both or neither value is
        //   set
        // Then SQLite refuses each
        expectRefused("level on a count") {
            try insertFact(attribute: "population", level: "absent")
        }
        expectRefused("number on a condition") {
            try insertFact(attribute: "sanitation", number: 1)
        }
        expectRefused("both") {
            try insertFact(attribute: "sanitation", number: 1, level: "absent")
        }
        expectRefused("neither") { try insertFact(attribute: "population") }
    }

    @Test("negative values and fractional counts are refused; fractional measures are not")
    func numbers() throws {
        // Given a facility
        // When negative values and fractional counts are inserted, then a fractional measure
        // Then only the measure is accepted
        expectRefused("negative count") { try insertFact(attribute: "population", number: -5) }
        expectRefused("negative measure") {
            try insertFact(attribute: "floor_area_m2", number: -0.5)
        }
        expectRefused("fractional count") { try insertFact(attribute: "toilets", number: 2.5) }
        expectRefused("fractional capacity") {
            try insertFact(attribute: "design_capacity", number: 40000.1)
        }
        try insertFact(attribute: "water_litres_per_person_day", number: 2.5)
    }

    @Test("sensitivity must be one of the three, and status one of the four")
    func factEnums() {
        // Given a facility
        // When a fact or event has an unknown sensitivity or status
        // Then SQLite refuses each
        expectRefused { try insertFact(attribute: "population", number: 1, sensitivity: "secret") }
        expectRefused { try insertFact(attribute: "population", number: 1, status: "rumoured") }
        expectConstraintViolation(
            store,
            "INSERT INTO event (id, date, title, sensitivity, recordedAt) VALUES ('e', '2025-02-03', 'T', 'top', ?)",
            [Self.stamp])
    }

    @Test("captured text needs a well-formed SHA-256, and a hash needs text")
    func textHash() {
        // Given a valid database
        // When a source's text and SHA-256 do not go together or the hash is malformed
        // Then SQLite refuses each
        expectRefused("text without hash") { try insertSource(id: "z", text: "words", hash: nil) }
        expectRefused("hash without text") {
            try insertSource(id: "z", text: nil, hash: String(repeating: "a", count: 64))
        }
        expectRefused("short hash") {
            try insertSource(id: "z", text: "words", hash: String(repeating: "a", count: 63))
        }
        expectRefused("uppercase hash") {
            try insertSource(id: "z", text: "words", hash: String(repeating: "A", count: 64))
        }
        expectRefused("not hex") {
            try insertSource(id: "z", text: "words", hash: String(repeating: "g", count: 64))
        }
    }

    @Test("a source cannot cite itself or a missing source")
    func citations() {
        // Given sources s and t
        // When s is made to cite itself or a missing source
        // Then SQLite refuses both
        expectConstraintViolation(
            store, "INSERT INTO sourceCitation (sourceId, citedSourceId) VALUES ('s', 's')")
        expectConstraintViolation(
            store, "INSERT INTO sourceCitation (sourceId, citedSourceId) VALUES ('s', 'ghost')")
    }

    @Test("facts cannot be updated or deleted")
    func factsAreAppendOnly() throws {
        // Given fact 1 (population 100)
        // When it is updated or deleted with raw SQL
        // Then the triggers refuse both, saying what to do instead, and the value is unchanged
        let update = expectConstraintViolation(
            store, "UPDATE fact SET valueNumber = 1 WHERE id = 1")
        let delete = expectConstraintViolation(store, "DELETE FROM fact WHERE id = 1")
        #expect(update?.contains("append-only") == true)
        #expect(delete?.contains("retract") == true)
        let value = try store.writer.read {
            try Double.fetchOne($0, sql: "SELECT valueNumber FROM fact WHERE id = 1")
        }
        #expect(value == 100)
    }

    @Test("a retraction cannot be changed or undone")
    func retractionIsFinal() throws {
        // Given fact 1 retracted
        // When the retraction is deleted, changed, repeated, or another is given a blank reason
        // Then each is refused and the retraction stands
        try store.writer.write { db in
            try db.execute(
                sql:
                    "INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (1, 'wrong', ?)",
                arguments: [Self.stamp])
        }
        let undo = expectConstraintViolation(store, "DELETE FROM factRetraction WHERE factId = 1")
        expectConstraintViolation(
            store, "UPDATE factRetraction SET reason = 'other' WHERE factId = 1")
        expectConstraintViolation(
            store,
            "INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (1, 'again', ?)",
            [Self.stamp])
        expectConstraintViolation(
            store, "INSERT INTO factRetraction (factId, reason, retractedAt) VALUES (2, '  ', ?)",
            [Self.stamp])
        #expect(undo?.contains("cannot be undone") == true)
        #expect(
            try store.facts(FactQuery(history: true)).first { $0.id == 1 }?.retraction?.reason
                == "wrong")
    }

    @Test("a correction must be about the same facility and attribute")
    func supersedesSameSubject() throws {
        // Given fact 1 about x's population
        // When a correction points at it from another attribute or facility, or points at no fact
        // Then the trigger refuses those and accepts a true correction
        // Fact 1 is x/population.
        expectRefused("other attribute") {
            try insertFact(attribute: "design_capacity", number: 1, supersedes: 1)
        }
        expectRefused("other facility") {
            try insertFact(facility: "y", attribute: "population", number: 1, supersedes: 1)
        }
        expectRefused("missing fact") {
            try insertFact(attribute: "population", number: 1, supersedes: 999)
        }
        #expect(try insertFact(attribute: "population", number: 1, supersedes: 1) > 2)
    }

    @Test("foreign keys are enforced")
    func foreignKeys() {
        // Given facility x, source s and fact 1
        // When rows point at missing facilities, sources, facts or events, or x is deleted while
        //   facts cite it
        // Then the foreign keys refuse each
        expectRefused("fact for a missing facility") {
            try insertFact(facility: "nowhere", attribute: "population", number: 1)
        }
        expectConstraintViolation(
            store, "INSERT INTO factSource (factId, sourceId) VALUES (1, 'ghost')")
        expectConstraintViolation(
            store, "INSERT INTO factSource (factId, sourceId) VALUES (999, 's')")
        expectConstraintViolation(
            store, "INSERT INTO eventFacility (eventId, facilityId) VALUES ('ghost', 'x')")
        expectConstraintViolation(
            store, "INSERT INTO eventSource (eventId, sourceId) VALUES ('ghost', 's')")
        expectConstraintViolation(store, "DELETE FROM facility WHERE id = 'x'")
    }

    @Test("event links must point at an existing facility and source")
    func eventLinks() throws {
        // Given event e linked to facility x
        // When it is linked to a missing facility or source
        // Then the foreign keys refuse both
        try store.writer.write { db in
            try db.execute(
                sql:
                    "INSERT INTO event (id, date, title, recordedAt) VALUES ('e', '2025-02-03', 'T', ?)",
                arguments: [Self.stamp])
            try db.execute(sql: "INSERT INTO eventFacility (eventId, facilityId) VALUES ('e', 'x')")
        }
        expectConstraintViolation(
            store, "INSERT INTO eventFacility (eventId, facilityId) VALUES ('e', 'nowhere')")
        expectConstraintViolation(
            store, "INSERT INTO eventSource (eventId, sourceId) VALUES ('e', 'ghost')")
    }
}
