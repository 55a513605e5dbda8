using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kessan.Application;

/// <summary>
/// A row of output in the contract's shape: named fields in order, with typed values (decimal stays exact, null stays
/// null, a date stays a date). Every host prints these, so a field has one name and one meaning everywhere.
/// </summary>
public sealed class ContractRecord : List<(string Name, object? Value)>
{
    public ContractRecord Add(string name, object? value) { base.Add((name, value)); return this; }

    /// <summary>The value of a field, null when absent.</summary>
    public object? this[string name] => this.FirstOrDefault(f => f.Name == name).Value;
}

/// <summary>
/// JSON of a <see cref="ContractRecord"/>: decimals as exact JSON numbers without trailing zeros (a stored <c>1000.0</c>
/// prints <c>1000</c>), dates ISO-8601, string arrays as arrays, nested records as objects.
/// </summary>
public static class RecordJson
{
    static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string ToJson(ContractRecord record)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Options)) Write(w, record);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static void Write(Utf8JsonWriter w, ContractRecord record)
    {
        w.WriteStartObject();
        foreach (var (name, value) in record)
        {
            w.WritePropertyName(name);
            WriteValue(w, value);
        }
        w.WriteEndObject();
    }

    static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case decimal d: w.WriteRawValue(Number(d)); break;
            case int i: w.WriteNumberValue(i); break;
            case long l: w.WriteNumberValue(l); break;
            case bool b: w.WriteBooleanValue(b); break;
            case ContractRecord r: Write(w, r); break;
            case string s: w.WriteStringValue(s); break;
            case IEnumerable<string> list:
                w.WriteStartArray();
                foreach (var item in list) w.WriteStringValue(item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Text(value)); break;
        }
    }

    /// <summary>A decimal as JSON number text: exact, no exponent, no trailing zeros after the point.</summary>
    public static string Number(decimal d)
    {
        var s = d.ToString(CultureInfo.InvariantCulture);
        if (s.Contains('.')) s = s.TrimEnd('0').TrimEnd('.');
        return s == "-0" ? "0" : s;
    }

    /// <summary>A value as text (CSV cells, table cells): invariant culture, dates ISO-8601, decimals without trailing zeros.</summary>
    public static string Text(object? v) => v switch
    {
        null => "",
        decimal d => Number(d),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable<string> list when v is not string => string.Join("; ", list),
        _ => v.ToString() ?? "",
    };
}
