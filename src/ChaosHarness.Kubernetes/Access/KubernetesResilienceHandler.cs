using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace ChaosHarness.Kube.Access;

/// <summary>
/// The resilience pipeline in front of one cluster's API, as a handler for <c>new Kubernetes(config, handler)</c>:
/// honours 429 with Retry-After (KubernetesClient does not retry), retries transient failures with exponential
/// backoff and jitter, times out each attempt, and breaks the circuit of a cluster that keeps failing — all on
/// the fleet clock. Watches get the same retries and circuit, but only the wait for their response headers is
/// bounded: an open watch stream is never cut. Whatever cannot be recovered surfaces as
/// <see cref="ClusterUnreachableException"/> or <see cref="ClusterAuthenticationException"/>, never as a hang.
/// </summary>
public sealed class KubernetesResilienceHandler : DelegatingHandler
{
    private readonly string _cluster;
    private readonly string _context;
    private readonly Uri? _apiUrl;
    private readonly TimeProvider _clock;
    private readonly KubernetesResilienceOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _requests;
    private readonly ResiliencePipeline<HttpResponseMessage> _watches;

    public KubernetesResilienceHandler(string cluster, string context, Uri? apiUrl, TimeProvider clock, KubernetesResilienceOptions? options = null)
    {
        _cluster = cluster;
        _context = context;
        _apiUrl = apiUrl;
        _clock = clock;
        _options = options ?? new KubernetesResilienceOptions();

        // One breaker per cluster, shared by requests and watches: a dead cluster fails everything fast.
        var breaker = new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = _options.BreakerFailureRatio,
            MinimumThroughput = _options.BreakerMinimumThroughput,
            SamplingDuration = _options.BreakerSamplingDuration,
            BreakDuration = _options.BreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            StateProvider = BreakerState,
        };
        var sharedBreaker = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }.AddCircuitBreaker(breaker).Build();

        _requests = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(ThrottleRetry())
            .AddRetry(TransientRetry())
            .AddPipeline(sharedBreaker)
            .AddTimeout(_options.AttemptTimeout)
            .Build();
        _watches = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }
            .AddRetry(ThrottleRetry())
            .AddRetry(TransientRetry())
            .AddPipeline(sharedBreaker)
            .Build();
    }

    public CircuitBreakerStateProvider BreakerState { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var isWatch = WatchRequests.IsWatch(request);
        HttpResponseMessage response;
        try
        {
            response = isWatch
                ? await _watches.ExecuteAsync(static (s, ct) => s.Self.SendWatchAttemptAsync(s.Request, ct), (Self: this, Request: request), cancellationToken).ConfigureAwait(false)
                : await _requests.ExecuteAsync(static (s, ct) => new ValueTask<HttpResponseMessage>(s.Self.SendAttemptAsync(s.Request, ct)), (Self: this, Request: request), cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException e)
        {
            throw new ClusterUnreachableException(_cluster, _apiUrl, $"its circuit is open after repeated failures; requests fail fast for up to {_options.BreakerBreakDuration.TotalSeconds:0.#} fleet seconds", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new ClusterUnreachableException(_cluster, _apiUrl, $"no answer within {_options.AttemptTimeout.TotalSeconds:0.#} fleet seconds, {_options.MaxTransientRetries + 1} times", e);
        }
        catch (HttpRequestException e)
        {
            throw new ClusterUnreachableException(_cluster, _apiUrl, $"{e.Message} ({_options.MaxTransientRetries + 1} attempts)", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClusterUnreachableException(_cluster, _apiUrl, "the attempt was cancelled without an answer", e);
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            throw new ClusterAuthenticationException(_cluster, _context, _apiUrl);
        }

        return response;
    }

    private Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => base.SendAsync(request, cancellationToken);

    private async ValueTask<HttpResponseMessage> SendWatchAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Bounds only the wait for headers; disposed once they arrive so it can never fire on the open stream.
        using var connect = new CancellationTokenSource(_options.WatchConnectTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connect.Token);
        try
        {
            return await base.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (connect.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutRejectedException($"The watch's response headers did not arrive within {_options.WatchConnectTimeout}.", e);
        }
    }

    private RetryStrategyOptions<HttpResponseMessage> ThrottleRetry() => new()
    {
        MaxRetryAttempts = _options.MaxThrottleRetries,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests),
        DelayGenerator = args =>
        {
            var fallback = _options.ThrottleDelayWithoutRetryAfter * Math.Pow(2, Math.Min(args.AttemptNumber, 10));
            var delay = RetryAfter(args.Outcome.Result) ?? fallback;
            return ValueTask.FromResult<TimeSpan?>(delay > _options.MaxThrottleDelay ? _options.MaxThrottleDelay : delay);
        },
    };

    private RetryStrategyOptions<HttpResponseMessage> TransientRetry() => new()
    {
        MaxRetryAttempts = Math.Max(_options.MaxTransientRetries, 1),
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        Delay = _options.TransientBaseDelay,
        MaxDelay = _options.MaxTransientDelay,
        ShouldHandle = args => ValueTask.FromResult(_options.MaxTransientRetries > 0 && IsTransient(args.Outcome)),
        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.StatusCode == HttpStatusCode.ServiceUnavailable ? RetryAfter(args.Outcome.Result) : null),
    };

    private TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome)
        => outcome.Exception switch
        {
            HttpRequestException or TimeoutRejectedException => true,
            null => outcome.Result is { StatusCode: HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout },
            _ => false,
        };
}
