import Foundation

/// libxml2's streaming reader (`xmlTextReader`), one node at a time, for files too large to hold.
///
/// libxml2 is on every machine that has Foundation's XML support (FoundationXML links it), so it is loaded at run
/// time: no headers and no link step. Foundation's `XMLParser` reads the same files through the same library, but
/// turns every name and attribute into objects first; this reader hands over bytes, and the caller makes strings
/// only of what it keeps.
///
/// It never reaches the network, never loads an external DTD or entity, and never substitutes entities, so an
/// entity can neither read a file nor expand into a huge text.
final class XMLReader {
    /// What the current node is (libxml2's `xmlReaderTypes`).
    enum Node {
        case elementStart
        case elementEnd
        case text
        /// A document type declaration, which may declare entities.
        case doctype
        /// A reference to an entity the document declares, which the reader never substitutes.
        case entityReference
        case other
    }

    /// Where the XML stops being well formed.
    struct Malformed: Error {
        let line: Int
        let column: Int
    }

    private let library: LibXML2
    private let reader: OpaquePointer
    private let source: Source

    /// A reader of `stream`; fails only when libxml2 cannot be loaded or cannot start.
    init(_ stream: InputStream) throws {
        guard let library = LibXML2.shared else {
            throw ConfigurationFailure("libxml2 cannot be loaded: install the libxml2 package")
        }
        self.library = library
        source = Source(stream)
        stream.open()
        let options: Int32 =
            LibXML2.noNetwork | LibXML2.noErrorReports | LibXML2.noWarnings | LibXML2.bigLines
            | LibXML2.compact
        guard
            let reader = library.readerForIO(
                { context, buffer, length in
                    guard let context, let buffer, length > 0 else { return 0 }
                    let source = Unmanaged<Source>.fromOpaque(context).takeUnretainedValue()
                    return Int32(
                        buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                            source.stream.read($0, maxLength: Int(length))
                        })
                }, { _ in 0 }, Unmanaged.passUnretained(source).toOpaque(), nil, nil, options)
        else {
            stream.close()
            throw ConfigurationFailure("libxml2 could not start a reader")
        }
        self.reader = reader
    }

    deinit {
        library.freeReader(reader)
        source.stream.close()
    }

    /// Moves to the next node; false at the end of the document. Throws where the XML is not well formed.
    func read() throws(Malformed) -> Bool {
        switch library.read(reader) {
        case 1:
            trackLine()
            return true
        case 0: return false
        default:
            throw Malformed(
                line: Int(max(1, library.parserLine(reader))), column: Int(max(1, library.parserColumn(reader))))
        }
    }

    /// The line the current node starts on (for an element, its start tag's line).
    private(set) var line = 1

    /// Follows the line as the reader moves. libxml2 keeps an element's line in 16 bits (65,535 at most), but a
    /// text node's in full, as the line the parser had reached when it met the text: for the white space between
    /// two tags, the line of the tag after it. Past line 65,535 an element takes that line. (A run of white space
    /// longer than the parser's buffer, some hundreds of characters, would be met part-way: files do not have one.)
    private func trackLine() {
        let type = library.nodeType(reader)
        guard type == 1 || type == 3 || type == 4 || type == 13 || type == 14,
            let node = library.currentNode(reader)
        else { return }
        let stored = Int(library.lineOfNode(node))
        if type == 1 && stored >= 65_535 { return }
        if stored > 0 { line = stored }
    }

    /// The kind of the current node.
    var node: Node {
        switch library.nodeType(reader) {
        case 1: return .elementStart
        case 15: return .elementEnd
        case 3, 4, 13, 14: return .text
        case 10: return .doctype
        case 5: return .entityReference
        default: return .other
        }
    }

    /// Whether the current element is written empty (`<a/>`): it has no end node of its own.
    var isEmptyElement: Bool { library.isEmptyElement(reader) == 1 }

    /// The qualified name of the current node (`narrative`, `xml:lang`).
    var name: String { library.constName(reader).map { String(cString: $0) } ?? "" }

    /// The text of the current text node or attribute.
    var value: String { library.constValue(reader).map { String(cString: $0) } ?? "" }

    /// The current element's attributes, by qualified name, in file order.
    func attributes() -> [(name: String, value: String)] {
        var found: [(name: String, value: String)] = []
        while library.moveToNextAttribute(reader) == 1 { found.append((name, value)) }
        if !found.isEmpty { _ = library.moveToElement(reader) }
        return found
    }

    /// The stream the reader's callback reads, kept alive with the reader.
    private final class Source {
        let stream: InputStream
        init(_ stream: InputStream) { self.stream = stream }
    }
}

/// A reason the reader cannot work at all: the machine, not the file.
struct ConfigurationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The functions of libxml2 that ``XMLReader`` uses, found once.
private struct LibXML2: @unchecked Sendable {
    typealias ReadCallback = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<CChar>?, Int32) -> Int32
    typealias CloseCallback = @convention(c) (UnsafeMutableRawPointer?) -> Int32

    // xmlParserOption values.
    static let noErrorReports: Int32 = 1 << 5
    static let noWarnings: Int32 = 1 << 6
    static let noNetwork: Int32 = 1 << 11
    static let compact: Int32 = 1 << 16
    static let bigLines: Int32 = 1 << 22

    typealias ReaderForIO =
        @convention(c) (
            ReadCallback?, CloseCallback?, UnsafeMutableRawPointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
            Int32
        ) -> OpaquePointer?
    typealias Free = @convention(c) (OpaquePointer) -> Void
    typealias Step = @convention(c) (OpaquePointer) -> Int32
    typealias Text = @convention(c) (OpaquePointer) -> UnsafePointer<CChar>?
    typealias CurrentNode = @convention(c) (OpaquePointer) -> OpaquePointer?
    typealias LineOfNode = @convention(c) (OpaquePointer) -> Int

    let readerForIO: ReaderForIO
    let freeReader: Free
    let read: Step
    let nodeType: Step
    let isEmptyElement: Step
    let constName: Text
    let constValue: Text
    let moveToNextAttribute: Step
    let moveToElement: Step
    let parserLine: Step
    let parserColumn: Step
    let currentNode: CurrentNode
    let lineOfNode: LineOfNode

    static let shared: LibXML2? = {
        #if canImport(Darwin)
        let names = ["libxml2.2.dylib", "libxml2.dylib"]
        #else
        let names = ["libxml2.so.2", "libxml2.so"]
        #endif
        guard let handle = names.lazy.compactMap({ dlopen($0, RTLD_NOW | RTLD_LOCAL) }).first else { return nil }
        func find<T>(_ name: String) -> T? { dlsym(handle, name).map { unsafeBitCast($0, to: T.self) } }
        guard let readerForIO: ReaderForIO = find("xmlReaderForIO"), let freeReader: Free = find("xmlFreeTextReader"),
            let read: Step = find("xmlTextReaderRead"), let nodeType: Step = find("xmlTextReaderNodeType"),
            let isEmptyElement: Step = find("xmlTextReaderIsEmptyElement"),
            let constName: Text = find("xmlTextReaderConstName"),
            let constValue: Text = find("xmlTextReaderConstValue"),
            let moveToNextAttribute: Step = find("xmlTextReaderMoveToNextAttribute"),
            let moveToElement: Step = find("xmlTextReaderMoveToElement"),
            let parserLine: Step = find("xmlTextReaderGetParserLineNumber"),
            let parserColumn: Step = find("xmlTextReaderGetParserColumnNumber"),
            let currentNode: CurrentNode = find("xmlTextReaderCurrentNode"),
            let lineOfNode: LineOfNode = find("xmlGetLineNo")
        else { return nil }
        // Once, before any reader starts on any thread, as libxml2 asks of a program with several threads.
        if let initialize: @convention(c) () -> Void = find("xmlInitParser") { initialize() }
        return LibXML2(
            readerForIO: readerForIO, freeReader: freeReader, read: read, nodeType: nodeType,
            isEmptyElement: isEmptyElement, constName: constName, constValue: constValue,
            moveToNextAttribute: moveToNextAttribute, moveToElement: moveToElement, parserLine: parserLine,
            parserColumn: parserColumn, currentNode: currentNode, lineOfNode: lineOfNode)
    }()
}
