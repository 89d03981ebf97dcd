/// Renders the Markdown that officials write in meeting minutes as HTML that is safe by construction.
///
/// Nothing in the input is passed through: every character reaches the output HTML-escaped (`&`, `<`, `>`, `"`,
/// `'`), and the only tags are the renderer's own. Raw HTML, HTML comments, CDATA sections and entity references
/// such as `&lt;` are shown exactly as typed. The supported subset is CommonMark-like:
///
/// - ATX headings `#` to `######`, one level lower than written (`#` gives `<h2>`, capped at `<h6>`) because the page
///   has its own `<h1>`; a closing run of `#` is dropped.
/// - Paragraphs: consecutive lines joined by a newline; a line ending in two spaces or a backslash ends in `<br>`.
/// - Unordered lists (`-`, `*`, `+`) and ordered lists (`1.` or `1)`, with `start` when the first number isn't 1).
///   Lines indented by two or more spaces under an item belong to it, so lists nest; an unindented line continues
///   the item's paragraph. A blank line between items makes the list loose (items hold `<p>`).
/// - Blockquotes (`>`), whose contents are rendered as blocks; an unmarked line continues a quoted paragraph.
/// - Fenced code blocks (```` ``` ```` or `~~~`); the first word of the info string, restricted to
///   `[A-Za-z0-9_+-]`, becomes `class="language-…"`. An unclosed fence runs to the end of its container.
/// - Thematic breaks: three or more `-`, `*` or `_` alone on a line (spaces allowed) give `<hr>`.
/// - Inline: code spans, `**strong**` and `__strong__`, `*em*` and `_em_` (underscores only at word boundaries, so
///   `snake_case` stays), backslash escapes of ASCII punctuation, links `[text](url)` and `[text](url "title")`, and
///   autolinks `<https://…>` and `<name@example.org>`. Emphasis and links follow CommonMark's delimiter algorithm.
///
/// Links go only to `http:`, `https:` and `mailto:` URLs and to site paths that start with `/` (not `//` or `/\`)
/// or `#`. ASCII control characters are removed and spaces trimmed before the scheme is compared, case-insensitively,
/// with that list; entity references are not decoded, so `&#106;avascript:` has no allowed scheme. A rejected link
/// shows its text only. Every link carries `rel="nofollow noopener noreferrer"`. Images (`![alt](src)`) show their
/// alt text, never an `<img>`.
///
/// Not supported, shown as text: setext headings (a `---` line is always a thematic break), indented code blocks,
/// reference links, tables, bare URLs, raw HTML, and relative links that start neither with `/` nor `#`. Blockquotes
/// and lists nest at most eight deep; deeper markers are text. Blocks are separated by `\n`, CRLF and CR become LF,
/// and NUL becomes U+FFFD. Work is linear in the input apart from link tails, which are read for at most 4 KiB.
public enum SafeMarkdown {
    /// The HTML for `markdown`: every character of the input reaches the output escaped, and the only tags are the
    /// renderer's own.
    public static func html(_ markdown: String) -> String {
        let source = normalized(markdown)
        var lines: [Line] = []
        var lineStart = 0
        for index in source.indices where source[index] == Byte.newline {
            lines.append(source[lineStart..<index])
            lineStart = index + 1
        }
        if lineStart < source.count { lines.append(source[lineStart...]) }
        var output: [UInt8] = []
        output.reserveCapacity(source.count + source.count / 4 + 16)
        _ = renderBlocks(lines[...], depth: 0, tight: false, into: &output)
        return String(decoding: output, as: UTF8.self)
    }
}

/// One line of the source without its newline, sharing the normalised source's storage.
private typealias Line = ArraySlice<UInt8>

/// The ASCII bytes the renderer looks at.
private enum Byte {
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let bang = UInt8(ascii: "!")
    static let quote = UInt8(ascii: "\"")
    static let hash = UInt8(ascii: "#")
    static let ampersand = UInt8(ascii: "&")
    static let apostrophe = UInt8(ascii: "'")
    static let openParen = UInt8(ascii: "(")
    static let closeParen = UInt8(ascii: ")")
    static let star = UInt8(ascii: "*")
    static let plus = UInt8(ascii: "+")
    static let minus = UInt8(ascii: "-")
    static let dot = UInt8(ascii: ".")
    static let slash = UInt8(ascii: "/")
    static let colon = UInt8(ascii: ":")
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let at = UInt8(ascii: "@")
    static let openBracket = UInt8(ascii: "[")
    static let backslash = UInt8(ascii: "\\")
    static let closeBracket = UInt8(ascii: "]")
    static let underscore = UInt8(ascii: "_")
    static let backtick = UInt8(ascii: "`")
    static let tilde = UInt8(ascii: "~")
    static let delete: UInt8 = 0x7F

    static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == space || byte == tab }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
    static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }
    static func isControl(_ byte: UInt8) -> Bool { byte < space || byte == delete }

    /// ASCII punctuation, the characters a backslash can escape.
    static func isPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte)
            || (0x7B...0x7E).contains(byte)
    }
}

// MARK: - Escaping and URLs

extension SafeMarkdown {
    /// Container depth (blockquotes and lists) beyond which markers are text, so hostile nesting stays cheap.
    private static let maximumDepth = 8

    /// The `rel` of every emitted link.
    private static let linkRel = Array(" rel=\"nofollow noopener noreferrer\"".utf8)

    /// The source as UTF-8 with line endings made LF and NUL made U+FFFD.
    private static func normalized(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var afterCarriageReturn = false
        for byte in text.utf8 {
            switch byte {
            case 0x0D:
                bytes.append(Byte.newline)
            case Byte.newline where afterCarriageReturn:
                break
            case 0x00:
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
            default:
                bytes.append(byte)
            }
            afterCarriageReturn = byte == 0x0D
        }
        return bytes
    }

    /// Appends `bytes` escaped for HTML text and for double-quoted attribute values alike.
    fileprivate static func appendEscaped(_ bytes: ArraySlice<UInt8>, to output: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case Byte.ampersand: output += "&amp;".utf8
            case Byte.lessThan: output += "&lt;".utf8
            case Byte.greaterThan: output += "&gt;".utf8
            case Byte.quote: output += "&quot;".utf8
            case Byte.apostrophe: output += "&#39;".utf8
            default: output.append(byte)
            }
        }
    }

    /// The `href` for a link destination, or nil when it is not allowed.
    ///
    /// Allowed are `http:`, `https:` and `mailto:` URLs and site paths starting with `/` (but not `//` or `/\`,
    /// which browsers read as another host) or `#`. ASCII control characters are removed everywhere, as browsers
    /// remove tab and newline, and spaces are trimmed, so what is checked is exactly what is emitted; inner spaces
    /// become `%20`. Entity references are not decoded, so `&#106;avascript:` is not an allowed scheme.
    fileprivate static func safeHref(_ destination: [UInt8]) -> [UInt8]? {
        let cleaned = destination.filter { !Byte.isControl($0) }
        guard let first = cleaned.firstIndex(where: { $0 != Byte.space }),
            let last = cleaned.lastIndex(where: { $0 != Byte.space })
        else { return nil }
        let url = cleaned[first...last]
        switch url[first] {
        case Byte.hash:
            break
        case Byte.slash:
            if url.count > 1, url[first + 1] == Byte.slash || url[first + 1] == Byte.backslash { return nil }
        default:
            guard let colon = url.firstIndex(of: Byte.colon) else { return nil }
            let scheme = String(decoding: url[..<colon].map { Byte.isLetter($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
            guard scheme == "http" || scheme == "https" || scheme == "mailto" else { return nil }
        }
        var href: [UInt8] = []
        href.reserveCapacity(url.count)
        for byte in url {
            if byte == Byte.space { href += "%20".utf8 } else { href.append(byte) }
        }
        return href
    }

    /// Appends `<a href="…" rel="…" title="…">` with every value escaped.
    fileprivate static func appendLinkOpening(href: [UInt8], title: [UInt8]?, to output: inout [UInt8]) {
        output += "<a href=\"".utf8
        appendEscaped(href[...], to: &output)
        output += "\"".utf8
        output += linkRel
        if let title, !title.isEmpty {
            output += " title=\"".utf8
            appendEscaped(title[...], to: &output)
            output += "\"".utf8
        }
        output += ">".utf8
    }
}

// MARK: - Blocks

/// What a run of blocks began and ended with, which decides the newlines inside a tight list item.
private struct BlockEdges {
    var isEmpty = true
    var firstIsBareText = false
    var lastIsBareText = false
}

/// An opening code fence: its character, length, indentation and sanitised language.
private struct Fence {
    let marker: UInt8
    let length: Int
    let indent: Int
    let language: [UInt8]
}

/// A list item marker and what follows it on its line.
private struct ListMarker {
    /// The bullet character, or the `.` or `)` after an ordered item's number; items of one list share it.
    let kind: UInt8
    /// The ordered item's number, nil for bullets.
    let number: Int?
    let indent: Int
    /// The column where the item's content starts; continuation lines are stripped up to it.
    let contentColumn: Int
    let content: Line
}

extension SafeMarkdown {
    /// Renders `lines` as blocks separated by newlines; in a tight list item paragraphs lose their `<p>`.
    private static func renderBlocks(
        _ lines: ArraySlice<Line>, depth: Int, tight: Bool, into output: inout [UInt8]
    ) -> BlockEdges {
        var edges = BlockEdges()
        var index = lines.startIndex
        while index < lines.endIndex {
            let line = lines[index]
            if isBlank(line) {
                index += 1
                continue
            }
            if !edges.isEmpty { output.append(Byte.newline) }
            var isBareText = false
            if let fence = openingFence(line) {
                index = renderFence(fence, lines, from: index + 1, into: &output)
            } else if let heading = atxHeading(line) {
                let tag = "h\(min(heading.level + 1, 6))"
                output += "<\(tag)>".utf8
                InlineParser.render(Array(heading.content), into: &output)
                output += "</\(tag)>".utf8
                index += 1
            } else if isThematicBreak(line) {
                output += "<hr>".utf8
                index += 1
            } else if depth < maximumDepth, blockquoteContent(line) != nil {
                index = renderBlockquote(lines, from: index, depth: depth, into: &output)
            } else if depth < maximumDepth, let marker = listMarker(line) {
                index = renderList(lines, from: index, first: marker, depth: depth, into: &output)
            } else {
                index = renderParagraph(lines, from: index, depth: depth, tight: tight, into: &output)
                isBareText = tight
            }
            if edges.isEmpty { edges.firstIsBareText = isBareText }
            edges.lastIsBareText = isBareText
            edges.isEmpty = false
        }
        return edges
    }

    /// Renders a fenced code block whose body starts at `start`; returns the index after its closing fence.
    private static func renderFence(
        _ fence: Fence, _ lines: ArraySlice<Line>, from start: Int, into output: inout [UInt8]
    ) -> Int {
        output += "<pre><code".utf8
        if !fence.language.isEmpty {
            output += " class=\"language-".utf8
            appendEscaped(fence.language[...], to: &output)
            output += "\"".utf8
        }
        output += ">".utf8
        var index = start
        while index < lines.endIndex, !isClosingFence(lines[index], of: fence) {
            appendEscaped(stripIndentation(lines[index], upTo: fence.indent), to: &output)
            output.append(Byte.newline)
            index += 1
        }
        output += "</code></pre>".utf8
        return min(index + 1, lines.endIndex)
    }

    /// Renders the blockquote starting at `start`; returns the index after it.
    private static func renderBlockquote(
        _ lines: ArraySlice<Line>, from start: Int, depth: Int, into output: inout [UInt8]
    ) -> Int {
        var inner: [Line] = []
        var index = start
        while index < lines.endIndex {
            let line = lines[index]
            if let content = blockquoteContent(line) {
                inner.append(content)
            } else if let last = inner.last, !isBlank(line), endsInParagraphText(last, depth: depth + 1),
                !startsBlock(line, depth: depth, interruptingParagraph: true)
            {
                inner.append(line)
            } else {
                break
            }
            index += 1
        }
        output += "<blockquote>\n".utf8
        if !renderBlocks(inner[...], depth: depth + 1, tight: false, into: &output).isEmpty {
            output.append(Byte.newline)
        }
        output += "</blockquote>".utf8
        return index
    }

    /// Renders the list whose first item is `first` at `start`; returns the index after it.
    private static func renderList(
        _ lines: ArraySlice<Line>, from start: Int, first: ListMarker, depth: Int, into output: inout [UInt8]
    ) -> Int {
        var items: [[Line]] = []
        var loose = false
        var index = start
        while index < lines.endIndex, !isThematicBreak(lines[index]), let marker = listMarker(lines[index]),
            marker.kind == first.kind
        {
            var itemLines: [Line] = [marker.content]
            var hasContent = !marker.content.isEmpty
            // Two columns past the marker are enough, so `1. item` takes `  - nested` as its own.
            let required = min(marker.contentColumn, marker.indent + 2)
            var blanks = 0
            index += 1
            while index < lines.endIndex {
                let line = lines[index]
                if isBlank(line) {
                    blanks += 1
                } else if indentation(line).columns >= required {
                    if blanks > 0 {
                        loose = loose || hasContent
                        itemLines += repeatElement(Line(), count: blanks)
                        blanks = 0
                    }
                    itemLines.append(stripIndentation(line, upTo: marker.contentColumn))
                    hasContent = true
                } else if blanks == 0, let last = itemLines.last, endsInParagraphText(last, depth: depth + 1),
                    listMarker(line) == nil, !startsBlock(line, depth: depth, interruptingParagraph: true)
                {
                    itemLines.append(line)
                } else {
                    break
                }
                index += 1
            }
            items.append(itemLines)
            if blanks > 0, index < lines.endIndex, !isThematicBreak(lines[index]),
                listMarker(lines[index])?.kind == first.kind
            {
                loose = true
            }
        }
        if let number = first.number {
            output += (number == 1 ? "<ol>\n" : "<ol start=\"\(number)\">\n").utf8
        } else {
            output += "<ul>\n".utf8
        }
        for item in items {
            var content: [UInt8] = []
            let edges = renderBlocks(item[...], depth: depth + 1, tight: !loose, into: &content)
            output += "<li>".utf8
            if !edges.isEmpty, !edges.firstIsBareText { output.append(Byte.newline) }
            output += content
            if !edges.isEmpty, !edges.lastIsBareText { output.append(Byte.newline) }
            output += "</li>\n".utf8
        }
        output += (first.number == nil ? "</ul>" : "</ol>").utf8
        return index
    }

    /// Renders the paragraph starting at `start`; returns the index after its last line.
    private static func renderParagraph(
        _ lines: ArraySlice<Line>, from start: Int, depth: Int, tight: Bool, into output: inout [UInt8]
    ) -> Int {
        var text: [UInt8] = []
        var index = start
        repeat {
            if index > start { text.append(Byte.newline) }
            let line = lines[index]
            text += line[indentation(line).contentStart...]
            index += 1
        } while index < lines.endIndex && !isBlank(lines[index])
            && !startsBlock(lines[index], depth: depth, interruptingParagraph: true)
        while let last = text.last, Byte.isSpaceOrTab(last) { text.removeLast() }
        if !tight { output += "<p>".utf8 }
        InlineParser.render(text, into: &output)
        if !tight { output += "</p>".utf8 }
        return index
    }

    /// Whether `line` opens a block; a paragraph is interrupted only by a list item that has content and, when
    /// ordered, starts at 1, so that `2024. was a good year` stays text.
    private static func startsBlock(_ line: Line, depth: Int, interruptingParagraph: Bool) -> Bool {
        if openingFence(line) != nil || atxHeading(line) != nil || isThematicBreak(line) { return true }
        guard depth < maximumDepth else { return false }
        if blockquoteContent(line) != nil { return true }
        guard let marker = listMarker(line) else { return false }
        return !interruptingParagraph || (!marker.content.isEmpty && (marker.number ?? 1) == 1)
    }

    /// Whether `line`, inside its containers' markers, is paragraph text that an unmarked line may continue.
    ///
    /// This looks at one line only, so a line inside an unclosed fence counts as text; the cost is at most a line
    /// joining a code block that it visibly continues.
    private static func endsInParagraphText(_ line: Line, depth: Int) -> Bool {
        var current = line
        var level = depth
        while !isBlank(current) {
            if level < maximumDepth, let content = blockquoteContent(current) {
                current = content
            } else if level < maximumDepth, !isThematicBreak(current), let marker = listMarker(current) {
                current = marker.content
            } else {
                return openingFence(current) == nil && atxHeading(current) == nil && !isThematicBreak(current)
            }
            level += 1
        }
        return false
    }

    private static func isBlank(_ line: Line) -> Bool {
        line.allSatisfy(Byte.isSpaceOrTab)
    }

    /// The leading indentation of `line` in columns (a tab reaches the next multiple of four) and where it ends.
    private static func indentation(_ line: Line) -> (columns: Int, contentStart: Int) {
        var columns = 0
        var position = line.startIndex
        while position < line.endIndex {
            if line[position] == Byte.space {
                columns += 1
            } else if line[position] == Byte.tab {
                columns += 4 - columns % 4
            } else {
                break
            }
            position += 1
        }
        return (columns, position)
    }

    /// `line` without up to `columns` columns of leading indentation.
    private static func stripIndentation(_ line: Line, upTo columns: Int) -> Line {
        var column = 0
        var position = line.startIndex
        while position < line.endIndex, column < columns {
            if line[position] == Byte.space {
                column += 1
            } else if line[position] == Byte.tab {
                column += 4 - column % 4
            } else {
                break
            }
            position += 1
        }
        return line[position...]
    }

    private static func openingFence(_ line: Line) -> Fence? {
        let (indent, first) = indentation(line)
        guard indent <= 3, first < line.endIndex, line[first] == Byte.backtick || line[first] == Byte.tilde else {
            return nil
        }
        let marker = line[first]
        var position = first
        while position < line.endIndex, line[position] == marker { position += 1 }
        guard position - first >= 3 else { return nil }
        if marker == Byte.backtick, line[position...].contains(Byte.backtick) { return nil }
        var language: [UInt8] = []
        var word = indentation(line[position...]).contentStart
        while word < line.endIndex, !Byte.isSpaceOrTab(line[word]) {
            let byte = line[word]
            if language.count < 32,
                Byte.isAlphanumeric(byte) || byte == Byte.underscore || byte == Byte.plus
                    || byte == Byte.minus
            {
                language.append(byte)
            }
            word += 1
        }
        return Fence(marker: marker, length: position - first, indent: indent, language: language)
    }

    private static func isClosingFence(_ line: Line, of fence: Fence) -> Bool {
        let (indent, first) = indentation(line)
        guard indent <= 3 else { return false }
        var position = first
        while position < line.endIndex, line[position] == fence.marker { position += 1 }
        return position - first >= fence.length && isBlank(line[position...])
    }

    /// The level and content of an ATX heading line, without its optional closing run of `#`.
    private static func atxHeading(_ line: Line) -> (level: Int, content: Line)? {
        let (indent, first) = indentation(line)
        guard indent <= 3 else { return nil }
        var position = first
        while position < line.endIndex, line[position] == Byte.hash, position - first < 7 { position += 1 }
        let level = position - first
        guard (1...6).contains(level), position == line.endIndex || Byte.isSpaceOrTab(line[position]) else {
            return nil
        }
        let contentStart = indentation(line[position...]).contentStart
        var contentEnd = line.endIndex
        while contentEnd > contentStart, Byte.isSpaceOrTab(line[contentEnd - 1]) { contentEnd -= 1 }
        var closing = contentEnd
        while closing > contentStart, line[closing - 1] == Byte.hash { closing -= 1 }
        if closing == contentStart {
            contentEnd = contentStart
        } else if closing < contentEnd, Byte.isSpaceOrTab(line[closing - 1]) {
            contentEnd = closing
            while contentEnd > contentStart, Byte.isSpaceOrTab(line[contentEnd - 1]) { contentEnd -= 1 }
        }
        return (level, line[contentStart..<contentEnd])
    }

    private static func isThematicBreak(_ line: Line) -> Bool {
        let (indent, first) = indentation(line)
        guard indent <= 3, first < line.endIndex else { return false }
        let marker = line[first]
        guard marker == Byte.minus || marker == Byte.star || marker == Byte.underscore else { return false }
        var count = 0
        for byte in line[first...] {
            if byte == marker {
                count += 1
            } else if !Byte.isSpaceOrTab(byte) {
                return false
            }
        }
        return count >= 3
    }

    /// What follows the `>` (and one optional space) of a blockquote line.
    private static func blockquoteContent(_ line: Line) -> Line? {
        let (indent, first) = indentation(line)
        guard indent <= 3, first < line.endIndex, line[first] == Byte.greaterThan else { return nil }
        var position = first + 1
        if position < line.endIndex, Byte.isSpaceOrTab(line[position]) { position += 1 }
        return line[position...]
    }

    private static func listMarker(_ line: Line) -> ListMarker? {
        let (indent, first) = indentation(line)
        guard indent <= 3, first < line.endIndex else { return nil }
        var position = first
        var number: Int?
        switch line[first] {
        case Byte.minus, Byte.star, Byte.plus:
            position += 1
        case let byte where Byte.isDigit(byte):
            var value = 0
            while position < line.endIndex, Byte.isDigit(line[position]), position - first < 9 {
                value = value * 10 + Int(line[position] - 0x30)
                position += 1
            }
            guard position < line.endIndex, line[position] == Byte.dot || line[position] == Byte.closeParen else {
                return nil
            }
            number = value
            position += 1
        default:
            return nil
        }
        let kind = line[position - 1]
        let width = position - first
        guard position == line.endIndex || Byte.isSpaceOrTab(line[position]) else { return nil }
        let (spaces, contentStart) = indentation(line[position...])
        let content = line[contentStart...]
        let gap = content.isEmpty || spaces > 4 ? 1 : spaces
        return ListMarker(
            kind: kind, number: number, indent: indent, contentColumn: indent + width + gap, content: content)
    }
}

// MARK: - Inline

/// The inline content of one paragraph or heading, parsed the CommonMark way: a delimiter list for emphasis and a
/// bracket stack for links, each bounded so that hostile runs of `*` or `[` stay linear.
private struct InlineParser {
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
