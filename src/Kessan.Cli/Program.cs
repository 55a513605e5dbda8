using System.Text;
using Kessan.Cli;
using Microsoft.Win32.SafeHandles;

// Standard output into a pipe (or socket, or terminal) as a plain stream on file descriptor 1, not Console.Out:
// Console ignores EPIPE, so `kessan restatements | head` would go on computing and writing every row into a closed
// pipe. This stream throws on a broken pipe, and the command ends at once, quietly, with the shell's exit code for
// SIGPIPE (128 + 13). Into a file, Console's own stream: a FileStream on a seekable descriptor writes at a position
// of its own (pwrite) and leaves the shared offset where it was, so in `{ kessan facts; echo done; } > out` the next
// writer would overwrite kessan's output; Console's stream writes at the shared offset, and files have no EPIPE.
// Flushed on every write as Console.Out is, so `serve` and progress lines appear when written.
var stdoutPipe = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 1);
using Stream stdoutStream = stdoutPipe.CanSeek ? Console.OpenStandardOutput() : stdoutPipe;
if (stdoutPipe.CanSeek) stdoutPipe.Dispose();
using var stdout = new StreamWriter(stdoutStream, new UTF8Encoding(false), 64 * 1024) { AutoFlush = true };
try
{
    return await KessanCommand.RunAsync(args, stdout, Console.Error);
}
catch (IOException e) when (BrokenPipe(e))
{
    return 141;
}

static bool BrokenPipe(IOException e)
{
    for (Exception? x = e; x is not null; x = x.InnerException)
        if (x is IOException { HResult: 32 } || x.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase)) return true;
    return false;
}
