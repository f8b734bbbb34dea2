using System.Net;
using System.Net.Sockets;

namespace SecurityManagement.Web.Components.Account;

/// <summary>
/// The client's address as per-client limits count it: IPv4 as it is; IPv6 by its /64 network, which
/// one subscriber usually holds whole (counting each address would let them rotate through 2^64).
/// Behind configured proxies this is the forwarded client (see <see cref="Proxies"/>).
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}
