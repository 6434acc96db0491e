/// Which plural form a language uses for a count, after the CLDR plural rules for integers.
///
/// English and Spanish use `one` for exactly 1 and `other` for everything else. (CLDR also
/// gives Spanish a `many` form for exact multiples of a million in compact notation, which
/// briefings never print.) A third language adds its rule here.
public struct PluralRule: Sendable, Equatable {
    /// A CLDR plural category.
    public enum Category: String, Sendable, Hashable, CaseIterable {
        case zero, one, two, few, many, other
    }

    /// The categories this language's catalogue must give for every plural message.
    public let categories: [Category]
    private let choose: @Sendable (Int) -> Category

    /// The languages rightsbrief can write in (each also needs its catalogue,
    /// `templates/locales/<code>.yml`). `--language` and `language:` accept exactly these.
    /// A language whose plural forms are English's (`one` for 1, `other` otherwise) needs only
    /// its code here; another adds a `case` with its CLDR rule to ``init(language:)``.
    public static let languages = ["en", "es"]

    /// The rule for `language`, or `nil` when rightsbrief has none.
    public init?(language: String) {
        guard Self.languages.contains(language) else { return nil }
        switch language {
        default:
            categories = [.one, .other]
            choose = { $0 == 1 ? .one : .other }
        }
    }

    /// The category for `count`.
    public func category(for count: Int) -> Category { choose(count) }

    public static func == (lhs: PluralRule, rhs: PluralRule) -> Bool { lhs.categories == rhs.categories }
}
