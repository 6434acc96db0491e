import Mustache

// Templates read the view model through `child(named:)` instead of `Mirror`: swift-mustache
// reflects a struct for every key it looks up (and again for every enclosing context when a
// key is missing or nil), which made rendering cost milliseconds per facility. The keys are
// exactly the stored properties (CountryBriefingTests.templatesSeeExactlyTheStoredProperties checks them against `Mirror`).
// Keep in step when adding a property.

extension ReportContext: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "audience": self.audience
        case "isPublic": self.isPublic
        case "asOf": self.asOf
        case "asOfISO": self.asOfISO
        case "selection": self.selection
        case "facilities": node(self.facilities)
        case "hasFacilities": self.hasFacilities
        case "overview": node(self.overview)
        case "contents": node(self.contents)
        case "hasContents": self.hasContents
        case "summary": node(self.summary)
        case "hasSummary": self.hasSummary
        case "withoutEvidence": node(self.withoutEvidence)
        case "hasWithoutEvidence": self.hasWithoutEvidence
        case "showDetails": self.showDetails
        case "noEvidence": self.noEvidence
        case "disputes": node(self.disputes)
        case "hasDisputes": self.hasDisputes
        case "events": node(self.events)
        case "hasEvents": self.hasEvents
        case "sources": node(self.sources)
        case "hasSources": self.hasSources
        case "documents": node(self.documents)
        case "changes": node(self.changes)
        case "t": self.t
        case "language": self.language
        default: nil
        }
    }
}

extension ReportContext.KeyFigure: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "value": self.value
        case "asOf": self.asOf
        case "status": self.status
        case "notes": self.notes
        case "disputed": self.disputed
        default: nil
        }
    }
}

extension ReportContext.Check: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "outcome": self.outcome
        case "fallsShort": self.fallsShort
        case "standard": self.standard
        case "source": self.source
        case "detail": self.detail
        case "notes": self.notes
        default: nil
        }
    }
}

extension ReportContext.FacilitySection: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "id": self.id
        case "anchor": self.anchor
        case "name": self.name
        case "country": self.country
        case "countryCode": self.countryCode
        case "kind": self.kind
        case "region": self.region
        case "authority": self.authority
        case "keyFigures": node(self.keyFigures)
        case "checks": node(self.checks)
        case "hasChecks": self.hasChecks
        case "lackingEvidence": self.lackingEvidence
        case "shortfalls": node(self.shortfalls)
        case "hasShortfalls": self.hasShortfalls
        case "quotes": node(self.quotes)
        case "hasQuotes": self.hasQuotes
        default: nil
        }
    }
}

extension ReportContext.Quote: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "text": self.text
        case "notes": self.notes
        case "otherLanguage": self.otherLanguage
        case "languageName": self.languageName
        default: nil
        }
    }
}

extension ReportContext.DisputeSide: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "value": self.value
        case "status": self.status
        case "notes": self.notes
        case "last": self.last
        default: nil
        }
    }
}

extension ReportContext.Dispute: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "facility": self.facility
        case "attribute": self.attribute
        case "asOf": self.asOf
        case "sides": node(self.sides)
        default: nil
        }
    }
}

extension ReportContext.TimelineEntry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "date": self.date
        case "title": self.title
        case "description": self.description
        case "facilities": self.facilities
        case "notes": self.notes
        default: nil
        }
    }
}

extension ReportContext.SourceEntry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "number": self.number
        case "publisher": self.publisher
        case "title": self.title
        case "author": self.author
        case "published": self.published
        case "url": self.url
        case "retrieved": self.retrieved
        case "hash": self.hash
        case "kind": self.kind
        case "cites": self.cites
        default: nil
        }
    }
}

extension ReportContext.DocumentEntry: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "title": self.title
        case "reference": self.reference
        case "publisher": self.publisher
        default: nil
        }
    }
}

extension ReportContext.ChangeLine: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "text": self.text
        default: nil
        }
    }
}

extension ReportContext.Changes: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "first": self.first
        case "since": self.since
        case "none": self.none
        case "summary": self.summary
        case "newlyShort": node(self.newlyShort)
        case "hasNewlyShort": self.hasNewlyShort
        case "lines": node(self.lines)
        default: nil
        }
    }
}

extension ReportContext.FacilityLine: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "anchor": self.anchor
        case "name": self.name
        case "region": self.region
        case "regionName": self.regionName
        case "population": self.population
        case "capacity": self.capacity
        case "occupancy": self.occupancy
        case "conditions": self.conditions
        case "shortfalls": self.shortfalls
        case "notes": self.notes
        default: nil
        }
    }
}

extension ReportContext.Overview: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "facilities": self.facilities
        case "facilitiesCounted": self.facilitiesCounted
        case "withoutEvidence": self.withoutEvidence
        case "hasWithoutEvidence": self.hasWithoutEvidence
        case "figures": node(self.figures)
        case "hasTotals": self.hasTotals
        case "totalFacilities": self.totalFacilities
        case "totalPopulation": self.totalPopulation
        case "totalCapacity": self.totalCapacity
        case "totalOccupancy": self.totalOccupancy
        case "totalNotes": self.totalNotes
        case "overcrowded": self.overcrowded
        case "overcrowdedNotes": self.overcrowdedNotes
        case "standards": node(self.standards)
        case "mostOvercrowded": node(self.mostOvercrowded)
        case "hasMostOvercrowded": self.hasMostOvercrowded
        case "rankingLength": self.rankingLength
        case "hasDeaths": self.hasDeaths
        case "deaths": self.deaths
        case "deathsReported": self.deathsReported
        case "deathsNotes": self.deathsNotes
        case "mostDeaths": node(self.mostDeaths)
        case "hasMostDeaths": self.hasMostDeaths
        case "regions": node(self.regions)
        default: nil
        }
    }
}

extension ReportContext.Overview.FigureLine: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "label": self.label
        case "facilities": self.facilities
        case "disputed": self.disputed
        case "notes": self.notes
        default: nil
        }
    }
}

extension ReportContext.Overview.StandardLine: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "standard": self.standard
        case "source": self.source
        case "fallsShort": self.fallsShort
        case "fallsShortNotes": self.fallsShortNotes
        case "meets": self.meets
        case "meetsNotes": self.meetsNotes
        case "disputed": self.disputed
        case "disputedNotes": self.disputedNotes
        case "notEnoughEvidence": self.notEnoughEvidence
        default: nil
        }
    }
}

extension ReportContext.Overview.RankedLine: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "rank": self.rank
        case "name": self.name
        case "anchor": self.anchor
        case "region": self.region
        case "value": self.value
        case "notes": self.notes
        default: nil
        }
    }
}

extension ReportContext.Overview.RegionLine: MustacheParent {
    public func child(named name: String) -> Any? {
        switch name {
        case "region": self.region
        case "facilities": self.facilities
        case "withEvidence": self.withEvidence
        case "population": self.population
        case "capacity": self.capacity
        case "occupancy": self.occupancy
        case "overcrowded": self.overcrowded
        case "notes": self.notes
        default: nil
        }
    }
}

/// A view-model struct handed to swift-mustache by reference.
///
/// swift-mustache keeps every value as `Any` and, for each key a template reads, casts each
/// enclosing value to its protocols — and every cast of a struct held as `Any` copies it,
/// retaining each of its strings. A key missing or nil in a list entry climbs to the
/// enclosing values, up to the whole view model. So a briefing's 8,000-line source list spent
/// most of its time copying structs; held by reference, a cast copies one pointer.
final class TemplateNode<Value: MustacheParent>: MustacheParent {
    let value: Value

    init(_ value: Value) {
        self.value = value
    }

    func child(named name: String) -> Any? {
        value.child(named: name)
    }
}

/// A list as templates read it: each entry by reference (see ``TemplateNode``).
func node<Value: MustacheParent>(_ values: [Value]) -> [TemplateNode<Value>] {
    values.map(TemplateNode.init)
}

/// An optional part as templates read it: by reference (see ``TemplateNode``).
func node<Value: MustacheParent>(_ value: Value?) -> TemplateNode<Value>? {
    value.map(TemplateNode.init)
}

/// What ``TemplateNode`` holds, whatever its type (for tests).
protocol TemplateNodeValue {
    var wrapped: Any { get }
}

extension TemplateNode: TemplateNodeValue {
    var wrapped: Any { value }
}

/// What a template reads for `name` in `object` through ``MustacheParent``, with entries
/// of ``TemplateNode`` unwrapped; `.none` when `object` is not a `MustacheParent` (for the
/// test that compares the keys with `Mirror`).
func mustacheChild(of object: Any, named name: String) -> Any?? {
    guard let parent = object as? any MustacheParent else { return .none }
    let child = parent.child(named: name)
    if let node = child as? any TemplateNodeValue { return .some(node.wrapped) }
    if let list = child as? [any TemplateNodeValue] { return .some(list.map(\.wrapped)) }
    return .some(child)
}
