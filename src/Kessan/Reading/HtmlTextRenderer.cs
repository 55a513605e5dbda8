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
/// Provenance lines are lines of this rendering (one per block or table row), not of the HTML source.
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

    public static IReadOnlyList<string> Render(string html) => Render(html, null);

    /// <summary>The rendered lines; <paramref name="notes"/> (if given) learns of nesting deeper than <see cref="MaximumDepth"/>.</summary>
    public static IReadOnlyList<string> Render(string html, List<Tables.ReadingNote>? notes)
    {
        using var document = Parse(html);
        return Render(document, null, notes);
    }

    /// <summary>The parsed page, within the document's time budget.</summary>
    public static AngleSharp.Html.Dom.IHtmlDocument Parse(string html)
    {
        var parser = new HtmlParser(new HtmlParserOptions { MaximumDepth = MaximumDepth });
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
    public static IReadOnlyList<string> Render(AngleSharp.Dom.IDocument document, IDictionary<IElement, (int Line, int Cell)>? tagged = null, List<Tables.ReadingNote>? notes = null)
    {
        var lines = new List<string>();
        var current = new System.Text.StringBuilder();
        var root = (INode?)document.Body ?? document.DocumentElement;
        if (document.Head?.QuerySelector("title") is { } title && title.TextContent.Trim().Length > 0)
            lines.Add(Clean(title.TextContent));
        int depth;
        _tagged = tagged;
        try { depth = Walk(root, lines, current); }
        finally { _tagged = null; }
        Flush(lines, current);
        if (depth >= MaximumDepth - 2)
            notes?.Add(new Tables.ReadingNote(0, $"the HTML nests deeper than {MaximumDepth} elements; what lies deeper was read flattened (tables there may have lost their rows)"));
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
    static int Walk(INode root, List<string> lines, System.Text.StringBuilder current)
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
                    Flush(lines, current); // the end of a block
                    break;
                case IText text:
                    current.Append(text.Data);
                    break;
                case IElement el when el.LocalName is "script" or "style" or "head":
                    break;
                case IElement el when el.LocalName is "pre" or "xmp" or "plaintext":
                    // Preformatted text keeps its lines and spaces: EDGAR HTML often wraps ruled text tables in <pre>.
                    Flush(lines, current);
                    foreach (var line in el.TextContent.Replace("\r\n", "\n").Split('\n'))
                        lines.Add(line.Replace('\u00A0', ' ').TrimEnd());
                    lines.Add("");
                    break;
                case IElement el when el.LocalName == "table" && el.QuerySelector("table") is not null:
                    // A table holding tables is page layout (old HTML releases wrap everything in one): its cells
                    // are blocks, and the tables inside them are the data.
                    Flush(lines, current);
                    foreach (var cell in el.QuerySelectorAll("td, th").Where(c => c.Closest("table") == el).Reverse())
                    {
                        stack.Push(new Step(null, depth));
                        PushChildren(stack, cell, depth + 1);
                    }
                    break;
                case IElement el when el.LocalName == "table":
                    Flush(lines, current);
                    RenderTable(el, lines);
                    break;
                case IElement el when Blocks.Contains(el.LocalName):
                    Flush(lines, current);
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

    static void Flush(List<string> lines, System.Text.StringBuilder current)
    {
        var text = Clean(current.ToString());
        current.Clear();
        if (text.Length > 0) lines.Add(text);
        else if (lines.Count > 0 && lines[^1].Length > 0) lines.Add("");
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
    }

    static void RenderTable(IElement table, List<string> lines)
    {
        var grid = new List<Slot?[]>();
        var pending = new Dictionary<int, int>(); // column → rows still covered by a rowspan from above
        var rows = table.QuerySelectorAll("tr").Where(tr => tr.Closest("table") == table).ToList();
        foreach (var tr in rows)
        {
            var row = new List<Slot?>();
            int col = 0;
            foreach (var cell in tr.Children.Where(c => c.LocalName is "td" or "th"))
            {
                while (pending.TryGetValue(col, out var left) && left > 0) { pending[col] = left - 1; row.Add(null); col++; }
                int colspan = Math.Clamp(int.TryParse(cell.GetAttribute("colspan"), out var cs) ? cs : 1, 1, 100);
                int rowspan = Math.Clamp(int.TryParse(cell.GetAttribute("rowspan"), out var rs) ? rs : 1, 1, 100);
                row.Add(new Slot(Clean(CellText(cell)), colspan) { Tags = _tagged is null ? null : TagsIn(cell) });
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
                    foreach (var k in covered) r[k] = new Slot(text, 1);
                    continue;
                }
                int best = j;
                for (int k = j; k < end; k++) if (figures[k] > figures[best]) best = k;
                if (best != j) { r[best] = new Slot(s.Text, 1); s.Text = ""; }
            }
        }

        var keep = Enumerable.Range(0, width).Where(j => j == 0 || cells.Any(r => r[j] is { Text.Length: > 0 })).ToArray();
        if (lines.Count > 0 && lines[^1].Length > 0) lines.Add("");
        foreach (var r in cells)
        {
            var texts = keep.Select(j => r[j]?.Text ?? "").ToArray();
            if (texts.All(t => t.Length == 0)) continue;
            lines.Add(string.Join('\t', texts).TrimEnd('\t') + (texts.Skip(1).Any(t => t.Length > 0) ? "" : "\t"));
            if (_tagged is { } placed)
                for (int k = 0; k < keep.Length; k++)
                    if (r[keep[k]]?.Tags is { } tags)
                        foreach (var tag in tags) placed[tag] = (lines.Count, k + 1);
        }
        lines.Add("");
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
