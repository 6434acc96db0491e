import Foundation
import RightsBriefCore

/// What can go wrong reading or writing the evidence store.
///
/// Messages are one sentence: what failed and what to do. They never show SQL.
public enum StoreError: Error, Equatable, Sendable {
    /// No database at the path (and the command does not create one).
    case databaseMissing(path: String)
    /// The file exists but is not a usable rightsbrief database.
    case databaseUnreadable(path: String, reason: String)
    /// The database was made by a newer rightsbrief.
    case databaseTooNew(path: String)
    /// The database file or its folder cannot be created.
    case cannotCreate(path: String, reason: String)
    /// A value broke a domain rule.
    case invalid(CoreError)
    /// A dataset document is malformed at `location` (a JSON path such as `facts[3].asOf`).
    case invalidDocument(location: String, reason: String)
    case unknownFacility(id: String)
    case unknownSource(id: String)
    case unknownFact(id: Int64)
    case unknownEvent(id: String)
    case duplicate(kind: String, id: String)
    case alreadyRetracted(id: Int64)
    case supersedesRetracted(id: Int64)
    case supersedesOtherSubject(id: Int64)
    /// An identifier (`scheme:value`) names another facility already.
    case identifierTaken(identifier: String, facilityId: String)
    /// `facility merge` was refused: `reason` says why, and what to do.
    case mergeRefused(reason: String)
    /// Two facilities in different countries cannot be one place.
    case mergeAcrossCountries(keep: String, keepCountry: String, drop: String, dropCountry: String)
    /// The facility was merged into another (`facility merge`); use that one.
    case mergedFacility(id: String, keptId: String)
    /// SQLite refused a write because of a constraint; `detail` is SQLite's message.
    case constraint(detail: String)
    /// A file to read could not be read.
    case unreadableFile(path: String, reason: String)
    /// Reading or writing the database failed for another reason.
    case io(path: String, reason: String)
    /// Another writer held the database's write lock for longer than this store waits:
    /// another rightsbrief (`holder`) past ``LockWaiting/writerLimit``, or another program
    /// (`holder` nil) past ``LockWaiting/busyTimeout``.
    case busy(path: String, holder: FileLock.Holder?)
    /// The database needs a migration, and this store was opened read-only.
    case needsUpgrade(path: String)
    /// A write was refused because the database is read-only here (opened for reading, or the
    /// file or its folder is not writable).
    case readOnly(path: String)
}

extension StoreError: LocalizedError {
    public var errorDescription: String? {
        switch self {
        case .databaseMissing(let path):
            "No database at '\(path)'."
        case .databaseUnreadable(let path, let reason):
            "The database '\(path)' cannot be used (\(reason)); check the path or restore it from a backup."
        case .databaseTooNew(let path):
            "The database '\(path)' was made by a newer rightsbrief; upgrade rightsbrief to use it."
        case .cannotCreate(let path, let reason):
            "Cannot create '\(path)' (\(reason)); check that the folder exists and is writable."
        case .invalid(let error):
            error.errorDescription ?? "\(error)"
        case .invalidDocument(let location, let reason):
            "The dataset document is wrong at \(location): \(reason)"
        case .unknownFacility(let id):
            "No facility with id '\(id)'."
        case .unknownSource(let id):
            "No source with id '\(id)'."
        case .unknownFact(let id):
            "No fact with id \(id)."
        case .unknownEvent(let id):
            "No event with id '\(id)'."
        case .duplicate(let kind, let id):
            "A \(kind) with id '\(id)' already exists; choose another id."
        case .alreadyRetracted(let id):
            "Fact \(id) is already retracted; nothing to do."
        case .supersedesRetracted(let id):
            "Fact \(id) is retracted and cannot be superseded."
        case .supersedesOtherSubject(let id):
            "Fact \(id) is about another facility or attribute; a correction must be about the same facility and attribute."
        case .identifierTaken(let identifier, let facilityId):
            "The identifier \(identifier) belongs to facility '\(facilityId)'; a scheme's identifier names one facility."
        case .mergeRefused(let reason):
            "Cannot merge: \(reason)."
        case .mergeAcrossCountries(let keep, let keepCountry, let drop, let dropCountry):
            "Cannot merge: '\(keep)' is in \(keepCountry) and '\(drop)' in \(dropCountry), so they are not one place; if one country is wrong, correct it first."
        case .mergedFacility(let id, let keptId):
            "Facility '\(id)' was merged into '\(keptId)'; use '\(keptId)'."
        case .constraint(let detail):
            "The database refused the change (\(detail)); check the values given."
        case .unreadableFile(let path, let reason):
            "Cannot read '\(path)' (\(reason)); check the path and permissions."
        case .io(let path, let reason):
            "Reading or writing '\(path)' failed (\(reason)); check the disk and permissions."
        case .busy(let path, let holder?):
            "Another rightsbrief (\(holder)) is still writing to '\(path)'; try again later."
        case .busy(let path, nil):
            "The database '\(path)' is locked by another program; try again when it has finished."
        case .needsUpgrade(let path):
            "The database '\(path)' was made by an older rightsbrief."
        case .readOnly(let path):
            "The database '\(path)' cannot be written here (it or its folder is read-only); check its permissions."
        }
    }
}
