using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Outcomes;

namespace ChaosHarness.Cloud;

/// <summary>
/// A fault point in front of a cloud API: a local endpoint (127.0.0.1) that forwards every call to the real API
/// and answers a share of the matching ones with the API's own throttling error instead, through Polly's chaos
/// outcome strategy. Components pointed at <see cref="Endpoint"/> see a throttled cloud; the rest do not.
/// Disposing it stops the endpoint.
/// </summary>
public sealed class CloudApiThrottle : IAsyncDisposable
{
    private static readonly ResiliencePropertyKey<CloudApiCall> CallKey = new("chaos-harness.cloud-api-call");
    private static readonly ResiliencePropertyKey<bool> ThrottledKey = new("chaos-harness.cloud-api-throttled");
    private static readonly HashSet<string> UnforwardedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length",
    };

    private readonly CloudApiThrottleOptions _options;
    private readonly HttpClient _upstream;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ConcurrentQueue<(CloudApiCall Call, bool Throttled)> _calls = new();
    private readonly Lock _randomGate = new();
    private readonly Random _random;
    private WebApplication? _app;
    private double _injectionRate;

    private CloudApiThrottle(CloudApiThrottleOptions options)
    {
        if (options.InjectionRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.InjectionRate, "The injection rate is a share from 0 to 1.");
        }

        _options = options;
        _injectionRate = options.InjectionRate;
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
        _upstream = new HttpClient(options.UpstreamHandler ?? new SocketsHttpHandler(), disposeHandler: options.UpstreamHandler is null)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddChaosOutcome(new ChaosOutcomeStrategyOptions<HttpResponseMessage>
            {
                Randomizer = NextDouble,
                InjectionRateGenerator = args => ValueTask.FromResult(IsMatch(args.Context) ? Volatile.Read(ref _injectionRate) : 0),
                OutcomeGenerator = args =>
                {
                    args.Context.Properties.Set(ThrottledKey, true);
                    return ValueTask.FromResult<Outcome<HttpResponseMessage>?>(Outcome.FromResult(Throttle(args.Context.Properties.GetValue(CallKey, null!))));
                },
            })
            .Build();
    }

    /// <summary>Where components must be pointed to go through the throttle.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The share of matching calls throttled from now on (0–1).</summary>
    public double InjectionRate
    {
        get => Volatile.Read(ref _injectionRate);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 0);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1);
            Volatile.Write(ref _injectionRate, value);
        }
    }

    /// <summary>Every call that arrived so far, and whether it was throttled.</summary>
    public IReadOnlyList<(CloudApiCall Call, bool Throttled)> Calls => _calls.ToArray();

    public int ThrottledCount => _calls.Count(c => c.Throttled);

    public int ForwardedCount => _calls.Count(c => !c.Throttled);

    public static async Task<CloudApiThrottle> StartAsync(CloudApiThrottleOptions options, CancellationToken cancellationToken = default)
    {
        var throttle = new CloudApiThrottle(options);
        try
        {
            await throttle.ListenAsync(cancellationToken).ConfigureAwait(false);
            return throttle;
        }
        catch
        {
            await throttle.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _upstream.Dispose();
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (_options.ServerCertificate is { } certificate)
            {
                listen.UseHttps(certificate);
            }
        }));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Endpoint = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = await ReadBodyAsync(http.Request).ConfigureAwait(false);
        var call = Describe(http.Request, body);
        var context = ResilienceContextPool.Shared.Get(http.RequestAborted);
        context.Properties.Set(CallKey, call);
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.Throttle.ForwardAsync(state.Http, state.Body, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (Throttle: this, Http: http, Body: body)).ConfigureAwait(false);
            _calls.Enqueue((call, context.Properties.GetValue(ThrottledKey, false)));
            await CopyResponseAsync(response, http).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool IsMatch(ResilienceContext context)
        => context.Properties.TryGetValue(CallKey, out var call) && (_options.Matches?.Invoke(call) ?? true);

    private double NextDouble()
    {
        lock (_randomGate)
        {
            return _random.NextDouble();
        }
    }

    private HttpResponseMessage Throttle(CloudApiCall call)
        => _options.Dialect == CloudApiDialect.Ec2
            ? CloudApiThrottleResponses.Ec2(_options.Ec2ErrorCode)
            : CloudApiThrottleResponses.Arm(call, _options.ArmRetryAfter);

    private CloudApiCall Describe(HttpRequest request, byte[] body)
    {
        var path = request.Path.Value ?? "/";
        string? action = null;
        if (_options.Dialect == CloudApiDialect.Ec2)
        {
            action = request.Query["Action"].FirstOrDefault();
            if (action is null && body.Length > 0)
            {
                action = HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body))["Action"];
            }
        }

        action ??= path.TrimEnd('/').Split('/').LastOrDefault(s => s.Length > 0) ?? "";
        return new CloudApiCall(request.Method, path, action);
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpContext http, byte[] body, CancellationToken cancellationToken)
    {
        var request = http.Request;
        var target = new Uri(_options.Upstream, request.Path.Value + request.QueryString.Value);
        var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (body.Length > 0 || request.ContentLength is not null)
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var header in request.Headers.Where(h => !UnforwardedHeaders.Contains(h.Key)))
        {
            if (!message.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
            {
                message.Content?.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
            }
        }

        return await _upstream.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    private async Task CopyResponseAsync(HttpResponseMessage response, HttpContext http)
    {
        http.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !UnforwardedHeaders.Contains(h.Key)))
        {
            http.Response.Headers[header.Key] = header.Value.Select(RedirectToSelf).ToArray();
        }

        await response.Content.CopyToAsync(http.Response.Body, http.RequestAborted).ConfigureAwait(false);
    }

    // Long-running operations hand out polling URLs on the upstream; keep those polls going through the throttle too.
    private string RedirectToSelf(string value)
    {
        var upstream = _options.Upstream.GetLeftPart(UriPartial.Authority);
        return value.StartsWith(upstream, StringComparison.OrdinalIgnoreCase)
            ? Endpoint.GetLeftPart(UriPartial.Authority) + value[upstream.Length..]
            : value;
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
