import ArgumentParser
import Foundation
import RightsBriefReports

extension RightsBrief {
    struct Brief: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a Markdown briefing with a citation for every figure.",
            discussion: """
                Selects facilities by --facility and --country (all when neither is given),
                leaves out everything above the audience's sensitivity, checks the latest
                figures against international minimum standards, and renders a Mustache
                template (default 'briefing' from the bundled templates/ folder). The same data
                and --as-of date give the same bytes.

                Examples:
                  rightsbrief brief --facility cecot > cecot.md
                  rightsbrief brief --country SV --audience internal --as-of 2025-03-01 \\
                    -o sv.md
                  rightsbrief brief --templates my-templates --template short --facility cecot
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var report: ReportOptions

        @Option(help: ArgumentHelp("The template to render (default briefing).", valueName: "name"))
        var template: String = "briefing"

        @Option(help: ArgumentHelp("Use templates from this folder instead of the bundled ones.", valueName: "dir"))
        var templates: String?

        @Flag(name: .customLong("list-templates"), help: "List the available templates and exit.")
        var listTemplates = false

        @Option(help: ArgumentHelp("A title instead of the one built from the selection.", valueName: "text"))
        var title: String?

        @Option(name: [.short, .long], help: ArgumentHelp("Write the briefing to this file instead of stdout.", valueName: "file"))
        var output: String?

        func run() throws {
            try exitingOnFailure {
                let library = try Reports.templates(templates) { try ResourceLocator() }
                if listTemplates {
                    for name in library.templateNames where !name.hasPrefix("partials/") { Console.out(name) }
                    return
                }
                let request = try report.request(title: title)
                let store = try store.openForReading()
                let model = try Reports.model(store: store, request: request, locator: try ResourceLocator())
                let markdown = try MarkdownReportBuilder(library: library, template: template).render(model)
                if let output {
                    try AtomicFile.write(Data(markdown.utf8), to: URL(fileURLWithPath: output))
                } else {
                    Console.raw(Data(markdown.utf8))
                }
            }
        }
    }
}
