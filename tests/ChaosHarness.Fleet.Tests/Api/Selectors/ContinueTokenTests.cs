using System.Text;
using ChaosHarness.Fleet.Api.Selectors;

namespace ChaosHarness.Fleet.Tests.Api.Selectors;

public class ContinueTokenTests
{
    private static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string DecodeError(string? token) =>
        Assert.Throws<InvalidContinueTokenException>(() => ContinueToken.Decode(token))!.Message;

    [Test]
    public void Round_trips()
    {
        var token = new ContinueToken(4711, "kube-system/coredns-5d78c9869d-abcde");
        Assert.That(ContinueToken.Decode(token.Encode()), Is.EqualTo(token));
    }

    [Test]
    public void Is_unpadded_base64url_of_the_api_servers_json_shape()
    {
        var encoded = new ContinueToken(12, "default/web?~>").Encode();
        Assert.That(encoded, Does.Match("^[A-Za-z0-9_-]+$"));
        Assert.That(ContinueToken.Decode(Encode("""{"v":"meta.k8s.io/v1","rv":12,"start":"default/web?~>"}""")),
            Is.EqualTo(new ContinueToken(12, "default/web?~>")));
    }

    [Test]
    public void Tolerates_padding() =>
        Assert.That(ContinueToken.Decode(Encode("""{"v":"meta.k8s.io/v1","rv":7,"start":"a"}""") + "=").ResourceVersion, Is.EqualTo(7));

    [TestCase(null, "continue key is not valid: the token is empty")]
    [TestCase("", "continue key is not valid: the token is empty")]
    [TestCase("not base64!", "continue key is not valid: illegal base64 data")]
    public void Rejects_unreadable_tokens(string? token, string message) => Assert.That(DecodeError(token), Is.EqualTo(message));

    [TestCase("""not json""", "continue key is not valid: the token does not hold JSON")]
    [TestCase("""{"v":"meta.k8s.io/v2","rv":1,"start":"a"}""", "continue key is not valid: server does not recognize this encoded version \"meta.k8s.io/v2\"")]
    [TestCase("""[1]""", "continue key is not valid: server does not recognize this encoded version \"\"")]
    [TestCase("""{"v":"meta.k8s.io/v1","rv":0,"start":"a"}""", "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")]
    [TestCase("""{"v":"meta.k8s.io/v1","rv":"5","start":"a"}""", "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")]
    [TestCase("""{"v":"meta.k8s.io/v1","rv":5,"start":""}""", "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)")]
    [TestCase("""{"v":"meta.k8s.io/v1","rv":5}""", "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)")]
    public void Rejects_tokens_this_server_did_not_issue(string json, string message) => Assert.That(DecodeError(Encode(json)), Is.EqualTo(message));
}
