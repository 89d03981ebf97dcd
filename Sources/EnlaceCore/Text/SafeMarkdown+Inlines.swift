// The inline content of ``SafeMarkdown``: code spans, emphasis, links and autolinks.

// MARK: - Inline

/// The inline content of one paragraph or heading, parsed the CommonMark way: a delimiter list for emphasis and a
/// bracket stack for links, each bounded so that hostile runs of `*` or `[` stay linear.
struct InlineParser {
    private enum Token {
        case text(Range<Int>)
        case delimiter(Int)
        case openBracket(Int)
        case closeBracket(Int)
        case code(Range<Int>)
        case autolink(href: [UInt8], text: Range<Int>)
        case lineBreak(hard: Bool)
    }

    private enum Emphasis {
        case emphasis
        case strong
    }

    /// A run of `*` or `_`, linked to its neighbours in the delimiter list by index (-1 for none).
    private struct Delimiter {
        let character: UInt8
        let token: Int
        let originalCount: Int
        var count: Int
        let canOpen: Bool
        let canClose: Bool
        var previous: Int
        var next = -1
        /// Emphasis this run opens, innermost first.
        var openings: [Emphasis] = []
        /// Emphasis this run closes, innermost first.
        var closings: [Emphasis] = []
    }

    /// A `[` or `![` and, once its `]` and tail are found, the link it became (with a nil `href` if refused).
    private struct Bracket {
        let token: Int
        let isImage: Bool
        var link: (href: [UInt8]?, title: [UInt8]?)?
    }

    /// Longest link tail `(destination "title")` read, so unterminated tails cannot make parsing quadratic.
    private static let maximumLinkTail = 4_096
    /// Deepest parenthesis nesting in a bare link destination.
    private static let maximumDestinationParens = 32

    private let text: [UInt8]
    private var tokens: [Token] = []
    private var delimiters: [Delimiter] = []
    private var lastDelimiter = -1
    private var brackets: [Bracket] = []
    /// Unclosed brackets, innermost last, as indices into `brackets`.
    private var openBrackets: [Int] = []
    /// Link brackets below this stack position may no longer form links, because a link formed after them.
    private var inactiveBelow = 0
    /// Starts of the backtick runs of each length, built on the first backtick.
    private var backtickRuns: [Int: [Int]]?
    private var backtickCursors: [Int: Int] = [:]

    private init(_ text: [UInt8]) {
        self.text = text
    }

    /// Appends the HTML for the inline content `text`.
    static func render(_ text: [UInt8], into output: inout [UInt8]) {
        var parser = InlineParser(text)
        parser.parse()
        parser.write(into: &output)
    }

    private mutating func parse() {
        let end = text.count
        var position = 0
        var textStart = 0
        while position < end {
            let byte = text[position]
            switch byte {
            case Byte.backslash:
                if position + 1 < end, text[position + 1] == Byte.newline {
                    flushText(textStart..<position)
                    tokens.append(.lineBreak(hard: true))
                    position += 2
                    textStart = position
                } else if position + 1 < end, Byte.isPunctuation(text[position + 1]) {
                    flushText(textStart..<position)
                    textStart = position + 1
                    position += 2
                } else {
                    position += 1
                }
            case Byte.backtick:
                var runEnd = position
                while runEnd < end, text[runEnd] == Byte.backtick { runEnd += 1 }
                let length = runEnd - position
                if let closer = codeSpanCloser(length: length, after: runEnd) {
                    flushText(textStart..<position)
                    tokens.append(.code(runEnd..<closer))
                    position = closer + length
                    textStart = position
                } else {
                    position = runEnd
                }
            case Byte.star, Byte.underscore:
                var runEnd = position
                while runEnd < end, text[runEnd] == byte { runEnd += 1 }
                if addDelimiter(position..<runEnd, flushingFrom: textStart) { textStart = runEnd }
                position = runEnd
            case Byte.bang where position + 1 < end && text[position + 1] == Byte.openBracket:
                flushText(textStart..<position)
                pushBracket(isImage: true)
                position += 2
                textStart = position
            case Byte.openBracket:
                flushText(textStart..<position)
                pushBracket(isImage: false)
                position += 1
                textStart = position
            case Byte.closeBracket:
                flushText(textStart..<position)
                if let after = closeBracket(at: position) {
                    position = after
                    textStart = after
                } else {
                    textStart = position
                    position += 1
                }
            case Byte.lessThan:
                if let autolink = autolink(at: position) {
                    flushText(textStart..<position)
                    tokens.append(.autolink(href: autolink.href, text: position + 1..<autolink.close))
                    position = autolink.close + 1
                    textStart = position
                } else {
                    position += 1
                }
            case Byte.newline:
                var textEnd = position
                while textEnd > textStart, text[textEnd - 1] == Byte.space { textEnd -= 1 }
                flushText(textStart..<textEnd)
                tokens.append(.lineBreak(hard: position - textEnd >= 2))
                position += 1
                textStart = position
            default:
                position += 1
            }
        }
        flushText(textStart..<end)
        processEmphasis(above: -1)
    }

    private mutating func flushText(_ range: Range<Int>) {
        if !range.isEmpty { tokens.append(.text(range)) }
    }

    // MARK: Code spans

    /// Where the backtick run of exactly `length` that closes a code span opened before `start` begins.
    ///
    /// Runs are indexed by length once, with a cursor per length that only moves forward, so hostile backticks
    /// cost linear time overall.
    private mutating func codeSpanCloser(length: Int, after start: Int) -> Int? {
        if backtickRuns == nil {
            var runs: [Int: [Int]] = [:]
            var position = 0
            while position < text.count {
                guard text[position] == Byte.backtick else {
                    position += 1
                    continue
                }
                let runStart = position
                while position < text.count, text[position] == Byte.backtick { position += 1 }
                runs[position - runStart, default: []].append(runStart)
            }
            backtickRuns = runs
        }
        guard let starts = backtickRuns?[length] else { return nil }
        var cursor = backtickCursors[length, default: 0]
        while cursor < starts.count, starts[cursor] < start { cursor += 1 }
        backtickCursors[length] = cursor
        return cursor < starts.count ? starts[cursor] : nil
    }

    // MARK: Emphasis

    /// Adds the run `range` of `*` or `_` as a delimiter, flushing the text before it; returns false (adding nothing)
    /// when the run can neither open nor close emphasis and so stays part of the text.
    private mutating func addDelimiter(_ range: Range<Int>, flushingFrom textStart: Int) -> Bool {
        let character = text[range.lowerBound]
        let before = range.lowerBound > 0 ? scalar(endingAt: range.lowerBound) : nil
        let after = range.upperBound < text.count ? scalar(startingAt: range.upperBound) : nil
        let beforeIsSpace = before.map(Self.isWhitespace) ?? true
        let afterIsSpace = after.map(Self.isWhitespace) ?? true
        let beforeIsPunctuation = before.map(Self.isPunctuation) ?? false
        let afterIsPunctuation = after.map(Self.isPunctuation) ?? false
        let leftFlanking = !afterIsSpace && (!afterIsPunctuation || beforeIsSpace || beforeIsPunctuation)
        let rightFlanking = !beforeIsSpace && (!beforeIsPunctuation || afterIsSpace || afterIsPunctuation)
        let canOpen: Bool
        let canClose: Bool
        if character == Byte.star {
            canOpen = leftFlanking
            canClose = rightFlanking
        } else {
            canOpen = leftFlanking && (!rightFlanking || beforeIsPunctuation)
            canClose = rightFlanking && (!leftFlanking || afterIsPunctuation)
        }
        guard canOpen || canClose else { return false }
        flushText(textStart..<range.lowerBound)
        let index = delimiters.count
        delimiters.append(
            Delimiter(
                character: character, token: tokens.count, originalCount: range.count, count: range.count,
                canOpen: canOpen, canClose: canClose, previous: lastDelimiter))
        if lastDelimiter >= 0 { delimiters[lastDelimiter].next = index }
        lastDelimiter = index
        tokens.append(.delimiter(index))
        return true
    }

    /// Matches the delimiters after token `bottom` into emphasis (CommonMark's "process emphasis"), then drops them
    /// from the list. The per-kind lower bounds keep the search for openers linear.
    private mutating func processEmphasis(above bottom: Int) {
        var current = -1
        var candidate = lastDelimiter
        while candidate >= 0, delimiters[candidate].token > bottom {
            current = candidate
            candidate = delimiters[candidate].previous
        }
        var openersBottom = [Int](repeating: bottom, count: 12)
        while current >= 0 {
            let closer = delimiters[current]
            guard closer.canClose else {
                current = closer.next
                continue
            }
            let kind =
                (closer.character == Byte.star ? 0 : 6) + closer.originalCount % 3 * 2 + (closer.canOpen ? 1 : 0)
            var opener = closer.previous
            while opener >= 0, delimiters[opener].token > openersBottom[kind] {
                let candidate = delimiters[opener]
                let oddMatch =
                    (candidate.canClose || closer.canOpen) && (candidate.originalCount + closer.originalCount) % 3 == 0
                    && !(candidate.originalCount % 3 == 0 && closer.originalCount % 3 == 0)
                if candidate.character == closer.character, candidate.canOpen, !oddMatch { break }
                opener = candidate.previous
            }
            guard opener >= 0, delimiters[opener].token > openersBottom[kind] else {
                openersBottom[kind] = closer.previous >= 0 ? max(delimiters[closer.previous].token, bottom) : bottom
                let next = closer.next
                if !closer.canOpen { unlink(current) }
                current = next
                continue
            }
            let used = delimiters[opener].count >= 2 && closer.count >= 2 ? 2 : 1
            let emphasis: Emphasis = used == 2 ? .strong : .emphasis
            delimiters[opener].count -= used
            delimiters[opener].openings.append(emphasis)
            delimiters[current].count -= used
            delimiters[current].closings.append(emphasis)
            delimiters[opener].next = current
            delimiters[current].previous = opener
            if delimiters[opener].count == 0 { unlink(opener) }
            if delimiters[current].count == 0 {
                let next = delimiters[current].next
                unlink(current)
                current = next
            }
        }
        while lastDelimiter >= 0, delimiters[lastDelimiter].token > bottom { unlink(lastDelimiter) }
    }

    private mutating func unlink(_ index: Int) {
        let previous = delimiters[index].previous
        let next = delimiters[index].next
        if previous >= 0 { delimiters[previous].next = next }
        if next >= 0 { delimiters[next].previous = previous }
        if lastDelimiter == index { lastDelimiter = previous }
    }

    private func scalar(endingAt index: Int) -> Unicode.Scalar? {
        if text[index - 1] < 0x80 { return Unicode.Scalar(text[index - 1]) }
        var start = index - 1
        while start > 0, text[start] & 0xC0 == 0x80 { start -= 1 }
        return String(decoding: text[start..<index], as: UTF8.self).unicodeScalars.first
    }

    private func scalar(startingAt index: Int) -> Unicode.Scalar? {
        if text[index] < 0x80 { return Unicode.Scalar(text[index]) }
        var end = index + 1
        while end < text.count, text[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: text[index..<end], as: UTF8.self).unicodeScalars.first
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20: return true
        case 0..<0x80: return false
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }

    private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return Byte.isPunctuation(UInt8(scalar.value)) }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    // MARK: Links

    private mutating func pushBracket(isImage: Bool) {
        openBrackets.append(brackets.count)
        brackets.append(Bracket(token: tokens.count, isImage: isImage))
        tokens.append(.openBracket(brackets.count - 1))
    }

    /// Closes the innermost bracket with the `]` at `position` if a link tail follows; returns the position after
    /// the tail, or nil when the `]` is text.
    private mutating func closeBracket(at position: Int) -> Int? {
        guard let opener = openBrackets.last else { return nil }
        let isActive = brackets[opener].isImage || openBrackets.count - 1 >= inactiveBelow
        openBrackets.removeLast()
        inactiveBelow = min(inactiveBelow, openBrackets.count)
        guard isActive, let tail = linkTail(from: position + 1) else { return nil }
        processEmphasis(above: brackets[opener].token)
        brackets[opener].link = (SafeMarkdown.safeHref(tail.destination), tail.title)
        tokens.append(.closeBracket(opener))
        // No links in links: every bracket still open is outside this one.
        if !brackets[opener].isImage { inactiveBelow = openBrackets.count }
        return tail.end
    }

    /// The `(destination "title")` starting at `start`, with backslash escapes applied, and the position after it.
    private func linkTail(from start: Int) -> (destination: [UInt8], title: [UInt8]?, end: Int)? {
        let end = min(text.count, start + Self.maximumLinkTail)
        guard start < end, text[start] == Byte.openParen else { return nil }
        var position = skipWhitespace(from: start + 1, to: end)
        var destination: [UInt8] = []
        if position < end, text[position] == Byte.lessThan {
            position += 1
            while true {
                guard position < end, text[position] != Byte.newline, text[position] != Byte.lessThan else {
                    return nil
                }
                let byte = text[position]
                if byte == Byte.greaterThan {
                    position += 1
                    break
                }
                if byte == Byte.backslash, position + 1 < end, Byte.isPunctuation(text[position + 1]) {
                    destination.append(text[position + 1])
                    position += 2
                } else {
                    destination.append(byte)
                    position += 1
                }
            }
        } else {
            var depth = 0
            while position < end {
                let byte = text[position]
                if byte == Byte.backslash, position + 1 < end, Byte.isPunctuation(text[position + 1]) {
                    destination.append(text[position + 1])
                    position += 2
                    continue
                }
                if byte <= Byte.space || byte == Byte.delete { break }
                if byte == Byte.openParen {
                    depth += 1
                    guard depth <= Self.maximumDestinationParens else { return nil }
                } else if byte == Byte.closeParen {
                    if depth == 0 { break }
                    depth -= 1
                }
                destination.append(byte)
                position += 1
            }
            guard depth == 0 else { return nil }
        }
        let afterDestination = position
        position = skipWhitespace(from: position, to: end)
        var title: [UInt8]?
        if position > afterDestination, position < end,
            text[position] == Byte.quote || text[position] == Byte.apostrophe || text[position] == Byte.openParen
        {
            let closer = text[position] == Byte.openParen ? Byte.closeParen : text[position]
            var value: [UInt8] = []
            position += 1
            while true {
                guard position < end else { return nil }
                let byte = text[position]
                if byte == closer {
                    position += 1
                    break
                }
                if closer == Byte.closeParen, byte == Byte.openParen { return nil }
                if byte == Byte.backslash, position + 1 < end, Byte.isPunctuation(text[position + 1]) {
                    value.append(text[position + 1])
                    position += 2
                } else {
                    value.append(byte)
                    position += 1
                }
            }
            title = value
            position = skipWhitespace(from: position, to: end)
        }
        guard position < end, text[position] == Byte.closeParen else { return nil }
        return (destination, title, position + 1)
    }

    private func skipWhitespace(from start: Int, to end: Int) -> Int {
        var position = start
        while position < end, Byte.isSpaceOrTab(text[position]) || text[position] == Byte.newline { position += 1 }
        return position
    }

    /// The allowed `href` of the autolink `<scheme:…>` or `<name@domain>` at `position` and the position of its
    /// `>`; nil when there is none or its URL is not allowed, and the text stays text.
    private func autolink(at position: Int) -> (href: [UInt8], close: Int)? {
        let end = text.count
        let start = position + 1
        var schemeEnd = start
        while schemeEnd < end, schemeEnd - start <= 32,
            Byte.isLetter(text[schemeEnd])
                || (schemeEnd > start
                    && (Byte.isDigit(text[schemeEnd]) || text[schemeEnd] == Byte.plus
                        || text[schemeEnd] == Byte.dot || text[schemeEnd] == Byte.minus))
        {
            schemeEnd += 1
        }
        if (2...32).contains(schemeEnd - start), schemeEnd < end, text[schemeEnd] == Byte.colon {
            var close = schemeEnd + 1
            while close < end, text[close] != Byte.greaterThan {
                let byte = text[close]
                if byte <= Byte.space || byte == Byte.delete || byte == Byte.lessThan { return nil }
                close += 1
            }
            guard close < end, let href = SafeMarkdown.safeHref(Array(text[start..<close])) else { return nil }
            return (href, close)
        }
        var at = start
        while at < end, Self.isEmailLocal(text[at]) { at += 1 }
        guard at > start, at < end, text[at] == Byte.at else { return nil }
        var close = at + 1
        while close < end, Byte.isAlphanumeric(text[close]) || text[close] == Byte.minus || text[close] == Byte.dot {
            close += 1
        }
        guard close < end, text[close] == Byte.greaterThan, Self.isEmailDomain(text[at + 1..<close]) else {
            return nil
        }
        guard let href = SafeMarkdown.safeHref(Array("mailto:".utf8) + text[start..<close]) else { return nil }
        return (href, close)
    }

    /// The punctuation CommonMark allows in the local part of an email autolink.
    private static let emailLocalPunctuation = Set(".!#$%&'*+/=?^_`{|}~-".utf8)

    private static func isEmailLocal(_ byte: UInt8) -> Bool {
        Byte.isAlphanumeric(byte) || emailLocalPunctuation.contains(byte)
    }

    /// Whether `domain` is dot-separated labels of letters, digits and inner hyphens.
    private static func isEmailDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        let labels = domain.split(separator: Byte.dot, omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            guard let first = label.first, let last = label.last, label.count <= 63 else { return false }
            return Byte.isAlphanumeric(first) && Byte.isAlphanumeric(last)
        }
    }

    // MARK: Output

    private func write(into output: inout [UInt8]) {
        var linkDepth = 0
        for token in tokens {
            switch token {
            case .text(let range):
                SafeMarkdown.appendEscaped(text[range], to: &output)
            case .delimiter(let index):
                let delimiter = delimiters[index]
                for emphasis in delimiter.closings { output += (emphasis == .strong ? "</strong>" : "</em>").utf8 }
                output += repeatElement(delimiter.character, count: delimiter.count)
                for emphasis in delimiter.openings.reversed() {
                    output += (emphasis == .strong ? "<strong>" : "<em>").utf8
                }
            case .openBracket(let index):
                let bracket = brackets[index]
                guard let link = bracket.link else {
                    output += (bracket.isImage ? "![" : "[").utf8
                    break
                }
                guard !bracket.isImage else { break }
                linkDepth += 1
                if let href = link.href { SafeMarkdown.appendLinkOpening(href: href, title: link.title, to: &output) }
            case .closeBracket(let index):
                let bracket = brackets[index]
                guard !bracket.isImage else { break }
                linkDepth -= 1
                if bracket.link?.href != nil { output += "</a>".utf8 }
            case .code(let range):
                writeCode(range, into: &output)
            case .autolink(let href, let range):
                if linkDepth > 0 {
                    SafeMarkdown.appendEscaped(text[range.lowerBound - 1...range.upperBound], to: &output)
                } else {
                    SafeMarkdown.appendLinkOpening(href: href, title: nil, to: &output)
                    SafeMarkdown.appendEscaped(text[range], to: &output)
                    output += "</a>".utf8
                }
            case .lineBreak(let hard):
                output += (hard ? "<br>\n" : "\n").utf8
            }
        }
    }

    /// Writes a code span: newlines become spaces, and one space is stripped from each end when both have one.
    private func writeCode(_ range: Range<Int>, into output: inout [UInt8]) {
        var content = text[range].map { $0 == Byte.newline ? Byte.space : $0 }[...]
        if content.count >= 2, content.first == Byte.space, content.last == Byte.space,
            content.contains(where: { $0 != Byte.space })
        {
            content = content.dropFirst().dropLast()
        }
        output += "<code>".utf8
        SafeMarkdown.appendEscaped(content, to: &output)
        output += "</code>".utf8
    }
}
