import ArgumentParser
import Foundation
import RightsBriefCore
import RightsBriefReports
import RightsBriefSchedule
import RightsBriefImport
import RightsBriefPostgres
import RightsBriefStore
import RightsBriefSync

/// An error that knows its sysexits code. The mapping from library errors lives only here.
protocol ExitCodeProviding: LocalizedError {
    var exitCode: ExitCode { get }
    /// What to type about the error (see CommandLineHints.swift), or `nil`.
    var commandLineHint: String? { get }
}

/// sysexits.h codes used by the tool.
enum Exit {
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let unavailable = ExitCode(69)
    static let software = ExitCode(70)
    static let cannotCreate = ExitCode(73)
    static let ioError = ExitCode(74)
    static let locked = ExitCode(75)
    static let permissionDenied = ExitCode(77)
}

extension PostgresStoreError: ExitCodeProviding {
    var exitCode: ExitCode { ExitCode(sysexitsCode) }
}

extension SyncError: ExitCodeProviding {
    var exitCode: ExitCode {
        switch self {
        case .schemaMissing: Exit.unavailable
        case .notEditor: Exit.permissionDenied
        case .wouldChange: Exit.dataError
        case .temporaryFolder: Exit.cannotCreate
        case .serverWouldChange: Exit.dataError
        case .runLocked: Exit.locked
        }
    }
}

extension CoreError: ExitCodeProviding {
    var exitCode: ExitCode { Exit.dataError }
}

extension StoreError: ExitCodeProviding {
    var exitCode: ExitCode {
        switch self {
        case .databaseMissing, .databaseUnreadable, .unreadableFile: Exit.noInput
        case .cannotCreate: Exit.cannotCreate
        case .io, .readOnly: Exit.ioError
        case .busy: Exit.locked
        case .databaseTooNew, .needsUpgrade, .invalid, .invalidDocument, .unknownFacility, .unknownSource, .unknownFact, .unknownEvent,
            .duplicate, .alreadyRetracted, .supersedesRetracted, .supersedesOtherSubject, .constraint,
            .identifierTaken, .mergeRefused, .mergeAcrossCountries, .mergedFacility:
            Exit.dataError
        }
    }
}

extension ImportError: ExitCodeProviding {
    var exitCode: ExitCode {
        switch self {
        case .missingFile, .unreadableFile, .notRegularFile: Exit.noInput
        case .problems: Exit.dataError
        }
    }
}

/// Errors that only the command line raises.
enum CommandError: Error, ExitCodeProviding {
    case notFound(kind: String, id: String, hint: String)
    case missingFile(path: String)
    case verificationFailed(count: Int)
    case message(String, ExitCode)

    var errorDescription: String? {
        switch self {
        case .notFound(let kind, let id, let hint): "No \(kind) with id '\(id)'; \(hint)."
        case .missingFile(let path): "Cannot read '\(path)': no such file; check the path."
        case .verificationFailed(let count):
            "Verification found \(count) problem\(count == 1 ? "" : "s"); see the lines above."
        case .message(let text, _): text
        }
    }

    var exitCode: ExitCode {
        switch self {
        case .notFound, .missingFile: Exit.noInput
        case .verificationFailed: Exit.dataError
        case .message(_, let code): code
        }
    }
}

/// Runs a command body, printing any known error as one line on stderr with its exit code.
///
/// Unknown errors are printed too and exit 1, which marks a bug to fix.
func exitingOnFailure<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as any ExitCodeProviding {
        Console.error(error.commandLineMessage)
        throw error.exitCode
    } catch {
        Console.error("\(error.localizedDescription) (unexpected; please report this)")
        throw ExitCode.failure
    }
}


extension ReportError: ExitCodeProviding {
    var exitCode: ExitCode {
        switch self {
        case .resourcesMissing, .templateNotFound, .templatesDirectoryMissing, .templateUnreadable,
            .unknownFacility, .unknownCountry, .standardsUnreadable, .unsupportedLanguage:
            Exit.noInput
        case .catalogueInvalid, .messageMissing: Exit.dataError
        case .templateSyntax: Exit.dataError
        case .outputNotWritable, .outputRefused: Exit.cannotCreate
        case .pdfEngineMissing: Exit.unavailable
        case .pdfEngineFailed: Exit.software
        }
    }
}

extension ScheduleError: ExitCodeProviding {
    var exitCode: ExitCode {
        switch self {
        case .definition: Exit.dataError
        case .definitionsFolderMissing, .unknownDefinition: Exit.noInput
        case .locked: Exit.locked
        case .lockUnavailable: Exit.cannotCreate
        case .crontab: Exit.ioError
        }
    }
}

extension CronError: ExitCodeProviding {
    var exitCode: ExitCode { Exit.dataError }
}

extension BundleError: ExitCodeProviding {
    var exitCode: ExitCode {
        switch self {
        case .keyMissing, .keyUnreadable, .bundleMissing, .signatureMissing: Exit.noInput
        case .keyMalformed, .keyIsPublic, .keyIsPrivate, .keyExposed, .verificationFailed: Exit.dataError
        case .keyExists, .keyNotWritable, .bundleFolderShared: Exit.cannotCreate
        }
    }
}
