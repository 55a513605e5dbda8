namespace Kessan.Reading;

/// <summary>
/// The release files a list of paths names: files as given, folders searched for releases (recursively, links
/// followed), each real file once, in a stable order. Nothing here opens a file.
/// </summary>
/// <remarks>
/// Only regular files are releases: a FIFO, device or socket — named on the command line or met in a folder — is
/// skipped with a note, since opening one blocks or never ends. A folder reached again through a symbolic link (a loop,
/// or two links to one folder) is searched once, and a file reached by two paths is read once, under the first path.
/// </remarks>
public static class SourceFiles
{
    public static IEnumerable<string> Enumerate(IEnumerable<string> paths, IReadOnlyCollection<string> extensions, Action<string>? note = null)
    {
        var seenFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var (kind, _) = FileProbe.Probe(path);
            if (kind == FileKind.Directory)
            {
                foreach (var file in Search(path, extensions, seenFiles, note)) yield return file;
            }
            else if (kind is FileKind.Regular)
            {
                if (FileProbe.RealPath(path) is not { } real || seenFiles.Add(real)) yield return path;
                else note?.Invoke($"skipped {path}: the same file as one named before");
            }
            else if (kind == FileKind.Missing) yield return path; // the reader rejects it by name: "no such file"
            else note?.Invoke($"skipped {path}: {FileProbe.Describe(kind)}, not a regular file");
        }
    }

    static IEnumerable<string> Search(string root, IReadOnlyCollection<string> extensions, HashSet<string> seenFiles, Action<string>? note)
    {
        var seenDirs = new HashSet<string>(StringComparer.Ordinal);
        var found = new List<(string Path, string Real)>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            var real = FileProbe.RealPath(dir) ?? dir;
            if (!seenDirs.Add(real))
            {
                note?.Invoke($"skipped {dir}: a link to {real}, which is searched already (a symbolic-link loop?)");
                continue;
            }
            IEnumerable<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(dir).ToList(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                note?.Invoke($"skipped {dir}: {e.Message}");
                continue;
            }
            foreach (var entry in entries)
            {
                var (kind, _) = FileProbe.Probe(entry);
                if (kind == FileKind.Directory) { pending.Push(entry); continue; }
                if (!extensions.Contains(Path.GetExtension(entry).ToLowerInvariant())) continue;
                if (kind == FileKind.Regular) found.Add((entry, FileProbe.RealPath(entry) ?? entry));
                else if (kind == FileKind.Missing) note?.Invoke($"skipped {entry}: a symbolic link to nothing (or a link loop)");
                else note?.Invoke($"skipped {entry}: {FileProbe.Describe(kind)}, not a regular file");
            }
        }
        foreach (var (path, real) in found.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            if (seenFiles.Add(real)) yield return path;
            else note?.Invoke($"skipped {path}: the same file as {real}, read once");
        }
    }
}
