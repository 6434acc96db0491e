import Foundation
import RightsBriefCore
import RightsBriefSchedule
import TestSupport
import Testing

@testable import rightsbrief

/// `editor` (everything, confidential included) is for moving evidence between stores only:
/// no report may be made for it.
@Suite("The editor audience is never a report's")
struct EditorAudienceTests {
    @Test("brief, export and report definitions refuse the audience 'editor'; Audience(name:) too")
    func refused() throws {
        // Given the audience that would show confidential material
        // When a report command, a definition or the name parser is given it
        // Then each refuses it
        #expect(throws: (any Error).self) { try RightsBrief.parseAsRoot(["export", "csv", "--audience", "editor", "-o", "x"]) }
        #expect(throws: (any Error).self) { try RightsBrief.parseAsRoot(["brief", "--audience", "editor"]) }
        #expect(throws: CoreError.self) { try Audience(name: "editor") }
        let yaml = "name: leak\nschedule: \"@daily\"\nformats: markdown\naudience: editor\n"
        #expect(throws: (any Error).self) { try ReportDefinition(yaml: yaml, file: "leak.yml") }
        #expect(throws: Never.self) { try ReportDefinition(yaml: yaml.replacingOccurrences(of: "editor", with: "internal"), file: "ok.yml") }
        #expect(Audience.reportAudiences == [.public, .internal])
        #expect(Audience.editor.allows(.confidential))
    }
}
