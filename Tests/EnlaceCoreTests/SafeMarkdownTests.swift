import Testing

@testable import EnlaceCore

@Suite("Safe Markdown")
struct SafeMarkdownTests {
    private static let rel = "rel=\"nofollow noopener noreferrer\""

    // MARK: - Blocks

    @Test("ATX headings render one level lower, capped at h6, without closing hashes")
    func headings() {
        #expect(SafeMarkdown.html("# Minutes") == "<h2>Minutes</h2>")
        #expect(SafeMarkdown.html("## Agenda ##") == "<h3>Agenda</h3>")
        #expect(SafeMarkdown.html("### Item *one*") == "<h4>Item <em>one</em></h4>")
        #expect(SafeMarkdown.html("##### Five\n###### Six") == "<h6>Five</h6>\n<h6>Six</h6>")
        #expect(SafeMarkdown.html("#") == "<h2></h2>")
        #expect(SafeMarkdown.html("#hashtag") == "<p>#hashtag</p>")
        #expect(SafeMarkdown.html("####### seven") == "<p>####### seven</p>")
        #expect(SafeMarkdown.html("# C\\#") == "<h2>C#</h2>")
    }

    @Test("paragraphs join lines, split on blank lines, and break on two spaces or a backslash")
    func paragraphs() {
        #expect(SafeMarkdown.html("one\ntwo\n\nthree") == "<p>one\ntwo</p>\n<p>three</p>")
        #expect(SafeMarkdown.html("  indented\n   lines  ") == "<p>indented\nlines</p>")
        #expect(SafeMarkdown.html("spaces  \nbackslash\\\nend") == "<p>spaces<br>\nbackslash<br>\nend</p>")
        #expect(SafeMarkdown.html("one space \nlast  ") == "<p>one space\nlast</p>")
        #expect(SafeMarkdown.html("trailing\\") == "<p>trailing\\</p>")
        #expect(SafeMarkdown.html("\n\n  \n") == "")
        #expect(SafeMarkdown.html("") == "")
    }

    @Test("unordered lists, with a new list when the bullet changes")
    func unorderedLists() {
        #expect(SafeMarkdown.html("- a\n* b") == "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>")
        #expect(SafeMarkdown.html("- one\n- two\n- three") == "<ul>\n<li>one</li>\n<li>two</li>\n<li>three</li>\n</ul>")
        #expect(SafeMarkdown.html("+ a\n+ b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>")
        #expect(
            SafeMarkdown.html("- wrapped\ncontinues\n- next")
                == "<ul>\n<li>wrapped\ncontinues</li>\n<li>next</li>\n</ul>")
        #expect(SafeMarkdown.html("-\n- b") == "<ul>\n<li></li>\n<li>b</li>\n</ul>")
        #expect(SafeMarkdown.html("Text\n- item") == "<p>Text</p>\n<ul>\n<li>item</li>\n</ul>")
    }

    @Test("ordered lists keep their start number and delimiter")
    func orderedLists() {
        #expect(SafeMarkdown.html("1. one\n2. two") == "<ol>\n<li>one</li>\n<li>two</li>\n</ol>")
        #expect(SafeMarkdown.html("3) three\n4) four") == "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>")
        #expect(SafeMarkdown.html("0. zero") == "<ol start=\"0\">\n<li>zero</li>\n</ol>")
        #expect(SafeMarkdown.html("1. a\n1) b") == "<ol>\n<li>a</li>\n</ol>\n<ol>\n<li>b</li>\n</ol>")
        #expect(SafeMarkdown.html("The vote was\n2. postponed") == "<p>The vote was\n2. postponed</p>")
        #expect(SafeMarkdown.html("Items:\n1. first") == "<p>Items:</p>\n<ol>\n<li>first</li>\n</ol>")
        #expect(SafeMarkdown.html("1234567890. too long") == "<p>1234567890. too long</p>")
    }

    @Test("items indented by two or more spaces nest, and blank lines make a list loose")
    func nestedAndLooseLists() {
        #expect(
            SafeMarkdown.html("- a\n  - b\n  - c\n- d")
                == "<ul>\n<li>a\n<ul>\n<li>b</li>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>")
        #expect(
            SafeMarkdown.html("1. vote\n  - yes: 4\n  - no: 1\n2. close")
                == "<ol>\n<li>vote\n<ul>\n<li>yes: 4</li>\n<li>no: 1</li>\n</ul>\n</li>\n<li>close</li>\n</ol>")
        #expect(
            SafeMarkdown.html("- a\n  - b\n    - c")
                == "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n</ul>")
        #expect(SafeMarkdown.html("- a\n\n- b") == "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>")
        #expect(
            SafeMarkdown.html("- a\n\n  more\n- b")
                == "<ul>\n<li>\n<p>a</p>\n<p>more</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>")
        #expect(SafeMarkdown.html("- a\n\nafter") == "<ul>\n<li>a</li>\n</ul>\n<p>after</p>")
        #expect(
            SafeMarkdown.html("- > quoted")
                == "<ul>\n<li>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n</li>\n</ul>")
    }

    @Test("blockquotes hold blocks, nest, and continue lazily")
    func blockquotes() {
        #expect(SafeMarkdown.html("> quoted") == "<blockquote>\n<p>quoted</p>\n</blockquote>")
        #expect(SafeMarkdown.html(">no space\nlazy") == "<blockquote>\n<p>no space\nlazy</p>\n</blockquote>")
        #expect(
            SafeMarkdown.html("> one\n>\n> two") == "<blockquote>\n<p>one</p>\n<p>two</p>\n</blockquote>")
        #expect(
            SafeMarkdown.html("> # Title\n> - item\n\nafter")
                == "<blockquote>\n<h2>Title</h2>\n<ul>\n<li>item</li>\n</ul>\n</blockquote>\n<p>after</p>")
        #expect(
            SafeMarkdown.html("> a\n> > b")
                == "<blockquote>\n<p>a</p>\n<blockquote>\n<p>b</p>\n</blockquote>\n</blockquote>")
        #expect(SafeMarkdown.html(">") == "<blockquote>\n</blockquote>")
        #expect(
            SafeMarkdown.html("> a\n\n> b")
                == "<blockquote>\n<p>a</p>\n</blockquote>\n<blockquote>\n<p>b</p>\n</blockquote>")
    }

    @Test("blockquote and list nesting stops at eight containers; deeper markers are text")
    func nestingCap() {
        let deep = SafeMarkdown.html(String(repeating: "> ", count: 10) + "x")
        let opening = String(repeating: "<blockquote>\n", count: 8)
        let closing = String(repeating: "\n</blockquote>", count: 8)
        #expect(deep == opening + "<p>&gt; &gt; x</p>" + closing)
    }

    @Test("fenced code blocks escape their content and keep only a safe language class")
    func fencedCode() {
        #expect(
            SafeMarkdown.html("```swift\nlet x = 1 < 2 && y\n```")
                == "<pre><code class=\"language-swift\">let x = 1 &lt; 2 &amp;&amp; y\n</code></pre>")
        #expect(
            SafeMarkdown.html("~~~\n*not em*\n\n# not heading\n~~~")
                == "<pre><code>*not em*\n\n# not heading\n</code></pre>")
        #expect(
            SafeMarkdown.html("~~~ c++ extra words\nx\n~~~") == "<pre><code class=\"language-c++\">x\n</code></pre>")
        #expect(SafeMarkdown.html("```c#\nx\n```") == "<pre><code class=\"language-c\">x\n</code></pre>")
        #expect(SafeMarkdown.html("````\n```\n````") == "<pre><code>```\n</code></pre>")
        #expect(SafeMarkdown.html("  ```\n  indented\n    more\n  ```") == "<pre><code>indented\n  more\n</code></pre>")
        #expect(SafeMarkdown.html("```\nunclosed") == "<pre><code>unclosed\n</code></pre>")
        #expect(SafeMarkdown.html("```\n```") == "<pre><code></code></pre>")
        #expect(SafeMarkdown.html("``` a`b\n```") == "<p>``` a`b</p>\n<pre><code></code></pre>")
        #expect(
            SafeMarkdown.html("- item\n  ```\n  code\n  ```")
                == "<ul>\n<li>item\n<pre><code>code\n</code></pre>\n</li>\n</ul>")
    }

    @Test("thematic breaks")
    func thematicBreaks() {
        #expect(SafeMarkdown.html("---\n***\n___") == "<hr>\n<hr>\n<hr>")
        #expect(SafeMarkdown.html("* * *\n- - - -") == "<hr>\n<hr>")
        #expect(SafeMarkdown.html("text\n---") == "<p>text</p>\n<hr>")
        #expect(SafeMarkdown.html("--") == "<p>--</p>")
        #expect(SafeMarkdown.html("- a\n***\n- b") == "<ul>\n<li>a</li>\n</ul>\n<hr>\n<ul>\n<li>b</li>\n</ul>")
    }

    @Test("line endings are normalised and NUL becomes U+FFFD")
    func normalisation() {
        #expect(SafeMarkdown.html("a\r\nb\rc\n\r\nd") == "<p>a\nb\nc</p>\n<p>d</p>")
        #expect(SafeMarkdown.html("a\u{0}b") == "<p>a\u{FFFD}b</p>")
        #expect(SafeMarkdown.html("Señora Pérez — 会议") == "<p>Señora Pérez — 会议</p>")
    }

    // MARK: - Inline

    @Test("strong and emphasis, with underscores only at word boundaries")
    func emphasis() {
        #expect(
            SafeMarkdown.html("*em* _em_ **strong** __strong__")
                == "<p><em>em</em> <em>em</em> <strong>strong</strong> <strong>strong</strong></p>")
        #expect(SafeMarkdown.html("***both***") == "<p><em><strong>both</strong></em></p>")
        #expect(SafeMarkdown.html("*a **b** c*") == "<p><em>a <strong>b</strong> c</em></p>")
        #expect(SafeMarkdown.html("snake_case_name and __init__") == "<p>snake_case_name and <strong>init</strong></p>")
        #expect(SafeMarkdown.html("un*frigging*believable") == "<p>un<em>frigging</em>believable</p>")
        #expect(SafeMarkdown.html("2 * 3 * 4") == "<p>2 * 3 * 4</p>")
        #expect(SafeMarkdown.html("*unclosed and **also") == "<p>*unclosed and **also</p>")
        #expect(SafeMarkdown.html("**a*") == "<p>*<em>a</em></p>")
        #expect(SafeMarkdown.html("_(paren)_") == "<p><em>(paren)</em></p>")
        #expect(SafeMarkdown.html("*a\nb*") == "<p><em>a\nb</em></p>")
    }

    @Test("code spans escape their content and parse nothing inside")
    func codeSpans() {
        #expect(SafeMarkdown.html("`a < b`") == "<p><code>a &lt; b</code></p>")
        #expect(SafeMarkdown.html("`*not em* [no](/link)`") == "<p><code>*not em* [no](/link)</code></p>")
        #expect(SafeMarkdown.html("`` a`b ``") == "<p><code>a`b</code></p>")
        #expect(SafeMarkdown.html("` `` `") == "<p><code>``</code></p>")
        #expect(SafeMarkdown.html("`a\nb`") == "<p><code>a b</code></p>")
        #expect(SafeMarkdown.html("`unclosed") == "<p>`unclosed</p>")
        #expect(SafeMarkdown.html("\\`not code`") == "<p>`not code`</p>")
    }

    @Test("backslash escapes ASCII punctuation only")
    func escapes() {
        #expect(SafeMarkdown.html("\\*not em\\* \\_x\\_ \\[x\\](y) \\\\") == "<p>*not em* _x_ [x](y) \\</p>")
        #expect(SafeMarkdown.html("\\a \\é") == "<p>\\a \\é</p>")
        #expect(SafeMarkdown.html("\\# not heading") == "<p># not heading</p>")
        #expect(SafeMarkdown.html("\\- not item") == "<p>- not item</p>")
    }

    @Test("links to allowed URLs carry rel and an escaped title")
    func links() {
        let rel = Self.rel
        #expect(
            SafeMarkdown.html("[plan](https://example.org/plan?a=1&b=2)")
                == "<p><a href=\"https://example.org/plan?a=1&amp;b=2\" \(rel)>plan</a></p>")
        #expect(
            SafeMarkdown.html("[x](http://example.org \"A \\\"quoted\\\" title\")")
                == "<p><a href=\"http://example.org\" \(rel) title=\"A &quot;quoted&quot; title\">x</a></p>")
        #expect(
            SafeMarkdown.html("[x](/minutes/3 'page')") == "<p><a href=\"/minutes/3\" \(rel) title=\"page\">x</a></p>")
        #expect(SafeMarkdown.html("[x](#item-2)") == "<p><a href=\"#item-2\" \(rel)>x</a></p>")
        #expect(
            SafeMarkdown.html("[write](MAILTO:clerk@example.org)")
                == "<p><a href=\"MAILTO:clerk@example.org\" \(rel)>write</a></p>")
        #expect(SafeMarkdown.html("[*em* text](/a)") == "<p><a href=\"/a\" \(rel)><em>em</em> text</a></p>")
        #expect(
            SafeMarkdown.html("[x](<https://example.org/a b>)")
                == "<p><a href=\"https://example.org/a%20b\" \(rel)>x</a></p>")
        #expect(
            SafeMarkdown.html("[x](https://en.wikipedia.org/wiki/Foo_(bar))")
                == "<p><a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\" \(rel)>x</a></p>")
        #expect(SafeMarkdown.html("[a [b](/c) d](/e)") == "<p>[a <a href=\"/c\" \(rel)>b</a> d](/e)</p>")
        #expect(SafeMarkdown.html("*[a*](/b)") == "<p>*<a href=\"/b\" \(rel)>a*</a></p>")
    }

    @Test("refused links and unsupported forms show their text")
    func refusedLinks() {
        #expect(SafeMarkdown.html("[relative](minutes.html)") == "<p>relative</p>")
        #expect(SafeMarkdown.html("[ftp](ftp://example.org)") == "<p>ftp</p>")
        #expect(SafeMarkdown.html("[empty]()") == "<p>empty</p>")
        #expect(SafeMarkdown.html("[protocol-relative](//evil.example)") == "<p>protocol-relative</p>")
        #expect(SafeMarkdown.html("[ref][label]") == "<p>[ref][label]</p>")
        #expect(SafeMarkdown.html("[no tail] (/x)") == "<p>[no tail] (/x)</p>")
        #expect(SafeMarkdown.html("[a](b c)") == "<p>[a](b c)</p>")
        #expect(SafeMarkdown.html("https://example.org") == "<p>https://example.org</p>")
    }

    @Test("autolinks for allowed URLs and email addresses")
    func autolinks() {
        let rel = Self.rel
        #expect(
            SafeMarkdown.html("<https://example.org/a?b=1&c=2>")
                == "<p><a href=\"https://example.org/a?b=1&amp;c=2\" \(rel)>https://example.org/a?b=1&amp;c=2</a></p>")
        #expect(
            SafeMarkdown.html("<clerk@example.org>")
                == "<p><a href=\"mailto:clerk@example.org\" \(rel)>clerk@example.org</a></p>")
        #expect(SafeMarkdown.html("<ftp://example.org>") == "<p>&lt;ftp://example.org&gt;</p>")
        #expect(SafeMarkdown.html("<not an autolink>") == "<p>&lt;not an autolink&gt;</p>")
        #expect(
            SafeMarkdown.html("[see <https://a.example>](/b)")
                == "<p><a href=\"/b\" \(rel)>see &lt;https://a.example&gt;</a></p>")
    }

    @Test("images show their alt text and never an img tag")
    func images() {
        #expect(SafeMarkdown.html("![Org chart](https://example.org/chart.png)") == "<p>Org chart</p>")
        #expect(SafeMarkdown.html("![*alt*](/x.png \"t\")") == "<p><em>alt</em></p>")
        #expect(SafeMarkdown.html("![no tail]") == "<p>![no tail]</p>")
        #expect(
            SafeMarkdown.html("[![logo](/l.png)](/home)") == "<p><a href=\"/home\" \(Self.rel)>logo</a></p>")
    }

    @Test("raw HTML and entity references are shown as typed")
    func rawHTML() {
        #expect(SafeMarkdown.html("<b>bold</b> &amp; &lt;") == "<p>&lt;b&gt;bold&lt;/b&gt; &amp;amp; &amp;lt;</p>")
        #expect(SafeMarkdown.html("<!-- note -->") == "<p>&lt;!-- note --&gt;</p>")
        #expect(SafeMarkdown.html("It's \"quoted\"") == "<p>It&#39;s &quot;quoted&quot;</p>")
    }

    // MARK: - Hostile input

    /// Classic filter-evasion inputs (after OWASP's XSS cheat sheet) aimed at a Markdown renderer.
    static let hostile: [String] = [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<<script>script>alert(1)<</script>/script>",
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=JaVaScRiPt:alert('XSS')>",
        "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;"
            + "&#97;&#108;&#101;&#114;&#116;&#40;1&#41;>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a\nhref=\"javascript:alert(1)\">click</a>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<style>body { background: url(\"javascript:alert(1)\") }</style>",
        "<!-- <script>alert(1)</script> -->",
        "<svg onload=alert(1)>",
        "<svg/onload=alert(1)>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "'';!--\"<XSS>=&{()}",
        "[x](javascript:alert(1))",
        "[x](  JAVASCRIPT:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](<java\tscript:alert(1)>)",
        "[x](<java\u{1}script:alert(1)>)",
        "[x](java\nscript:alert(1))",
        "[x](<\njavascript:alert(1)>)",
        "[x](&#106;avascript:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](jav&#x09;ascript:alert(1))",
        "[x](%6A%61vascript:alert(1))",
        "[x](\u{0}javascript:alert(1))",
        "[x](\u{A0}javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](VBScript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](<DATA:text/html,<script>alert(1)</script>>)",
        "[x](//evil.example/)",
        "[x](/\\evil.example/)",
        "[x](/\t/evil.example/)",
        "[x](https://ok.example/\"onmouseover=\"alert(1))",
        "[x](https://ok.example/ \"a\\\" onmouseover=\\\"alert(1)\")",
        "[x](https://ok.example/ \"\\\"><script>alert(1)</script>\")",
        "[x](javascript:alert(1) \"title\")",
        "[x](javascript:alert(1)",
        "[x](https://ok.example \"unterminated",
        "<https://x\" onmouseover=\"alert(1)>",
        "<https://x\"onmouseover=\"alert(1)>",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "<data:text/html,alert(1)>",
        "<a@b.c onmouseover=alert(1)>",
        "![x](javascript:alert(1))",
        "![x](https://evil.example/pixel.png)",
        "![<img src=x onerror=alert(1)>](https://evil.example/x.png)",
        "[[[[x](javascript:alert(1))]]]]",
        "[a [b](javascript:alert(1)) c](https://ok.example/)",
        "[<img src=x onerror=alert(1)>](https://ok.example/)",
        "[x]: javascript:alert(1)\n\n[x]",
        "```\"><script>alert(1)</script>\n<script>alert(2)</script>\n```",
        "~~~ js\" onload=\"alert(1)\n~~~",
        "`<script>alert(1)</script>`",
        "**<script>alert(1)</script>**",
        "*<img src=x onerror=alert(1)>*",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "\\<script>alert(1)\\</script>",
        "<a href=\"",
        String(repeating: "> ", count: 40) + "<script>alert(1)</script>",
        String(repeating: "- ", count: 40) + "[x](javascript:alert(1))",
    ]

    /// Each hostile string alone and inside the constructs whose content is parsed.
    static var hostileInContext: [String] {
        hostile.flatMap { input in
            [
                input, "# \(input)", "- \(input)", "1. \(input)", "> \(input)", "*\(input)*", "**\(input)**",
                "[\(input)](https://ok.example/)", "text \(input) text\n\n\(input)",
            ]
        }
    }

    @Test("hostile input never yields a script, an img, an event handler or a script URL")
    func hostileInput() {
        #expect(Self.hostile.count >= 25)
        for input in Self.hostileInContext {
            let html = SafeMarkdown.html(input)
            #expect(safetyProblems(html).isEmpty, "\(input.debugDescription) → \(html.debugDescription)")
            #expect(nestingProblems(html).isEmpty, "\(input.debugDescription) → \(html.debugDescription)")
        }
    }

    @Test("hostile links render as their text, and quotes cannot leave an attribute")
    func hostileExact() {
        for input in [
            "[x](javascript:alert(1))", "[x](  JAVASCRIPT:alert(1))", "[x](<java\tscript:alert(1)>)",
            "[x](&#106;avascript:alert(1))", "[x](vbscript:msgbox(1))", "[x](data:text/html,hi)",
            "![x](javascript:alert(1))", "[x](<java\u{1}script:alert(1)>)",
        ] {
            #expect(SafeMarkdown.html(input) == "<p>x</p>", "\(input.debugDescription)")
        }
        #expect(SafeMarkdown.html("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
        #expect(
            SafeMarkdown.html("<https://x\" onmouseover=\"alert(1)>")
                == "<p>&lt;https://x&quot; onmouseover=&quot;alert(1)&gt;</p>")
        #expect(
            SafeMarkdown.html("[x](https://ok.example/\"onmouseover=\"alert(1))")
                == "<p><a href=\"https://ok.example/&quot;onmouseover=&quot;alert(1)\" \(Self.rel)>x</a></p>")
        #expect(
            SafeMarkdown.html("<scr<script>ipt>") == "<p>&lt;scr&lt;script&gt;ipt&gt;</p>")
    }

    @Test("generated Markdown soup always renders safe, well-nested HTML")
    func generatedInput() {
        let pieces = [
            "*", "**", "_", "__", "[", "]", "(", ")", "![", "](", "<", ">", "`", "```", "~~~", "\n", "\n\n", "- ",
            "1. ",
            "2) ", "> ", "# ", "  ", "\\", "\"", "'", "&", " ", "a", "b", "é", "会", "  \n", "---", "\t", "\r", "\u{0}",
            "https://x.example/", "javascript:", "JaVaScRiPt:", "data:", "<script>", "<img src=x onerror=alert(1)>",
            "onmouseover=", "&#106;", "mailto:a@b.c", "/", "//", "#", "<a@b.c>", "<https://ok.example>",
        ]
        var random = SeededRandom(seed: 7)
        for _ in 0..<3_000 {
            let input = (0..<Int.random(in: 0...40, using: &random))
                .map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }
                .joined()
            let html = SafeMarkdown.html(input)
            // Pieces such as `javascript:` may land after an allowed scheme, so only the scheme is checked here.
            #expect(
                safetyProblems(html, mentionsOfSchemes: true).isEmpty,
                "\(input.debugDescription) → \(html.debugDescription)")
            #expect(nestingProblems(html).isEmpty, "\(input.debugDescription) → \(html.debugDescription)")
            #expect(SafeMarkdown.html(input) == html)
        }
    }

    @Test("pathological runs of delimiters, brackets and markers complete and stay safe")
    func pathologicalInput() {
        let inputs = [
            String(repeating: "*", count: 50_000),
            "a " + String(repeating: "*", count: 50_000),
            String(repeating: "[", count: 20_000),
            String(repeating: "*a _b ", count: 20_000),
            String(repeating: "[](", count: 20_000),
            String(repeating: "[", count: 10_000) + String(repeating: "](a(b)", count: 10_000),
            String(repeating: "`a", count: 20_000),
            String(repeating: ">", count: 50_000),
            (0..<5_000).map { String(repeating: " ", count: $0 % 20) + "- x" }.joined(separator: "\n"),
            String(repeating: "<a:b", count: 20_000),
        ]
        for input in inputs {
            let html = SafeMarkdown.html(input)
            #expect(safetyProblems(html).isEmpty)
            #expect(nestingProblems(html).isEmpty)
        }
        #expect(SafeMarkdown.html(String(repeating: "*", count: 50_000)) == "<hr>")
        #expect(
            SafeMarkdown.html(String(repeating: "[", count: 20_000)) == "<p>" + String(repeating: "[", count: 20_000)
                + "</p>")
    }
}

// MARK: - Checking output

/// One tag as the renderer writes it: `<name attr="value" …>` or `</name>`.
private struct EmittedTag {
    let name: String
    let isClosing: Bool
    let attributes: [(name: String, value: String)]
}

/// The attributes each of the renderer's tags may carry.
private let allowedTags: [String: Set<String>] = [
    "p": [], "br": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [], "ul": [], "ol": ["start"], "li": [],
    "blockquote": [], "pre": [], "code": ["class"], "hr": [], "strong": [], "em": [], "a": ["href", "rel", "title"],
]

/// The tag starting at the `<` at `start`, read in the renderer's strict syntax, and the index after it.
private func readTag(_ bytes: [UInt8], at start: Int) -> (tag: EmittedTag, end: Int)? {
    func isNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
    var index = start + 1
    let isClosing = index < bytes.count && bytes[index] == UInt8(ascii: "/")
    if isClosing { index += 1 }
    let nameStart = index
    while index < bytes.count, isNameByte(bytes[index]) { index += 1 }
    let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
    var attributes: [(name: String, value: String)] = []
    while !isClosing, index < bytes.count, bytes[index] == UInt8(ascii: " ") {
        index += 1
        let attributeStart = index
        while index < bytes.count, isNameByte(bytes[index]) || bytes[index] == UInt8(ascii: "-") { index += 1 }
        let attribute = String(decoding: bytes[attributeStart..<index], as: UTF8.self)
        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "="), bytes[index + 1] == UInt8(ascii: "\"") else {
            return nil
        }
        index += 2
        let valueStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            guard bytes[index] != UInt8(ascii: "<"), bytes[index] != UInt8(ascii: ">") else { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        attributes.append((attribute, String(decoding: bytes[valueStart..<index], as: UTF8.self)))
        index += 1
    }
    guard !name.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return nil }
    return (EmittedTag(name: name, isClosing: isClosing, attributes: attributes), index + 1)
}

/// What would make `html` unsafe: a `<` that does not begin one of the renderer's own tags, an attribute outside
/// the allowed set (so no `on…` handler), an `href` that does not start with `http:`, `https:`, `mailto:`, `#` or a
/// single `/`, `<script`, `<img` or `<iframe` anywhere, or, outside tags, a `>`, a quote, or an `&` that is not one
/// of the renderer's five escapes. Unless `mentionsOfSchemes` is allowed, an `href` must not even contain
/// `javascript:`, `vbscript:` or `data:`.
private func safetyProblems(_ html: String, mentionsOfSchemes: Bool = false) -> [String] {
    var problems: [String] = []
    let lowered = html.lowercased()
    for forbidden in ["<script", "<img", "<iframe", "<svg", "<style"] where lowered.contains(forbidden) {
        problems.append("contains \(forbidden)")
    }
    let bytes = Array(html.utf8)
    let escapes = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].map { Array($0.utf8) }
    var index = 0
    while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "<"):
            guard let (tag, end) = readTag(bytes, at: index) else {
                problems.append("stray < at \(index)")
                index += 1
                continue
            }
            if let allowed = allowedTags[tag.name] {
                for attribute in tag.attributes {
                    if !allowed.contains(attribute.name) || attribute.name.hasPrefix("on") {
                        problems.append("attribute \(attribute.name) on <\(tag.name)>")
                    }
                    let value = attribute.value.lowercased()
                    guard attribute.name == "href" else { continue }
                    let allowedStart =
                        ["http:", "https:", "mailto:", "#"].contains(where: { value.hasPrefix($0) })
                        || (value.hasPrefix("/") && !value.hasPrefix("//") && !value.hasPrefix("/\\"))
                    if !allowedStart {
                        problems.append("href \(attribute.value)")
                    }
                    if !mentionsOfSchemes,
                        ["javascript:", "vbscript:", "data:"].contains(where: { value.contains($0) })
                    {
                        problems.append("script URL \(attribute.value)")
                    }
                }
            } else {
                problems.append("tag <\(tag.name)>")
            }
            index = end
        case UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            problems.append("unescaped \(UnicodeScalar(bytes[index])) at \(index)")
            index += 1
        case UInt8(ascii: "&"):
            if !escapes.contains(where: { bytes[index...].starts(with: $0) }) {
                problems.append("bare & at \(index)")
            }
            index += 1
        default:
            index += 1
        }
    }
    return problems
}

/// Tags in `html` that are closed out of order or left open.
private func nestingProblems(_ html: String) -> [String] {
    let bytes = Array(html.utf8)
    var open: [String] = []
    var problems: [String] = []
    var index = 0
    while index < bytes.count {
        guard bytes[index] == UInt8(ascii: "<"), let (tag, end) = readTag(bytes, at: index) else {
            index += 1
            continue
        }
        if tag.isClosing {
            if open.last == tag.name {
                open.removeLast()
            } else {
                problems.append("</\(tag.name)> closes \(open.last ?? "nothing")")
            }
        } else if tag.name != "br" && tag.name != "hr" {
            open.append(tag.name)
        }
        index = end
    }
    return problems + open.map { "<\($0)> left open" }
}
