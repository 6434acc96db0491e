import ArgumentParser

/// What the tool does with its command line before and after ArgumentParser reads it.
enum Arguments {
    /// Puts a negative number given as the VALUE of `fact add` after `--`.
    ///
    /// ArgumentParser reads `-5` as an unknown short option, so `fact add cecot population -5`
    /// would be a usage error about an option nobody meant. Behind `--` it is the value it was
    /// meant to be, and the value check says "must not be negative". Only `fact add` has a
    /// numeric positional; options that take text or coordinates read a leading `-` themselves
    /// (`parsing: .unconditional`), so a token right after an option is left alone.
    static func separatingNegativeValue(_ arguments: [String]) -> [String] {
        guard arguments.count > 2, arguments[0] == "fact", arguments[1] == "add", !arguments.contains("--")
        else { return arguments }
        for index in 2..<arguments.count where looksNegative(arguments[index]) && !arguments[index - 1].hasPrefix("-") {
            var separated = arguments
            let value = separated.remove(at: index)
            return separated + ["--", value]
        }
        return arguments
    }

    /// `-5`, `-0.5`, `-.5`, `-1e3`: a minus followed by a digit or a decimal point.
    static func looksNegative(_ token: String) -> Bool {
        let bytes = Array(token.utf8.prefix(2))
        guard bytes.count == 2, bytes[0] == UInt8(ascii: "-") else { return false }
        return (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[1]) || bytes[1] == UInt8(ascii: ".")
    }

    /// The subcommand names the arguments start with, for example `["fact", "add"]`.
    static func commandPath(_ arguments: [String], from root: any ParsableCommand.Type) -> [String] {
        var type = root
        var path: [String] = []
        for argument in arguments {
            guard
                let next = type.configuration.subcommands.first(where: {
                    $0._commandName == argument || $0.configuration.aliases.contains(argument)
                })
            else { break }
            path.append(next._commandName)
            type = next
        }
        return path
    }
}
