import ArgumentParser
import Foundation
import RightsBriefReports

extension BriefingDetail: ExpressibleByArgument {}
extension FacilityOrder: ExpressibleByArgument {}
extension BriefingFormat: ExpressibleByArgument {}
extension PaperSize: ExpressibleByArgument {}

extension RightsBrief {
    struct Brief: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a briefing (Markdown, HTML or PDF) with a citation for every figure.",
            discussion: """
                Selects facilities by --facility and --country (all when neither is given),
                leaves out everything above the audience's sensitivity, checks the latest
                figures against international minimum standards, and renders a Mustache
                template (default 'briefing' from the bundled templates/ folder). The same data
                and --as-of date give the same bytes.

                A briefing about several facilities opens with an overview (counts, population
                against capacity, each standard's shortfalls, the most overcrowded facilities,
                deaths in custody, facilities by region), then the facilities in --sort order.
                --detail full (the default for up to 25 facilities) adds a table of contents
                and every facility's section, anchored as facility-<id>; --detail summary (the
                default above 25) gives one line per facility; --detail overview gives the
                overview alone. Facilities without evidence are listed once by name.

                --format html writes one self-contained page (inline CSS and SVG charts, no
                script, no external request) from the templates in templates/html/; --format
                pdf prints that page with WeasyPrint (Debian package 'weasyprint') on A4, or
                US letter with --paper letter.

                Examples:
                  rightsbrief brief --facility cecot > cecot.md
                  rightsbrief brief --facility cecot --language es > cecot-es.md
                  rightsbrief brief --country SV --format html -o sv.html
                  rightsbrief brief --country SV --format pdf --paper letter -o sv.pdf
                  rightsbrief brief --country SV --audience internal --as-of 2025-03-01 \\
                    -o sv.md
                  rightsbrief brief --country US --detail overview --sort region
                  rightsbrief brief --templates my-templates --template short --facility cecot
                  rightsbrief brief --facility cecot --sign keys/rightsbrief.key \\
                    -o cecot-bundle/briefing.md

                With --sign KEYFILE the briefing's folder becomes a signed bundle: it is
                written whole, with MANIFEST.json and MANIFEST.json.sig beside the briefing
                (see 'rightsbrief help bundle verify'). Give each signed briefing a folder
                of its own.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var report: ReportOptions
        @OptionGroup var signing: SigningOptions

        @Option(
            help: ArgumentHelp(
                "How much to show per facility: overview, summary or full (default: full up to 25 facilities, summary above).",
                valueName: "level"))
        var detail: BriefingDetail?

        @Option(
            help: ArgumentHelp(
                "Order of the facilities: occupancy (highest first, the default), name or region.",
                valueName: "order"))
        var sort: FacilityOrder = .occupancy

        @Option(
            name: [.short, .long],
            help: ArgumentHelp("The output format: markdown (the default), html or pdf.", valueName: "format"))
        var format: BriefingFormat = .markdown

        @Option(help: ArgumentHelp("The paper size of HTML print styles and PDF: a4 (the default) or letter.", valueName: "size"))
        var paper: PaperSize = .a4

        @Option(help: ArgumentHelp("The template to render (default briefing; --format html and pdf render html/NAME).", valueName: "name"))
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
                let locator = try ResourceLocator()
                let library = try ReportJob.templates(override: templates.map { URL(fileURLWithPath: $0) }, locator: locator)
                if listTemplates {
                    for name in library.templateNames where !name.contains("partials/") && !name.contains("charts/") {
                        Console.out(name)
                    }
                    return
                }
                if format == .pdf { try PDFRenderer().check() }
                try signing.checkFileOutput(output, example: "cecot/briefing.md")
                let key = try signing.key()
                let destination = output.map { URL(fileURLWithPath: $0) }
                if let destination {
                    // A signed briefing's folder is its bundle, written whole (and created) with it.
                    if key != nil { try SignedBundle.checkFileBundle(destination) } else { try OutputTarget.checkFile(destination) }
                }
                var request = try report.request(title: title)
                request.detail = detail
                request.order = sort
                try store.reading(for: request.audience) { store in
                    let job = try ReportJob(store: store, request: request, locator: locator)
                    let body = try job.briefing(
                        try job.model(), format: format, templates: library, template: template, paper: paper)
                    if let destination, let key {
                        let made = BundleOrigin(
                            command: "brief", facilities: request.selection.facilityIds,
                            countries: request.selection.countries, template: template, title: title)
                        try SignedBundle.write(file: destination, key: key, description: try job.bundleDescription(made: made)) {
                            try AtomicFile.write(body, to: $0)
                        }
                    } else if let destination {
                        try AtomicFile.write(body, to: destination)
                    } else {
                        Console.raw(body)
                    }
                }
            }
        }
    }
}
