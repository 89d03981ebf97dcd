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
typealias Line = ArraySlice<UInt8>

/// The ASCII bytes the renderer looks at.
enum Byte {
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
    static let maximumDepth = 8

    /// The `rel` of every emitted link.
    static let linkRel = Array(" rel=\"nofollow noopener noreferrer\"".utf8)

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
    static func appendEscaped(_ bytes: ArraySlice<UInt8>, to output: inout [UInt8]) {
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
    static func safeHref(_ destination: [UInt8]) -> [UInt8]? {
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
    static func appendLinkOpening(href: [UInt8], title: [UInt8]?, to output: inout [UInt8]) {
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
