using System.Text.RegularExpressions;
using Kessan.Reading;

namespace Kessan.Tables;

/// <summary>
/// The notes a release prints under its tables ("Note (2): …", "注記(2): …", "⁽²⁾ …", "^(*)3) …"), so a row's
/// footnote mark can be read: a row takes the first note of its mark after its table, else the last one before.
/// </summary>
public sealed partial class NoteIndex
{
    [GeneratedRegex(@"^\s*(?:Note\s*\((?<n>\d{1,2})\)|注記\s*\((?<n>\d{1,2})\)|\^\(\*\)?(?<n>\d{1,2})\)?|\((?<n>\d{1,2})\)|(?<sup>[\u00B9\u00B2\u00B3\u2070-\u2079\u207D\u207E]+))\s*[:：]?\s*(?<text>\S.{10,})$", RegexOptions.IgnoreCase)]
    private static partial Regex NoteLine();

    readonly List<(int Line, string Mark, string Text)> _notes = [];

    public NoteIndex(SourceDocument doc)
    {
        for (int i = 0; i < doc.Lines.Count; i++)
        {
            var line = doc.Lines[i];
            if (line.Length == 0 || line.Contains('\t')) continue;
            var m = NoteLine().Match(line);
            if (!m.Success) continue;
            var mark = m.Groups["n"].Success ? m.Groups["n"].Value : LabelCleaner.Clean("x" + m.Groups["sup"].Value).Footnotes.FirstOrDefault();
            if (string.IsNullOrEmpty(mark)) continue;
            var text = m.Groups["text"].Value.Trim();
            // A note continues on the next line when that line is prose, not a new note or a table.
            if (i + 1 < doc.Lines.Count && doc.Lines[i + 1].Length > 40 && !doc.Lines[i + 1].Contains('\t') && !NoteLine().IsMatch(doc.Lines[i + 1]))
                text += " " + doc.Lines[i + 1].Trim();
            _notes.Add((i + 1, mark, text));
        }
    }

    /// <summary>The text of the notes a row's marks point to, joined; empty when it has none.</summary>
    public string For(Table table, TableRow row)
    {
        if (row.Footnotes.Count == 0 || _notes.Count == 0) return "";
        var texts = new List<string>();
        foreach (var mark in row.Footnotes)
        {
            var after = _notes.FirstOrDefault(n => n.Mark == mark && n.Line > table.LastLine);
            var note = after.Text is not null ? after : _notes.LastOrDefault(n => n.Mark == mark && n.Line < table.FirstLine);
            if (note.Text is not null) texts.Add(note.Text);
        }
        return string.Join(" ", texts);
    }
}
