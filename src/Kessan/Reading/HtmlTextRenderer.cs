using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Kessan.Reading;

/// <summary>
/// Renders an HTML release as text lines: block elements become lines, every <c>&lt;tr&gt;</c> becomes one
/// tab-separated line, so the tab-separated layout and the table builder read HTML tables like any other.
/// </summary>
/// <remarks>
/// Grid placement honours <c>colspan</c> and <c>rowspan</c>. Cell text is the element's whole text content, so a
/// number split by markup (<c>1,&lt;b&gt;234&lt;/b&gt;</c>) reads whole; <c>&amp;nbsp;</c> is a space. EDGAR-style
/// fragments in cells of their own (<c>$</c> before a figure, <c>)</c> or <c>%</c> after it) are joined to their
/// figure, and a header spanning several columns is placed over the column of the span that holds figures.
/// The rendering's lines (one per block or table row) are not the file's: <see cref="Rendering.Map"/> gives, for each
/// rendered line and each cell of a rendered row, the file line it was read from (the line a person opens), taken from
/// the parser's source positions.
/// </remarks>
public static partial class HtmlTextRenderer
{
    static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
        "footer", "blockquote", "hr", "caption", "dt", "dd", "dl", "center", "title", "address",
    };

    [System.Text.RegularExpressions.GeneratedRegex(@"<meta[^>]{0,200}?charset\s*=\s*[""']?\s*([A-Za-z0-9_.:\-]+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex MetaCharset();

    /// <summary>The charset an HTML file declares in its first kilobytes (<c>&lt;meta charset="…"&gt;</c>), if any.</summary>
    public static string? DeclaredCharset(byte[] bytes)
    {
        var head = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 4096));
        var m = MetaCharset().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>
    /// How deep the parsed tree may nest. AngleSharp's default (512, as WebKit's) re-parents deeper elements as siblings,
    /// which tears a table nested under 500 wrappers out of its rows; deeper still is flattened, never recursed into
    /// (<see cref="Walk"/> keeps its own stack, so depth costs no call stack).
    /// </summary>
    public const int MaximumDepth = 4096;

    /// <summary>Rendered text lines with the file line each came from.</summary>
    public sealed record Rendering(IReadOnlyList<string> Lines, SourceMap Map);

    public static IReadOnlyList<string> Render(string html) => Render(html, null);

    /// <summary>The rendered lines; <paramref name="notes"/> (if given) learns of nesting deeper than <see cref="MaximumDepth"/>.</summary>
    public static IReadOnlyList<string> Render(string html, List<Tables.ReadingNote>? notes) => RenderMapped(html, notes).Lines;

    /// <summary>The rendered lines and where each stands in <paramref name="html"/>.</summary>
    public static Rendering RenderMapped(string html, List<Tables.ReadingNote>? notes = null)
    {
        using var document = Parse(html);
        return RenderMapped(document, null, notes);
    }

    /// <summary>The parsed page, within the document's time budget.</summary>
    public static AngleSharp.Html.Dom.IHtmlDocument Parse(string html)
    {
        // Source references: every element keeps the line it starts on, which is what provenance points to.
        var parser = new HtmlParser(new HtmlParserOptions { MaximumDepth = MaximumDepth, IsKeepingSourceReferences = true });
        // The parser's cost grows with nesting depth times tags; a hostile page must not outlast its document's budget.
        using var budget = DocumentBudget.TokenSource();
        AngleSharp.Html.Dom.IHtmlDocument parsed;
        try { parsed = parser.ParseDocumentAsync(html, budget?.Token ?? CancellationToken.None).GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { DocumentBudget.Check("parsing HTML"); throw; }
        return parsed;
    }

    /// <summary>
    /// The rendering of a parsed page. When <paramref name="tagged"/> is given, every inline XBRL figure
    /// (<c>ix:nonFraction</c>) printed in a table cell is placed there: the 1-based line and cell of the rendering it
    /// stands in, so the tagged reading of a figure can be held against the table reading of the same cell.
    /// </summary>
    public static IReadOnlyList<string> Render(AngleSharp.Dom.IDocument document, IDictionary<IElement, (int Line, int Cell)>? tagged = null, List<Tables.ReadingNote>? notes = null) =>
        RenderMapped(document, tagged, notes).Lines;

    /// <summary>As <see cref="Render(IDocument, IDictionary{IElement, ValueTuple{int, int}}?, List{Tables.ReadingNote}?)"/>, with the file line of every rendered line and cell.</summary>
    public static Rendering RenderMapped(AngleSharp.Dom.IDocument document, IDictionary<IElement, (int Line, int Cell)>? tagged = null, List<Tables.ReadingNote>? notes = null)
    {
        var output = new Output(TextLines(document));
        var root = (INode?)document.Body ?? document.DocumentElement;
        if (document.Head?.QuerySelector("title") is { } title && title.TextContent.Trim().Length > 0)
            output.Add(Clean(title.TextContent), output.StartLine(title));
        int depth;
        _tagged = tagged;
        try { depth = Walk(root, output); }
        finally { _tagged = null; }
        Flush(output);
        if (depth >= MaximumDepth - 2)
            notes?.Add(new Tables.ReadingNote(0, $"the HTML nests deeper than {MaximumDepth} elements; what lies deeper was read flattened (tables there may have lost their rows)"));
        return new Rendering(output.Lines, output.Map.Build());
    }

    /// <summary>
    /// The rendering in progress: its lines, their file lines, and the text block being gathered (with the file line its
    /// first printed character stands on).
    /// </summary>
    sealed class Output(Dictionary<IText, int> textLines)
    {
        public readonly List<string> Lines = [];
        public readonly SourceMap.Builder Map = new();
        public readonly System.Text.StringBuilder Current = new();
        public int CurrentLine;

        public void Add(string line, int fileLine, int[]? cells = null)
        {
            Lines.Add(line);
            Map.Add(fileLine, cells);
        }

        /// <summary>The file line of character <paramref name="index"/> of a text node (0 when the parser gave no position).</summary>
        public int LineOf(IText text, int index)
        {
            if (!textLines.TryGetValue(text, out var start)) return 0;
            int line = start;
            var data = text.Data;
            for (int i = 0; i < index && i < data.Length; i++) if (data[i] == '\n') line++;
            return line;
        }

        /// <summary>
        /// The file line of the first printed character under <paramref name="element"/> — the first digit if
        /// <paramref name="digit"/> (a cell's figure, not the <c>$</c> or label before it) — else the element's own line.
        /// </summary>
        public int StartLine(IElement element, bool digit = false)
        {
            var stack = new Stack<INode>();
            for (int i = element.ChildNodes.Length - 1; i >= 0; i--) stack.Push(element.ChildNodes[i]);
            (IText Text, int Index)? firstPrinted = null;
            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (node is IText t)
                {
                    var data = t.Data;
                    int k = digit ? IndexOfDigit(data) : -1;
                    if (k >= 0) return LineOf(t, k);
                    if (firstPrinted is null && IndexOfPrinted(data) is var p and >= 0) { firstPrinted = (t, p); if (!digit) break; }
                }
                else if (node is IElement e && e.LocalName is not ("script" or "style"))
                    for (int i = e.ChildNodes.Length - 1; i >= 0; i--) stack.Push(e.ChildNodes[i]);
            }
            if (firstPrinted is { } f && LineOf(f.Text, f.Index) is > 0 and var l) return l;
            return element.SourceReference?.Position.Line ?? 0;
        }

        static int IndexOfDigit(string s)
        {
            for (int i = 0; i < s.Length; i++) if (char.IsDigit(s[i])) return i;
            return -1;
        }

        static int IndexOfPrinted(string s)
        {
            for (int i = 0; i < s.Length; i++) if (!char.IsWhiteSpace(s[i])) return i;
            return -1;
        }
    }

    /// <summary>
    /// The file line each text node starts on, in one pass in document order: an element's start tag gives its line
    /// exactly, and the line breaks of the text since then count on from it (text nodes carry no position of their own).
    /// </summary>
    static Dictionary<IText, int> TextLines(IDocument document)
    {
        var lines = new Dictionary<IText, int>(ReferenceEqualityComparer.Instance);
        if (document.DocumentElement is not { } top) return lines;
        var stack = new Stack<INode>();
        stack.Push(top);
        int line = 1, steps = 0;
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if ((++steps & 4095) == 0) DocumentBudget.Check("placing HTML lines");
            if (node is IElement e)
            {
                if (e.SourceReference is { } r) line = r.Position.Line;
                for (int i = e.ChildNodes.Length - 1; i >= 0; i--) stack.Push(e.ChildNodes[i]);
            }
            else if (node is IText t)
            {
                lines[t] = line;
                foreach (var ch in t.Data) if (ch == '\n') line++;
            }
        }
        return lines;
    }

    // The placement of tagged figures for the rendering in progress on this thread (documents render in parallel).
    [ThreadStatic] static IDictionary<IElement, (int Line, int Cell)>? _tagged;

    /// <summary>A pending step of <see cref="Walk"/>: a node to render, or the line break after a block.</summary>
    readonly record struct Step(INode? Node, int Depth);

    /// <summary>
    /// Renders the children of <paramref name="root"/> in document order with an explicit stack (never recursion: a
    /// hostile page nests thousands deep). Returns the deepest nesting seen.
    /// </summary>
    static int Walk(INode root, Output output)
    {
        var stack = new Stack<Step>();
        int deepest = 0, steps = 0;
        PushChildren(stack, root, 1);
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            deepest = Math.Max(deepest, depth);
            if ((++steps & 4095) == 0) DocumentBudget.Check("rendering HTML");
            switch (node)
            {
                case null:
                    Flush(output); // the end of a block
                    break;
                case IText text:
                    // The block's line is the one its first printed character stands on (not its leading white space's).
                    if (output.CurrentLine == 0 && text.Data.AsSpan().IndexOfAnyExcept(" \t\r\n\u00A0") is var first and >= 0)
                        output.CurrentLine = output.LineOf(text, first);
                    output.Current.Append(text.Data);
                    break;
                case IElement el when el.LocalName is "script" or "style" or "head":
                    break;
                case IElement el when el.LocalName is "pre" or "xmp" or "plaintext":
                    // Preformatted text keeps its lines and spaces: EDGAR HTML often wraps ruled text tables in <pre>.
                    Flush(output);
                    int preLine = el.FirstChild is IText firstText ? output.LineOf(firstText, 0) : el.SourceReference?.Position.Line ?? 0;
                    foreach (var line in el.TextContent.Replace("\r\n", "\n").Split('\n'))
                        output.Add(line.Replace('\u00A0', ' ').TrimEnd(), preLine > 0 ? preLine++ : 0);
                    output.Add("", 0);
                    break;
                case IElement el when el.LocalName == "table" && el.QuerySelector("table") is not null:
                    // A table holding tables is page layout (old HTML releases wrap everything in one): its cells
                    // are blocks, and the tables inside them are the data.
                    Flush(output);
                    foreach (var cell in el.QuerySelectorAll("td, th").Where(c => c.Closest("table") == el).Reverse())
                    {
                        stack.Push(new Step(null, depth));
                        PushChildren(stack, cell, depth + 1);
                    }
                    break;
                case IElement el when el.LocalName == "table":
                    Flush(output);
                    RenderTable(el, output);
                    break;
                case IElement el when Blocks.Contains(el.LocalName):
                    Flush(output);
                    stack.Push(new Step(null, depth));
                    PushChildren(stack, el, depth + 1);
                    break;
                case IElement el:
                    PushChildren(stack, el, depth + 1);
                    break;
            }
        }
        return deepest;
    }

    static void PushChildren(Stack<Step> stack, INode node, int depth)
    {
        var children = node.ChildNodes;
        for (int i = children.Length - 1; i >= 0; i--) stack.Push(new Step(children[i], depth));
    }

    static void Flush(Output output)
    {
        var text = Clean(output.Current.ToString());
        output.Current.Clear();
        var lines = output.Lines;
        if (text.Length > 0) output.Add(text, output.CurrentLine);
        else if (lines.Count > 0 && lines[^1].Length > 0) output.Add("", 0);
        output.CurrentLine = 0;
    }

    static string Clean(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length);
        bool space = false;
        foreach (var raw in s)
        {
            var ch = raw is '\u00A0' or '\t' or '\r' or '\n' or '\u2007' or '\u202F' ? ' ' : raw;
            if (ch == ' ') { space = sb.Length > 0; continue; }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(ch);
        }
        return sb.ToString();
    }

    sealed class Slot(string text, int span)
    {
        public string Text = text;
        public int Span = span;
        /// <summary>Inline XBRL figures printed in the cell (only collected when they are asked for).</summary>
        public List<IElement>? Tags;
        /// <summary>The file line the cell's figure (or, for a label, its text) is printed on; 0 if unknown.</summary>
        public int Line;
    }

    static void RenderTable(IElement table, Output output)
    {
        var grid = new List<Slot?[]>();
        var pending = new Dictionary<int, int>(); // column → rows still covered by a rowspan from above
        var rows = table.QuerySelectorAll("tr").Where(tr => tr.Closest("table") == table).ToList();
        foreach (var tr in rows)
        {
            var row = new List<Slot?>();
            int col = 0, index = 0;
            foreach (var cell in tr.Children.Where(c => c.LocalName is "td" or "th"))
            {
                while (pending.TryGetValue(col, out var left) && left > 0) { pending[col] = left - 1; row.Add(null); col++; }
                int colspan = Math.Clamp(int.TryParse(cell.GetAttribute("colspan"), out var cs) ? cs : 1, 1, 100);
                int rowspan = Math.Clamp(int.TryParse(cell.GetAttribute("rowspan"), out var rs) ? rs : 1, 1, 100);
                // A figure's line is its first digit's (a "$" or a line break may come first); a label's, its first letter's.
                row.Add(new Slot(Clean(CellText(cell)), colspan) { Tags = _tagged is null ? null : TagsIn(cell), Line = output.StartLine(cell, digit: index++ > 0) });
                for (int k = 1; k < colspan; k++) row.Add(null);
                if (rowspan > 1) for (int k = 0; k < colspan; k++) pending[col + k] = rowspan - 1;
                col += colspan;
            }
            foreach (var (c, left) in pending.ToList())
                if (c >= col && left > 0) pending[c] = left - 1;
            grid.Add([.. row]);
        }
        int width = grid.Count == 0 ? 0 : grid.Max(r => r.Length);
        var cells = grid.Select(r => Enumerable.Range(0, width).Select(j => j < r.Length ? r[j] : null).ToArray()).ToList();

        // Join EDGAR fragments: "$" | "1,234" and "(1,234" | ")" and "12.5" | "%".
        foreach (var r in cells)
            for (int j = 0; j < width; j++)
            {
                if (r[j] is not { Span: 1 } s) continue;
                if (s.Text is "$" or "¥" or "US$" && j + 1 < width && r[j + 1] is { } next && next.Text.Length > 0)
                { next.Text = s.Text + next.Text; s.Text = ""; }
                else if (s.Text is ")" or "%" or ")%" or "%)" && j > 0 && LastFilled(r, j) is { } prev)
                { prev.Text += s.Text; s.Text = ""; }
            }

        // A header spanning several columns stands over each of them that holds figures ("Three Months Ended
        // May 31," over "2014 | % of Revenues | 2013 | % of Revenues"): the layout contract is that a spanning
        // header is repeated in every column it covers, so each column's stacked header reads whole. A figure
        // spanning spacer columns stands over the one of them that holds figures, once.
        var figures = new int[width];
        foreach (var r in cells)
            for (int j = 0; j < width; j++)
                if (r[j] is { } s && s.Text.Any(char.IsAsciiDigit) && s.Span == 1) figures[j]++;
        // Tables whose every cell spans (Workiva's colspan="3" for each cell) count figures where they start.
        if (figures.All(f => f == 0))
            foreach (var r in cells)
                for (int j = 0; j < width; j++)
                    if (r[j] is { } s && IsFigure(s.Text)) figures[j]++;
        foreach (var r in cells)
        {
            bool headerRow = !r.Skip(1).Any(x => x is not null && IsFigure(x.Text));
            for (int j = 0; j < width; j++)
            {
                if (j == 0 || r[j] is not { Span: > 1 } s) continue; // a row label spanning the table stays a label
                int end = Math.Min(width, j + s.Span);
                var covered = Enumerable.Range(j, end - j).Where(k => figures[k] > 0).ToList();
                if (headerRow && covered.Count > 1)
                {
                    var text = s.Text;
                    s.Text = "";
                    foreach (var k in covered) r[k] = new Slot(text, 1) { Line = s.Line };
                    continue;
                }
                int best = j;
                for (int k = j; k < end; k++) if (figures[k] > figures[best]) best = k;
                if (best != j) { r[best] = new Slot(s.Text, 1) { Line = s.Line }; s.Text = ""; }
            }
        }

        var keep = Enumerable.Range(0, width).Where(j => j == 0 || cells.Any(r => r[j] is { Text.Length: > 0 })).ToArray();
        var lines = output.Lines;
        if (lines.Count > 0 && lines[^1].Length > 0) output.Add("", 0);
        foreach (var r in cells)
        {
            var texts = keep.Select(j => r[j]?.Text ?? "").ToArray();
            if (texts.All(t => t.Length == 0)) continue;
            var cellLines = keep.Select(j => r[j] is { Text.Length: > 0 } c ? c.Line : 0).ToArray();
            int rowLine = cellLines.FirstOrDefault(l => l > 0);
            output.Add(string.Join('\t', texts).TrimEnd('\t') + (texts.Skip(1).Any(t => t.Length > 0) ? "" : "\t"), rowLine, cellLines);
            if (_tagged is { } placed)
                for (int k = 0; k < keep.Length; k++)
                    if (r[keep[k]]?.Tags is { } tags)
                        foreach (var tag in tags) placed[tag] = (lines.Count, k + 1);
        }
        output.Add("", 0);
    }

    static List<IElement>? TagsIn(IElement cell)
    {
        List<IElement>? tags = null;
        foreach (var e in cell.Descendants<IElement>())
            if (e.LocalName.Equals("ix:nonfraction", StringComparison.OrdinalIgnoreCase)) (tags ??= []).Add(e);
        return tags;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[(\-−$€¥£]*\s*\d[\d,]*(\.\d+)?\s*\)?%?$")]
    private static partial System.Text.RegularExpressions.Regex Figure();

    /// <summary>A printed figure (not a year heading such as "2004"): what makes a row a body row.</summary>
    static bool IsFigure(string text)
    {
        var t = text.Trim();
        if (t.Length == 4 && int.TryParse(t, out var y) && y is > 1900 and < 2200) return false;
        return Figure().IsMatch(t);
    }

    /// <summary>A cell's text: all its text nodes, a line break or block inside it read as a space.</summary>
    static string CellText(IElement cell)
    {
        // Iterative, as Walk: a cell may nest as deep as the page.
        var sb = new System.Text.StringBuilder();
        var stack = new Stack<(INode? Node, bool Close)>();
        for (int i = cell.ChildNodes.Length - 1; i >= 0; i--) stack.Push((cell.ChildNodes[i], false));
        while (stack.Count > 0)
        {
            var (node, close) = stack.Pop();
            if (close) { sb.Append(' '); continue; }
            if (node is IText t) sb.Append(t.Data);
            else if (node is IElement e)
            {
                bool block = e.LocalName == "br" || Blocks.Contains(e.LocalName);
                if (block) { sb.Append(' '); stack.Push((null, true)); }
                for (int i = e.ChildNodes.Length - 1; i >= 0; i--) stack.Push((e.ChildNodes[i], false));
            }
        }
        return sb.ToString();
    }

    static Slot? LastFilled(Slot?[] row, int before)
    {
        for (int k = before - 1; k >= 0; k--) if (row[k] is { Text.Length: > 0 } s) return s;
        return null;
    }
}
