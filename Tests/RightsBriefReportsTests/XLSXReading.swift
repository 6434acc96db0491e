import Foundation
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads back an XLSX file for tests: its parts as raw XML, and each worksheet's cells by
/// reference ("B2") with their type, decoded text, style and number format.
///
/// Handles what libxlsxwriter writes: shared strings, inline strings, numbers, booleans,
/// formulas, hyperlinks. Not a general XLSX reader, and it holds whole sheets in memory.
struct XLSXReading {
    /// One cell as stored in the sheet XML.
    struct Cell: Equatable {
        /// The kind of value, from the `t` attribute.
        enum Kind: Equatable {
            case number, sharedString, inlineString, formulaString, boolean, error
        }

        /// The cell's reference, such as "B2".
        var reference: String
        /// The raw `t` attribute (`nil` means a number).
        var type: String?
        /// The value as Excel shows it: strings with `_xHHHH_` decoded, numbers as written.
        var value: String
        /// The value before `_xHHHH_` decoding (the XML text, entities resolved).
        var rawValue: String
        /// The `s` attribute (0 when absent).
        var styleIndex: Int
        /// The formula, if the cell has an `<f>` element.
        var formula: String?
        /// The number format code of the cell's style, if not General.
        var numberFormat: String?

        var kind: Kind {
            switch type {
            case nil, "n": return .number
            case "s": return .sharedString
            case "inlineStr": return .inlineString
            case "str": return .formulaString
            case "b": return .boolean
            default: return .error
            }
        }

        /// Whether the cell holds text (shared or inline string, not a formula result).
        var isString: Bool { kind == .sharedString || kind == .inlineString }

        /// The numeric value of a number cell.
        var number: Double? { kind == .number ? Double(value) : nil }

        /// Whether the cell is a number shown as a date.
        var isDate: Bool {
            guard kind == .number, let code = numberFormat?.lowercased() else { return false }
            return code.contains("yy") || code.contains("d")
        }
    }

    /// One worksheet.
    struct Sheet {
        var name: String
        /// The worksheet part's XML.
        var xml: String
        var cells: [String: Cell]
        /// Hyperlink targets by cell reference.
        var hyperlinks: [String: String]

        subscript(reference: String) -> Cell? { cells[reference] }

        /// The highest row number (1-based) holding a cell, or 0.
        var lastRow: Int {
            cells.keys.map { XLSXReading.split($0).row }.max() ?? 0
        }
    }

    enum Failure: Error, CustomStringConvertible {
        case missingPart(String)
        case missingSheet(String)
        case badXML(String)

        var description: String {
            switch self {
            case .missingPart(let path): return "The file has no part '\(path)'."
            case .missingSheet(let name): return "The file has no worksheet '\(name)'."
            case .badXML(let path): return "The part '\(path)' is not well-formed XML."
            }
        }
    }

    let url: URL
    /// Worksheet names in workbook order.
    let sheetNames: [String]
    private let archive: Archive
    private let sheetPaths: [String: String]
    private let sharedStrings: [String]
    private let numberFormats: [Int: String]

    /// Opens `url` and reads the workbook, relationships, shared strings and styles.
    ///
    /// - Parameter url: An .xlsx file.
    /// - Throws: When the file is not a ZIP archive or a required part is missing or malformed.
    init(url: URL) throws {
        self.url = url
        archive = try Archive(url: url, accessMode: .read)
        let workbook = try Self.parse(try Self.part("xl/workbook.xml", in: archive), "workbook")
        let relations = try Self.parse(
            try Self.part("xl/_rels/workbook.xml.rels", in: archive),
            "workbook.xml.rels"
        )
        var targets: [String: String] = [:]
        for element in relations where element.name == "Relationship" && !element.isEnd {
            targets[element.attributes["Id"] ?? ""] = element.attributes["Target"]
        }
        var names: [String] = []
        var paths: [String: String] = [:]
        for element in workbook where element.name == "sheet" && !element.isEnd {
            let name = element.attributes["name"] ?? ""
            let target = targets[element.attributes["r:id"] ?? ""] ?? ""
            names.append(name)
            paths[name] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        sheetNames = names
        sheetPaths = paths
        if archive["xl/sharedStrings.xml"] != nil {
            sharedStrings = Self.strings(
                try Self.parse(try Self.part("xl/sharedStrings.xml", in: archive), "sst")
            )
        } else {
            sharedStrings = []
        }
        numberFormats = Self.styles(
            try Self.parse(try Self.part("xl/styles.xml", in: archive), "styles")
        )
    }

    /// The text of any part of the package, such as "xl/worksheets/sheet1.xml".
    ///
    /// - Parameter path: The part's path inside the ZIP archive.
    /// - Returns: The part decoded as UTF-8.
    /// - Throws: ``Failure/missingPart(_:)``.
    func part(_ path: String) throws -> String {
        String(decoding: try Self.part(path, in: archive), as: UTF8.self)
    }

    /// Every part's path.
    var partPaths: [String] { archive.map(\.path) }

    /// Reads the worksheet named `name`.
    ///
    /// - Parameter name: The worksheet's name.
    /// - Returns: Its cells and hyperlinks.
    /// - Throws: ``Failure/missingSheet(_:)`` or a parse failure.
    func sheet(_ name: String) throws -> Sheet {
        guard let path = sheetPaths[name] else { throw Failure.missingSheet(name) }
        let data = try Self.part(path, in: archive)
        let elements = try Self.parse(data, path)
        var cells: [String: Cell] = [:]
        var current: Cell?
        var inInline = false
        var linkIDs: [String: String] = [:]
        for element in elements {
            switch (element.name, element.isEnd) {
            case ("c", false):
                current = Cell(
                    reference: element.attributes["r"] ?? "",
                    type: element.attributes["t"],
                    value: "",
                    rawValue: "",
                    styleIndex: Int(element.attributes["s"] ?? "0") ?? 0,
                    formula: nil,
                    numberFormat: nil
                )
            case ("c", true):
                if var cell = current {
                    if cell.type == "s", let index = Int(cell.rawValue),
                        sharedStrings.indices.contains(index) {
                        cell.rawValue = sharedStrings[index]
                    }
                    cell.value = cell.isString ? Self.decodeEscapes(cell.rawValue) : cell.rawValue
                    cell.numberFormat = numberFormats[cell.styleIndex]
                    cells[cell.reference] = cell
                }
                current = nil
            case ("is", let isEnd):
                inInline = !isEnd
            case ("v", true):
                current?.rawValue = element.text
            case ("t", true) where inInline:
                current?.rawValue += element.text
            case ("f", true):
                current?.formula = element.text
            case ("hyperlink", false):
                if let reference = element.attributes["ref"], let id = element.attributes["r:id"] {
                    linkIDs[reference] = id
                }
            default:
                break
            }
        }
        var hyperlinks: [String: String] = [:]
        if !linkIDs.isEmpty {
            let file = (path as NSString).lastPathComponent
            let folder = (path as NSString).deletingLastPathComponent
            let relations = try Self.parse(
                try Self.part("\(folder)/_rels/\(file).rels", in: archive),
                "sheet rels"
            )
            var targets: [String: String] = [:]
            for element in relations where element.name == "Relationship" && !element.isEnd {
                targets[element.attributes["Id"] ?? ""] = element.attributes["Target"]
            }
            for (reference, id) in linkIDs { hyperlinks[reference] = targets[id] }
        }
        return Sheet(
            name: name,
            xml: String(decoding: data, as: UTF8.self),
            cells: cells,
            hyperlinks: hyperlinks
        )
    }

    /// Decodes `_xHHHH_` escapes left to right, without overlap, as Excel does.
    ///
    /// - Parameter text: Stored cell text.
    /// - Returns: The text Excel shows.
    static func decodeEscapes(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count,
                scalars[index + 1] == "x" || scalars[index + 1] == "X",
                scalars[index + 6] == "_",
                let code = hexValue(scalars[(index + 2)...(index + 5)]),
                let scalar = Unicode.Scalar(code) {
                result.append(scalar)
                index += 7
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }

    private static func hexValue(_ digits: ArraySlice<Unicode.Scalar>) -> UInt32? {
        var value: UInt32 = 0
        for digit in digits {
            guard digit.isASCII, let nibble = Character(digit).hexDigitValue else { return nil }
            value = value * 16 + UInt32(nibble)
        }
        return value
    }

    /// Splits "AB12" into its column letters and 1-based row number.
    static func split(_ reference: String) -> (column: String, row: Int) {
        let letters = reference.prefix { $0.isLetter }
        return (String(letters), Int(reference.dropFirst(letters.count)) ?? 0)
    }

    // MARK: - Parsing

    private static func part(_ path: String, in archive: Archive) throws -> Data {
        guard let entry = archive[path] else { throw Failure.missingPart(path) }
        var data = Data()
        _ = try archive.extract(entry, skipCRC32: true) { data.append($0) }
        return data
    }

    private static func strings(_ elements: [Element]) -> [String] {
        var result: [String] = []
        var current = ""
        for element in elements {
            switch (element.name, element.isEnd) {
            case ("si", false): current = ""
            case ("t", true): current += element.text
            case ("si", true): result.append(current)
            default: break
            }
        }
        return result
    }

    /// Number format codes by cell style index (`cellXfs` position), General omitted.
    private static func styles(_ elements: [Element]) -> [Int: String] {
        var codes: [Int: String] = [
            9: "0%", 10: "0.00%", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
            22: "m/d/yy h:mm",
        ]
        var inCellXfs = false
        var styleIndex = 0
        var result: [Int: String] = [:]
        var formatIDs: [Int: Int] = [:]
        for element in elements {
            switch (element.name, element.isEnd) {
            case ("numFmt", false):
                if let id = Int(element.attributes["numFmtId"] ?? ""),
                    let code = element.attributes["formatCode"] {
                    codes[id] = code
                }
            case ("cellXfs", let isEnd):
                inCellXfs = !isEnd
            case ("xf", false) where inCellXfs:
                formatIDs[styleIndex] = Int(element.attributes["numFmtId"] ?? "0") ?? 0
                styleIndex += 1
            default:
                break
            }
        }
        for (index, id) in formatIDs { result[index] = codes[id] }
        return result
    }

    /// A flattened XML event: a start tag with attributes, or an end tag with its direct text.
    struct Element {
        var name: String
        var isEnd: Bool
        var attributes: [String: String]
        var text: String
    }

    private static func parse(_ data: Data, _ label: String) throws -> [Element] {
        let collector = Collector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        guard parser.parse() else { throw Failure.badXML(label) }
        return collector.elements
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        private var text = ""

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            text = ""
            elements.append(
                Element(name: elementName, isEnd: false, attributes: attributes, text: "")
            )
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?
        ) {
            elements.append(Element(name: elementName, isEnd: true, attributes: [:], text: text))
            text = ""
        }
    }
}
