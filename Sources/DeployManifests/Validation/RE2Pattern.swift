/// A regular expression matched in time linear in the subject, as GitLab matches `rules: if`
/// patterns with RE2: a Thompson NFA simulated one character at a time, never backtracking, so
/// `(a*)*b` against forty `a`s answers at once.
///
/// Supported (RE2's syntax, without captures, which a match/no-match answer does not need):
/// literals and `\` escapes; `.`; classes `[a-z_]`, `[^…]` with `\d \w \s` inside; `\d \D \w \W
/// \s \S`; anchors `^ $ \A \z` and word boundaries `\b \B`; groups `(…)`, `(?:…)`, `(?i)` and
/// `(?i:…)`; alternation `|`; quantifiers `* + ?`, their lazy forms, and `{n}`, `{n,}`,
/// `{n,m}` (up to 1,000). Backreferences and lookaround are not RE2 and are refused, as are
/// patterns that compile to more than 100,000 instructions.
struct RE2Pattern {
    /// Why a pattern cannot be used.
    struct SyntaxError: Error, Equatable {
        var message: String
    }

    private enum Instruction {
        case character((Unicode.Scalar) -> Bool)
        case split(Int, Int)
        case jump(Int)
        case assertStart
        case assertEnd
        case wordBoundary(Bool)
        case match
    }

    private var program: [Instruction] = []

    /// Compiles `pattern`; `caseInsensitive` is GitLab's `/…/i`.
    init(_ pattern: String, caseInsensitive: Bool = false) throws(SyntaxError) {
        var parser = Parser(scalars: Array(pattern.unicodeScalars), caseInsensitive: caseInsensitive)
        let tree = try parser.alternation()
        guard parser.atEnd else { throw SyntaxError(message: "unbalanced `)` in /\(pattern)/") }
        try emit(tree)
        program.append(.match)
    }

    /// Whether the pattern matches anywhere in `subject`.
    func matches(_ subject: String) -> Bool {
        let text = Array(subject.unicodeScalars)
        var current = Threads(count: program.count)
        var next = Threads(count: program.count)
        for position in 0...text.count {
            // A new thread starts at every position: the search is unanchored.
            if add(0, at: position, text: text, to: &current) { return true }
            guard position < text.count else { break }
            next.clear()
            for pc in current.list {
                if case .character(let accepts) = program[pc], accepts(text[position]) {
                    if add(pc + 1, at: position + 1, text: text, to: &next) { return true }
                }
            }
            swap(&current, &next)
        }
        return false
    }

    /// Adds the thread at `pc` and everything it reaches without reading; `true` when one matches.
    private func add(_ pc: Int, at position: Int, text: [Unicode.Scalar], to threads: inout Threads) -> Bool {
        var stack = [pc]
        while let pc = stack.popLast() {
            guard threads.insert(pc) else { continue }
            switch program[pc] {
            case .match: return true
            case .jump(let target): stack.append(target)
            case .split(let first, let second): stack.append(contentsOf: [second, first])
            case .assertStart: if position == 0 { stack.append(pc + 1) }
            case .assertEnd: if position == text.count { stack.append(pc + 1) }
            case .wordBoundary(let wanted):
                let before = position > 0 && Self.isWord(text[position - 1])
                let after = position < text.count && Self.isWord(text[position])
                if (before != after) == wanted { stack.append(pc + 1) }
            case .character: threads.list.append(pc)
            }
        }
        return false
    }

    /// The threads at one position: each program counter once (a sparse set), and the ones that
    /// read a character, in the order added.
    private struct Threads {
        var seen: [Bool]
        var marked: [Int] = []
        var list: [Int] = []
        init(count: Int) { seen = Array(repeating: false, count: count) }
        mutating func insert(_ pc: Int) -> Bool {
            if seen[pc] { return false }
            seen[pc] = true
            marked.append(pc)
            return true
        }
        mutating func clear() {
            for pc in marked { seen[pc] = false }
            marked.removeAll(keepingCapacity: true)
            list.removeAll(keepingCapacity: true)
        }
    }

    static func isWord(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    // MARK: Compiling

    private indirect enum Tree {
        case empty
        case character((Unicode.Scalar) -> Bool)
        case assertStart, assertEnd
        case wordBoundary(Bool)
        case concatenation([Tree])
        case alternation([Tree])
        case repetition(Tree, minimum: Int, maximum: Int?)
    }

    private mutating func emit(_ tree: Tree) throws(SyntaxError) {
        guard program.count < 100_000 else { throw SyntaxError(message: "the pattern is too large to match safely") }
        switch tree {
        case .empty: break
        case .character(let accepts): program.append(.character(accepts))
        case .assertStart: program.append(.assertStart)
        case .assertEnd: program.append(.assertEnd)
        case .wordBoundary(let wanted): program.append(.wordBoundary(wanted))
        case .concatenation(let parts): for part in parts { try emit(part) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = program.count
                    program.append(.split(0, 0))
                    try emit(branch)
                    jumps.append(program.count)
                    program.append(.jump(0))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .repetition(let body, let minimum, let maximum):
            for _ in 0..<minimum { try emit(body) }
            if let maximum {
                // Each optional copy: split to the copy or past all of them.
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(program.count)
                    program.append(.split(0, 0))
                    try emit(body)
                }
                for split in splits { program[split] = .split(split + 1, program.count) }
            } else {
                let loop = program.count
                program.append(.split(0, 0))
                try emit(body)
                program.append(.jump(loop))
                program[loop] = .split(loop + 1, program.count)
            }
        }
    }

    // MARK: Parsing

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var caseInsensitive: Bool

        init(scalars: [Unicode.Scalar], caseInsensitive: Bool) {
            self.scalars = scalars
            self.caseInsensitive = caseInsensitive
        }

        var atEnd: Bool { index >= scalars.count }
        var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }

        mutating func alternation() throws(SyntaxError) -> Tree {
            var branches = [try concatenation()]
            while peek == "|" {
                index += 1
                branches.append(try concatenation())
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func concatenation() throws(SyntaxError) -> Tree {
            var parts: [Tree] = []
            while let scalar = peek, scalar != "|", scalar != ")" {
                let atom = try self.atom()
                parts.append(try quantified(atom))
            }
            return parts.isEmpty ? .empty : .concatenation(parts)
        }

        mutating func quantified(_ atom: Tree) throws(SyntaxError) -> Tree {
            guard let bounds = try quantifier() else { return atom }
            if peek == "?" { index += 1 }  // lazy: the same language
            let saved = index
            if try quantifier() != nil {
                throw SyntaxError(message: "a repetition is repeated (`\(String(String.UnicodeScalarView(scalars[..<index])))`)")
            }
            index = saved
            return .repetition(atom, minimum: bounds.0, maximum: bounds.1)
        }

        /// The quantifier at the cursor (consumed), if any.
        mutating func quantifier() throws(SyntaxError) -> (Int, Int?)? {
            switch peek {
            case "*":
                index += 1
                return (0, nil)
            case "+":
                index += 1
                return (1, nil)
            case "?":
                index += 1
                return (0, 1)
            case "{": return countedBounds()  // nil: a literal `{`, as RE2 reads it
            default: return nil
            }
        }

        /// `{n}`, `{n,}` or `{n,m}` at the cursor (consumed), or nil (nothing consumed).
        mutating func countedBounds() -> (Int, Int?)? {
            var cursor = index + 1
            func number() -> Int? {
                var digits = ""
                while cursor < scalars.count, ("0"..."9").contains(scalars[cursor]) {
                    digits.unicodeScalars.append(scalars[cursor])
                    cursor += 1
                }
                return Int(digits)
            }
            guard let minimum = number(), minimum <= 1_000 else { return nil }
            var maximum: Int? = minimum
            if cursor < scalars.count, scalars[cursor] == "," {
                cursor += 1
                maximum = number()
                if let maximum, maximum < minimum || maximum > 1_000 { return nil }
            }
            guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
            index = cursor + 1
            return (minimum, maximum)
        }

        mutating func atom() throws(SyntaxError) -> Tree {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case ".": return .character { $0 != "\n" }
            case "^": return .assertStart
            case "$": return .assertEnd
            case "[": return try characterClass()
            case "(": return try group()
            case "\\": return try escape(inClass: false)
            case "*", "+", "?": throw SyntaxError(message: "`\(scalar)` repeats nothing")
            default: return literal(scalar)
            }
        }

        func literal(_ scalar: Unicode.Scalar) -> Tree {
            guard caseInsensitive else { return .character { $0 == scalar } }
            let folded = Self.fold(scalar)
            return .character { Self.fold($0) == folded }
        }

        static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
        }

        mutating func group() throws(SyntaxError) -> Tree {
            let saved = caseInsensitive
            defer { caseInsensitive = saved }
            if peek == "?" {
                index += 1
                var flags = ""
                while let scalar = peek, scalar != ":", scalar != ")" {
                    flags.unicodeScalars.append(scalar)
                    index += 1
                }
                guard flags == "" || flags == "i" else {
                    throw SyntaxError(message: "`(?\(flags)` is not RE2 syntax (no lookaround, named groups or other flags)")
                }
                if peek == ")" {
                    // `(?i)`: the flag holds to the end of the enclosing group.
                    index += 1
                    caseInsensitive = caseInsensitive || flags == "i"
                    let rest = try alternation()
                    return rest
                }
                index += 1  // ":"
                caseInsensitive = caseInsensitive || flags == "i"
            }
            let inner = try alternation()
            guard peek == ")" else { throw SyntaxError(message: "a `(` is not closed") }
            index += 1
            return inner
        }

        mutating func escape(inClass: Bool) throws(SyntaxError) -> Tree {
            guard let scalar = peek else { throw SyntaxError(message: "the pattern ends with `\\`") }
            index += 1
            switch scalar {
            case "d": return .character { ("0"..."9").contains($0) }
            case "D": return .character { !("0"..."9").contains($0) }
            case "w": return .character(RE2Pattern.isWord)
            case "W": return .character { !RE2Pattern.isWord($0) }
            case "s": return .character { " \t\n\r\u{0C}\u{0B}".unicodeScalars.contains($0) }
            case "S": return .character { !" \t\n\r\u{0C}\u{0B}".unicodeScalars.contains($0) }
            case "n": return literal("\n")
            case "t": return literal("\t")
            case "r": return literal("\r")
            case "A" where !inClass: return .assertStart
            case "z" where !inClass: return .assertEnd
            case "b" where !inClass: return .wordBoundary(true)
            case "B" where !inClass: return .wordBoundary(false)
            case "1"..."9": throw SyntaxError(message: "backreferences (`\\\(scalar)`) are not RE2 syntax")
            default:
                guard !RE2Pattern.isWord(scalar) else { throw SyntaxError(message: "`\\\(scalar)` is not an escape RE2 knows") }
                return literal(scalar)
            }
        }

        mutating func characterClass() throws(SyntaxError) -> Tree {
            let negated = peek == "^"
            if negated { index += 1 }
            var members: [(Unicode.Scalar) -> Bool] = []
            var first = true
            while let scalar = peek, scalar != "]" || first {
                first = false
                index += 1
                var low = scalar
                if scalar == "\\" {
                    guard let escaped = peek else { break }
                    if "dDwWsS".unicodeScalars.contains(escaped) {
                        if case .character(let accepts) = try escape(inClass: true) { members.append(accepts) }
                        continue
                    }
                    index += 1
                    low = ["n": "\n", "t": "\t", "r": "\r"][escaped] ?? escaped
                }
                if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                    index += 1
                    var high = scalars[index]
                    index += 1
                    if high == "\\", let escaped = peek {
                        index += 1
                        high = escaped
                    }
                    guard low <= high else { throw SyntaxError(message: "the class range `\(low)-\(high)` is backwards") }
                    let fold = caseInsensitive
                    members.append { value in
                        (low...high).contains(value) || (fold && (low...high).contains(Parser.fold(value)))
                            || (fold && ("a"..."z").contains(value) && (low...high).contains(Unicode.Scalar(value.value - 32)!))
                    }
                } else {
                    let fold = caseInsensitive
                    let single = low
                    members.append { fold ? Parser.fold($0) == Parser.fold(single) : $0 == single }
                }
            }
            guard peek == "]" else { throw SyntaxError(message: "a `[` is not closed") }
            index += 1
            return .character { scalar in members.contains { $0(scalar) } != negated }
        }
    }
}
