using System.Runtime.InteropServices;

namespace Kessan.Reading;

public enum FileKind { Missing, Regular, Directory, Fifo, CharacterDevice, BlockDevice, Socket, Other }

/// <summary>
/// What a path is before anything opens it: opening a FIFO blocks until a writer comes (forever, and deaf to
/// signals), a device such as <c>/dev/zero</c> never ends, and .NET reports all of them as ordinary files. The file's
/// type and size come from <c>stat</c>, its real path (symbolic links resolved) from <c>realpath</c>.
/// </summary>
/// <remarks>
/// The calls are .NET's own native shim (<c>libSystem.Native</c>, shipped with every .NET runtime on Linux and macOS),
/// whose status record is the same on every architecture, unlike libc's <c>struct stat</c>. On Windows there are no
/// FIFOs or devices in the file system and the managed answers are used.
/// </remarks>
public static partial class FileProbe
{
    // The shim's FileStatus begins { int32 Flags; int32 Mode; uint32 Uid; uint32 Gid; int64 Size; … }: Mode at
    // offset 4, Size at 16. The buffer is larger than the record, so a future field added at its end cannot overrun it.
    const int ModeOffset = 4, SizeOffset = 16, StatusBuffer = 512;
    const int S_IFMT = 0xF000, S_IFIFO = 0x1000, S_IFCHR = 0x2000, S_IFDIR = 0x4000, S_IFBLK = 0x6000, S_IFREG = 0x8000, S_IFSOCK = 0xC000;

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Stat(string path, byte* status);

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_RealPath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr RealPathNative(string path);

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Free")]
    private static partial void Free(IntPtr ptr);

    /// <summary>The kind of file at <paramref name="path"/> (symbolic links followed) and its size in bytes.</summary>
    public static (FileKind Kind, long Size) Probe(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            if (Directory.Exists(path)) return (FileKind.Directory, 0);
            return File.Exists(path) ? (FileKind.Regular, new FileInfo(path).Length) : (FileKind.Missing, 0);
        }
        unsafe
        {
            byte* status = stackalloc byte[StatusBuffer];
            if (Stat(path, status) != 0) return (FileKind.Missing, 0);
            int mode = *(int*)(status + ModeOffset);
            long size = *(long*)(status + SizeOffset);
            var kind = (mode & S_IFMT) switch
            {
                S_IFREG => FileKind.Regular,
                S_IFDIR => FileKind.Directory,
                S_IFIFO => FileKind.Fifo,
                S_IFCHR => FileKind.CharacterDevice,
                S_IFBLK => FileKind.BlockDevice,
                S_IFSOCK => FileKind.Socket,
                _ => FileKind.Other,
            };
            return (kind, size);
        }
    }

    /// <summary>The path with every symbolic link resolved, or null if it does not resolve (a dangling link, a loop).</summary>
    public static string? RealPath(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            try { return Path.GetFullPath(path); } catch (Exception e) when (e is IOException or ArgumentException) { return null; }
        }
        var p = RealPathNative(path);
        if (p == IntPtr.Zero) return null;
        try { return Marshal.PtrToStringUTF8(p); }
        finally { Free(p); }
    }

    /// <summary>How a note names a file that is not a regular one.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a directory",
        FileKind.Missing => "missing",
        _ => "not a regular file",
    };
}
