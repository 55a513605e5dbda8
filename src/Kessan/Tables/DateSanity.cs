using Kessan.Reading;

namespace Kessan.Tables;

/// <summary>
/// Reading notes for printed dates no calendar has ("Feb 30, 2002", "Dec 31, 0001"): a header with one is read as
/// <see cref="PeriodHeader"/> decides (the month's end; no period for an impossible year), and the note says so at its
/// line instead of a column silently gaining, losing or changing its period. Its notes are at file lines already.
/// </summary>
public static class DateSanity
{
    const int MaxNotes = 20;

    public static List<ReadingNote> Notes(SourceDocument doc)
    {
        var notes = new List<ReadingNote>();
        for (int i = 0; i < doc.Lines.Count && notes.Count < MaxNotes; i++)
        {
            var line = doc.Lines[i];
            if (line.Length > 10_000) continue; // not a header line: a header never runs this long
            foreach (var (printed, problem) in PeriodHeader.ImpossibleDates(line))
            {
                // At the file line of the cell that prints it (a header row of an HTML table spans several file lines).
                int at = line.IndexOf(printed, StringComparison.Ordinal);
                int cell = at < 0 ? 0 : line.AsSpan(0, at).Count('\t') + 1;
                notes.Add(new ReadingNote(doc.FileLine(i + 1, cell), $"'{printed}': {problem}"));
            }
        }
        return notes;
    }
}
