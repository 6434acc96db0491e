/// A dated happening tied to facilities and sources: an agreement, a transfer, a death in custody.
public struct Event: Hashable, Codable, Sendable {
    public var id: String
    public var date: Day
    public var title: String
    public var description: String?
    public var sensitivity: Sensitivity
    public var facilityIds: [String]
    public var sourceIds: [String]
    /// When the event was recorded (UTC timestamp); set by the store.
    public var recordedAt: String?

    public init(
        id: String, date: Day, title: String, description: String? = nil,
        sensitivity: Sensitivity = .public, facilityIds: [String] = [], sourceIds: [String],
        recordedAt: String? = nil
    ) {
        self.id = id
        self.date = date
        self.title = title
        self.description = description
        self.sensitivity = sensitivity
        self.facilityIds = facilityIds
        self.sourceIds = sourceIds
        self.recordedAt = recordedAt
    }

    /// Checks the id, the text fields and that the event names a source.
    ///
    /// - Throws: ``CoreError``.
    public func validate() throws {
        try Validation.identifier(id)
        guard !title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CoreError.invalidValue(attribute: "title", value: title, reason: "an event needs a title")
        }
        try Validation.text(title, field: "title")
        try Validation.text(description, field: "description")
        guard !sourceIds.isEmpty else {
            throw CoreError.noSource(what: "An event")
        }
        for id in sourceIds + facilityIds { try Validation.identifier(id) }
    }
}
