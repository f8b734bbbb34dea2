using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace SecurityManagement.Web;

/// <summary>
/// Behind a reverse proxy (nginx, a load balancer): <c>X-Forwarded-For</c> and <c>-Proto</c> are
/// honoured only from the proxies named in <c>Proxy:KnownProxies</c> (addresses) and
/// <c>Proxy:KnownNetworks</c> (CIDR ranges), so per-client limits see the real client and HTTPS is
/// recognised. Without either setting nothing is forwarded and nothing changes.
/// </summary>
public sealed record Proxies(IReadOnlyList<IPAddress> KnownProxies, IReadOnlyList<System.Net.IPNetwork> KnownNetworks)
{
    public const string KnownProxiesKey = "Proxy:KnownProxies";
    public const string KnownNetworksKey = "Proxy:KnownNetworks";

    public bool Any => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public static Proxies From(IConfiguration configuration) => new(
        [.. List(configuration, KnownProxiesKey).Select(text => IPAddress.TryParse(text, out var address) ? address
            : throw new InvalidOperationException($"{KnownProxiesKey} has '{text}', which is not an IP address."))],
        [.. List(configuration, KnownNetworksKey).Select(text => System.Net.IPNetwork.TryParse(text, out var network) ? network
            : throw new InvalidOperationException($"{KnownNetworksKey} has '{text}', which is not a network such as 10.0.0.0/8."))]);

    public ForwardedHeadersOptions Options()
    {
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };

        // Only the configured proxies: the defaults (loopback) are cleared so that nothing else is trusted.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(proxy);
        }

        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(network);
        }

        return options;
    }

    /// <summary>A comma-separated setting, or its array form (<c>Key:0</c>, <c>Key:1</c>, ...).</summary>
    private static IEnumerable<string> List(IConfiguration configuration, string key) =>
        (configuration[key] is { Length: > 0 } text ? text.Split(',') : configuration.GetSection(key).GetChildren().Select(c => c.Value ?? ""))
        .Select(item => item.Trim()).Where(item => item.Length > 0);
}
