using System.Net;
using CallRecover.Common;

namespace CallRecover.Tests.CommonFolder;

/// <summary>
/// Which addresses a user-given URL (webhook, CRM, calendar feed) may reach: the public internet only, including through
/// every IPv6 form that carries an IPv4 address (found by probing the running product: a webhook to
/// http://[64:ff9b::a9fe:a9fe]/ was accepted, which on a NAT64 host is the cloud metadata address).
/// </summary>
public sealed class OutboundTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("169.254.169.254")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.254")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::7f00:1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("fd00::1")]
    [InlineData("fe80::1")]
    [InlineData("ff02::1")]
    [InlineData("100::1")]
    public void NonPublicAddresses_AreRefused(string address) => OutboundTargets.IsPublic(IPAddress.Parse(address)).ShouldBeFalse(address);

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("198.20.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("64:ff9b::5db8:d70e")]
    [InlineData("2002:5db8:d70e::1")]
    public void PublicAddresses_AreAllowed(string address) => OutboundTargets.IsPublic(IPAddress.Parse(address)).ShouldBeTrue(address);

    [Theory]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/")]
    [InlineData("http://[::7f00:1]/")]
    [InlineData("http://[2002:7f00:1::]/")]
    [InlineData("http://198.18.0.1/")]
    public async Task AUrlHidingAPrivateAddress_IsRefusedWithAReason(string url) =>
        (await OutboundTargets.CheckAsync(url, allowPrivate: false)).ShouldNotBeNull();
}
