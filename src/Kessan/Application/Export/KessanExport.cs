using System.Globalization;
using CsvHelper;

namespace Kessan.Application.Export;

/// <summary>
/// The whole store as one file: facts as CSV or JSON lines (every contract field, with fiscalPeriod, convenience and
/// decimals), a workbook (<see cref="XlsxExport"/>) or an xBRL-JSON report (<see cref="XbrlJsonExport"/>). The file is
/// written beside its destination and moved into place, so a failed export never leaves half a file under that name.
/// </summary>
public static class KessanExport
{
    public static readonly string[] Formats = ["csv", "jsonl", "xlsx", "xbrl-json"];

    /// <summary>Writes the export; returns how many facts it holds.</summary>
    public static long Write(KessanQueries queries, string format, string path)
    {
        if (!Formats.Contains(format)) throw new InvalidQueryException("format", $"unknown export format '{format}' ({string.Join(", ", Formats)})");
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InvalidQueryException("out", $"{path}: is a directory; give --out a file path");
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new InvalidQueryException("out", $"{path}: the folder {dir} does not exist");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            long count;
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
                count = format switch
                {
                    "csv" => Csv(queries, stream),
                    "jsonl" => JsonLines(queries, stream),
                    "xlsx" => XlsxExport.Write(queries, stream),
                    _ => XbrlJsonExport.Write(queries, stream),
                };
            File.Move(temp, full, overwrite: true);
            return count;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    static long Csv(KessanQueries q, Stream stream)
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
        using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
        long n = 0;
        foreach (var fact in AllFacts(q))
        {
            var record = ContractRecords.Fact(fact);
            if (n++ == 0)
            {
                foreach (var (name, _) in record) csv.WriteField(name);
                csv.NextRecord();
            }
            foreach (var (_, value) in record) csv.WriteField(RecordJson.Text(value));
            csv.NextRecord();
        }
        if (n == 0)
        {
            // An empty store still gets the header a reader expects.
            foreach (var (name, _) in ContractRecords.Fact(Sample)) csv.WriteField(name);
            csv.NextRecord();
        }
        return n;
    }

    static long JsonLines(KessanQueries q, Stream stream)
    {
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
        long n = 0;
        foreach (var fact in AllFacts(q))
        {
            writer.WriteLine(RecordJson.ToJson(ContractRecords.Fact(fact)));
            n++;
        }
        return n;
    }

    /// <summary>Every fact of each release's latest version, in listing order (streamed: a large store is never held in memory).</summary>
    internal static IEnumerable<Facts.Fact> AllFacts(KessanQueries q) => q.Store.Facts(new Storage.FactQuery());

    static readonly Facts.Fact Sample = new("", "", "", "", "", "", null, default, "", 0, "", false, 0, 0, "", Facts.FactStatus.Ok, "", true);
}
