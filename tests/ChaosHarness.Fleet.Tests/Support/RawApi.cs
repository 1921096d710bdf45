using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ChaosHarness.Fleet.Hosting;

namespace ChaosHarness.Fleet.Tests.Support;

/// <summary>
/// Plain HTTP access to a simulated cluster, for what typed clients never send: malformed bodies, odd content types,
/// requests without a token, Accept headers asking for Tables.
/// </summary>
public sealed class RawApi : IDisposable
{
    private readonly HttpClient _http;

    public RawApi(SimulatedCluster cluster, string? token)
    {
        var authority = X509Certificate2.CreateFromPem(LoopbackCertificateAuthority.AuthorityPem);
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return certificate is not null && chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        _http = new HttpClient(handler) { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json",
        string? accept = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return _http.SendAsync(request, completion, cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}
