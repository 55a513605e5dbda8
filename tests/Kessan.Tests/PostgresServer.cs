using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Kessan.Tests;

/// <summary>
/// A throwaway PostgreSQL server for the test run (the recipe in ../shared/RECIPES.md): initdb into a temporary
/// folder, listening on 127.0.0.1 on a free port, started once on first use and stopped when the test process
/// exits. Each test asks for its own database. Needs the PostgreSQL server binaries (.ci/run installs them).
/// </summary>
public static class PostgresServer
{
    static readonly Lazy<Server> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    static int _databases;

    /// <summary>A new empty database owned by the test role; its connection string.</summary>
    public static string NewDatabase()
    {
        var server = Instance.Value;
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using (var admin = new NpgsqlConnection(server.Admin))
        {
            admin.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} OWNER kessan", admin);
            cmd.ExecuteNonQuery();
        }
        return $"Host=127.0.0.1;Port={server.Port};Database={name};Username=kessan;Password=kessan";
    }

    public static int Port => Instance.Value.Port;

    sealed record Server(string Data, string Bin, int Port, string Admin);

    static Server Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).LastOrDefault()
            : null;
        if (bin is null) throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql; .ci/run does)");
        var data = Directory.CreateTempSubdirectory("kessan-pg-").FullName;
        int port = FreePort();
        bool root = Environment.UserName == "root";
        // initdb refuses to run as root: the cluster belongs to the postgres user.
        if (root) Run("chown", "postgres:postgres", data);
        Run("chmod", "700", data);
        AsOwner(root, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8");
        // fsync off: a test server's durability is not under test; the store's transactions are.
        AsOwner(root, Path.Combine(bin, "pg_ctl"), "-D", data, "-l", Path.Combine(data, "server.log"), "-w", "-t", "30",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off -c synchronous_commit=off -c max_connections=100", "start");
        AsOwner(root, Path.Combine(bin, "psql"), "-h", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
            "-v", "ON_ERROR_STOP=1", "-c", "CREATE ROLE kessan LOGIN CREATEDB PASSWORD 'kessan'");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { AsOwner(root, Path.Combine(bin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"); } catch (InvalidOperationException) { }
            try { Directory.Delete(data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return new Server(data, bin, port, $"Host=127.0.0.1;Port={port};Database=postgres;Username=kessan;Password=kessan");
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    static void AsOwner(bool root, string file, params string[] args)
    {
        if (root) Run("runuser", ["-u", "postgres", "--", file, .. args]);
        else Run(file, args);
    }

    static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {err.Result}{output}");
    }
}
