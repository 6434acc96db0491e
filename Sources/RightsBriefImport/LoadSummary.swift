/// How many records an import or sample load added, updated or left as they were.
public struct LoadSummary: Sendable, Equatable, CustomStringConvertible {
    public var added: [String: Int] = [:]
    public var updated: [String: Int] = [:]
    public var unchanged: [String: Int] = [:]

    public init() {}

    public var description: String {
        let kinds = ["facility", "source", "fact", "event", "retraction"]
        func part(_ counts: [String: Int], _ verb: String) -> String? {
            let items = kinds.compactMap { kind in
                counts[kind].map { "\($0) \($0 == 1 ? kind : kind == "facility" ? "facilities" : kind + "s")" }
            }
            return items.isEmpty ? nil : "\(verb) " + items.joined(separator: ", ")
        }
        let parts = [part(added, "added"), part(updated, "updated"), part(unchanged, "unchanged")].compactMap { $0 }
        return parts.isEmpty ? "nothing to import" : parts.joined(separator: "; ")
    }
}
