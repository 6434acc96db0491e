/// A set of facilities with the facts, sources and events about them, as one unit to filter.
///
/// Reports are built from an `Evidence` value after ``Redaction/filter(_:for:)`` has removed
/// what the audience may not see.
public struct Evidence: Sendable, Equatable {
    public var facilities: [Facility]
    public var facts: [Fact]
    public var sources: [Source]
    public var events: [Event]

    public init(facilities: [Facility] = [], facts: [Fact] = [], sources: [Source] = [], events: [Event] = []) {
        self.facilities = facilities
        self.facts = facts
        self.sources = sources
        self.events = events
    }
}
