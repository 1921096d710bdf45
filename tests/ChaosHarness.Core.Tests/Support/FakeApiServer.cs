using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChaosHarness.Core.Tests.Support;

/// <summary>Serves a <see cref="FakeKubernetesApi"/> over real HTTP on 127.0.0.1, for clients in other processes.</summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeApiServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<FakeApiServer> StartAsync(FakeKubernetesApi api)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var invoker = new HttpMessageInvoker(api, disposeHandler: false);
        app.Run(async context =>
        {
            var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), $"http://{context.Request.Host}{context.Request.Path}{context.Request.QueryString}");
            if (context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                request.Content = new ByteArrayContent(body.ToArray());
                if (context.Request.ContentType is { } type)
                {
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
                }
            }

            using var response = await invoker.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString() ?? "application/json";
            foreach (var (name, values) in response.Headers)
            {
                context.Response.Headers[name] = values.ToArray();
            }

            // Headers go out at once, as an API server sends them for a watch before its first event.
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[8192];
            int read;
            while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeApiServer(app, new Uri(address));
    }

    /// <summary>Writes a fleet.json and kubeconfig for this server into <paramref name="directory"/> and returns the fleet.json path.</summary>
    public string WriteFleet(string directory, string cluster = "eu-west-1", string region = "eu-west", params string[] zones)
    {
        zones = zones.Length == 0 ? ["eu-west-1a", "eu-west-1b", "eu-west-1c"] : zones;
        File.WriteAllText(Path.Combine(directory, "kubeconfig"), $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: {cluster}
              cluster: {"{"} server: "{Url.ToString().TrimEnd('/')}" {"}"}
            users:
            - name: {cluster}-admin
              user: {"{"} token: test-token {"}"}
            contexts:
            - name: {cluster}
              context: {"{"} cluster: {cluster}, user: {cluster}-admin {"}"}
            current-context: {cluster}
            """);
        var fleetJson = Path.Combine(directory, "fleet.json");
        File.WriteAllText(fleetJson, $$"""
            { "name": "fake", "speed": 60, "kubeconfig": "kubeconfig",
              "clusters": [ { "name": "{{cluster}}", "region": "{{region}}", "zones": [{{string.Join(",", zones.Select(z => $"\"{z}\""))}}],
                              "apiUrl": "{{Url.ToString().TrimEnd('/')}}", "context": "{{cluster}}", "provider": "embedded" } ],
              "startedAt": "2026-11-24T00:00:00Z", "wallClockAt": "{{DateTimeOffset.UtcNow:O}}" }
            """);
        return fleetJson;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
