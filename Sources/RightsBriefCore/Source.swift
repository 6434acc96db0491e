/// A linked article or document that facts and events rest on.
public struct Source: Hashable, Codable, Sendable {
    public var id: String
    /// http or https only; `nil` when the document has no known address (never invent one).
    public var url: String?
    public var title: String
    public var publisher: String
    public var author: String?
    public var publishedOn: Day?
    /// When the text was retrieved, as an ISO 8601 UTC timestamp.
    public var retrievedAt: String?
    public var kind: SourceKind
    public var language: String?
    public var sensitivity: Sensitivity
    /// The captured text of the document, if any.
    public var text: String?
    /// Lowercase hex SHA-256 of `text` as UTF-8; set by the store when text is captured.
    public var textSHA256: String?
    /// Ids of the sources this one cites.
    public var cites: [String]
    /// When the source was recorded (UTC timestamp); set by the store.
    public var recordedAt: String?

    public init(
        id: String, url: String?, title: String, publisher: String, author: String? = nil,
        publishedOn: Day? = nil, retrievedAt: String? = nil, kind: SourceKind = .news,
        language: String? = nil, sensitivity: Sensitivity = .public, text: String? = nil,
        textSHA256: String? = nil, cites: [String] = [], recordedAt: String? = nil
    ) {
        self.id = id
        self.url = url
        self.title = title
        self.publisher = publisher
        self.author = author
        self.publishedOn = publishedOn
        self.retrievedAt = retrievedAt
        self.kind = kind
        self.language = language
        self.sensitivity = sensitivity
        self.text = text
        self.textSHA256 = textSHA256
        self.cites = cites
        self.recordedAt = recordedAt
    }

    /// Checks every field against the domain rules.
    ///
    /// - Throws: ``CoreError`` naming the first field that is wrong.
    public func validate() throws {
        try Validation.identifier(id)
        if let url { try Validation.webURL(url) }
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CoreError.invalidValue(attribute: "title", value: title, reason: "a source needs a title")
        }
        guard !publisher.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CoreError.invalidValue(attribute: "publisher", value: publisher, reason: "a source needs a publisher")
        }
        try Validation.text(title, field: "title")
        try Validation.text(publisher, field: "publisher")
        try Validation.text(author, field: "author")
        try Validation.text(language, field: "language")
        try Validation.text(text, field: "captured text")
        if let retrievedAt { _ = try Timestamp.parse(retrievedAt) }
        for cited in cites { try Validation.identifier(cited) }
        if cites.contains(id) {
            throw CoreError.invalidValue(attribute: "cites", value: id, reason: "a source cannot cite itself")
        }
    }
}
