using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Kessan.Reading;

/// <summary>
/// Text of a PDF release through poppler's <c>pdftotext -layout</c> (Debian package poppler-utils), which keeps
/// every Latin and Japanese character and lines columns up with spaces; the whitespace and ruled layouts read
/// the tables from there. No managed PDF library restores here, and poppler's text is the better one anyway.
/// </summary>
/// <remarks>Only PDFs spawn a process; text and HTML releases never do.</remarks>
public static class PdfTextExtractor
{
    public const string DefaultTool = "pdftotext";
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static string Extract(string name, string path, string tool = DefaultTool)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in (string[])["-layout", "-enc", "UTF-8", "-q", path, "-"]) psi.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new DocumentRejectedException(name, null, $"cannot read PDF: '{tool}' did not start");
        }
        catch (Win32Exception)
        {
            throw new DocumentRejectedException(name, null,
                $"cannot read PDF: '{tool}' was not found; install poppler's pdftotext (Debian package poppler-utils)");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                throw new DocumentRejectedException(name, null, $"cannot read PDF: {tool} took longer than {Timeout.TotalSeconds:0} s");
            }
            var text = stdout.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                var err = stderr.GetAwaiter().GetResult().Trim();
                throw new DocumentRejectedException(name, null,
                    $"cannot read PDF: {tool} exited with code {process.ExitCode}{(err.Length > 0 ? ": " + err : "")} (damaged or encrypted PDF?)");
            }
            // Pages are separated by form feeds; a page break is a line break here.
            text = text.Replace('\f', '\n');
            if (string.IsNullOrWhiteSpace(text))
                throw new DocumentRejectedException(name, null, "the PDF has no text layer (a scanned image?); OCR it first");
            return text;
        }
    }
}
