// The block structure of ``SafeMarkdown``: headings, paragraphs, lists, quotes, fences and breaks.

/// What a run of blocks began and ended with, which decides the newlines inside a tight list item.
struct BlockEdges {
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
    static func renderBlocks(
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
