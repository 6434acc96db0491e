import Foundation
import TestSupport
import Testing

/// Facility identifiers and merges through the binary: `facility show`, `export csv`,
/// `facility merge`.
@Suite("Facility identifiers and merges through the binary")
struct FacilityIdentifierCommandTests {
    /// A sample database with two records of Bolduc (ours, and a publisher's) and a facility in
    /// another country, each with an identifier.
    func makeFolder() throws -> URL {
        let folder = try makeSampleFolder("rightsbrief-cli-identifiers")
        let table = """
            id,name,country,region,kind,authority,opened_on,latitude,longitude,identifiers\r
            bolduc,Bolduc Correctional Facility,US,ME,prison,,,,,registry:ME-001\r
            pub-bolduc,BOLDUC CF,US,,prison,,,,,hifld:10002345\r
            izalco,Izalco,SV,,prison,,,,,\r

            """
        try Data(table.utf8).write(to: folder.appendingPathComponent("facilities.csv"))
        let result = try runRightsbrief(["import", "facilities.csv"], in: folder)
        guard result.status == 0 else { throw CLITestError.setupFailed(result.stderr) }
        return folder
    }

    @Test("facility show lists the identifiers, and export csv writes them in the facilities table")
    func showAndExport() throws {
        // Given a facility with an identifier
        let folder = try makeFolder()

        // When it is shown and the database exported
        let shown = try runRightsbrief(["facility", "show", "bolduc"], in: folder)
        let exported = try runRightsbrief(["export", "csv", "--audience", "internal", "--output", "out"], in: folder)

        // Then both carry it
        #expect(shown.status == 0)
        #expect(lines(shown.stdout).contains("Identifiers: registry:ME-001"))
        #expect(exported.status == 0)
        let facilities = try String(contentsOf: folder.appendingPathComponent("out/facilities.csv"), encoding: .utf8)
        #expect(facilities.hasPrefix("id,name,country,region,kind,authority,opened_on,latitude,longitude,identifiers\r\n"))
        #expect(facilities.contains("bolduc,Bolduc Correctional Facility,US,ME,prison,,,,,registry:ME-001\r\n"))

    }

    @Test("facility merge joins the records, show follows it, verify passes; a merge across countries exits 65 and changes nothing")
    func merge() throws {
        // Given two records of Bolduc and one of Izalco
        let folder = try makeFolder()
        let before = try DatabaseSnapshot(database(in: folder))

        // When a merge across countries is asked for
        let refused = try runRightsbrief(["facility", "merge", "bolduc", "izalco"], in: folder)

        // Then it is refused with one line, and nothing changed
        #expect(refused.status == 65)
        #expect(refused.stderr == "Error: Cannot merge: 'bolduc' is in US and 'izalco' in SV, so they are not one place; if one country is wrong, correct it first (import a facilities table with --update-facilities).\n")
        #expect(try DatabaseSnapshot(database(in: folder)) == before)

        // When the two records of Bolduc are merged
        let merged = try runRightsbrief(["facility", "merge", "bolduc", "pub-bolduc"], in: folder)
        let shown = try runRightsbrief(["facility", "show", "bolduc"], in: folder)
        let gone = try runRightsbrief(["facility", "show", "pub-bolduc"], in: folder)
        let verified = try runRightsbrief(["verify"], in: folder)

        // Then the merge says what moved, show lists both identifiers and the merged record, and verify passes
        #expect(merged.status == 0)
        #expect(merged.stderr == "Merged 'pub-bolduc' into 'bolduc': moved 0 facts, 0 event links, 1 identifier.\n")
        #expect(lines(shown.stdout).contains("Identifiers: hifld:10002345; registry:ME-001"))
        #expect(lines(shown.stdout).contains { $0.hasPrefix("Merged from: pub-bolduc (BOLDUC CF, ") })
        #expect(gone.status == 66)
        #expect(gone.stderr == "Error: No facility with id 'pub-bolduc'; it was merged into 'bolduc'; see 'rightsbrief facility show bolduc'.\n")
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }

    @Test("facility add takes identifiers; a taken or malformed one exits 65 and adds nothing")
    func addWithIdentifiers() throws {
        // Given Bolduc with registry:ME-001
        let folder = try makeFolder()

        // When facilities are added with identifiers
        let added = try runRightsbrief(
            ["facility", "add", "--id", "warren", "--name", "Warren", "--country", "US", "--identifier", "hifld:777",
             "--identifier", "registry:ME-009"], in: folder)
        let before = try DatabaseSnapshot(database(in: folder))
        let taken = try runRightsbrief(
            ["facility", "add", "--id", "other", "--name", "Other", "--country", "US", "--identifier", "registry:ME-001"],
            in: folder)
        let malformed = try runRightsbrief(
            ["facility", "add", "--id", "other", "--name", "Other", "--country", "US", "--identifier", "ME-001"], in: folder)

        // Then the first is stored with both, and the others are refused with one line each
        #expect(added.status == 0, "\(added.stderr)")
        #expect(lines(try runRightsbrief(["facility", "show", "warren"], in: folder).stdout).contains("Identifiers: hifld:777; registry:ME-009"))
        #expect(taken.status == 65)
        #expect(taken.stderr == "Error: The identifier registry:ME-001 belongs to facility 'bolduc'; a scheme's identifier names one facility (merge the two records with 'rightsbrief facility merge' if they are one place).\n")
        #expect(malformed.status == 65)
        #expect(malformed.stderr.hasPrefix("Error: 'ME-001' is not a valid value for identifiers: write each identifier as scheme:value"))
        #expect(try DatabaseSnapshot(database(in: folder)) == before)
    }
}
