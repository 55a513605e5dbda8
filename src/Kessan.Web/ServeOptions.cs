using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Kessan.Web;

/// <summary>How <c>kessan serve</c> runs: the store, where it listens, and its security settings.</summary>
public sealed record ServeOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Environment variable for the API key (so it does not appear in the process list).</summary>
    public const string ApiKeyVariable = "KESSAN_API_KEY";

    /// <summary>Shortest API key accepted.</summary>
    public const int MinApiKeyLength = 16;

    public required string Db { get; init; }

    public IReadOnlyList<string> Urls { get; init; } = [DefaultUrl];

    /// <summary>Listening on an address other than loopback: needs this flag and an API key.</summary>
    public bool AllowRemote { get; init; }

    public string? ApiKey { get; init; }

    /// <summary>Requests per second one client address may make (token bucket, this many tokens refilled each second).</summary>
    public int RateLimit { get; init; } = 2000;

    /// <summary>
    /// The binding rule: loopback addresses only, unless <see cref="AllowRemote"/> is set and an API key of at least
    /// <see cref="MinApiKeyLength"/> characters is given. Returns the reason the options are refused, or null.
    /// </summary>
    public string? Problem()
    {
        if (Urls.Count == 0) return "--urls: give at least one address";
        if (RateLimit < 1) return "--rate-limit: must be at least 1 request per second";
        if (ApiKey is { } key && key.Length < MinApiKeyLength) return $"API key: at least {MinApiKeyLength} characters";
        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/" || uri.Query.Length > 0)
                return $"--urls: '{url}' is not an address such as {DefaultUrl}";
            if (IsLoopback(uri.Host)) continue;
            if (!AllowRemote)
                return $"--urls: '{url}' is not a loopback address; serving other machines needs --allow-remote and an API key (${ApiKeyVariable})";
            if (ApiKey is null)
                return $"--urls: '{url}' serves other machines; set an API key of at least {MinApiKeyLength} characters in ${ApiKeyVariable} (or --api-key)";
        }
        return null;
    }

    /// <summary>True when every address is loopback (then only loopback Host headers are accepted).</summary>
    public bool LoopbackOnly => Urls.All(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) && IsLoopback(uri.Host));

    static bool IsLoopback(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        return IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Compares a presented key with the configured one in constant time (hashes of equal length, whatever the input).</summary>
    public static bool KeyMatches(string? presented, string expected)
    {
        if (presented is null) return false;
        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}

/// <summary>Options <c>kessan serve</c> refuses (exit 2, with the reason).</summary>
public sealed class ServeOptionsException(string message) : Exception(message);
