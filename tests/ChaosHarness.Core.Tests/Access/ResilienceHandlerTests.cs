using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Tests.Support;
using ChaosHarness.Kube.Access;
using k8s;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Core.Tests.Access;

public class ResilienceHandlerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    private sealed class ScriptedApi(Func<int, HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => answer(Interlocked.Increment(ref Calls), request, cancellationToken);
    }

    private HttpMessageInvoker Client(ScriptedApi api, KubernetesResilienceOptions? options = null)
        => new(new KubernetesResilienceHandler("eu-west-1", "ctx-eu", new Uri("http://eu.test"), _clock, options) { InnerHandler = api });

    private static HttpRequestMessage List() => new(HttpMethod.Get, "http://eu.test/api/v1/nodes?watch=false");

    private static HttpResponseMessage Throttled(int retryAfterSeconds)
    {
        var r = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("Too many requests, please try again later.") };
        r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(retryAfterSeconds));
        return r;
    }

    [Test]
    public async Task A_429_storm_with_retry_after_delays_the_request_but_does_not_fail_it()
    {
        var api = new ScriptedApi((n, _, _) => Task.FromResult(n <= 10 ? Throttled(2) : new HttpResponseMessage(HttpStatusCode.OK)));
        var started = _clock.GetUtcNow();

        using var response = await Drive.UntilDoneAsync(_clock, Client(api).SendAsync(List(), CancellationToken.None), TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(api.Calls, Is.EqualTo(11));
        Assert.That(_clock.GetUtcNow() - started, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(20)), "did not wait as long as Retry-After asked");
    }

    [Test]
    public async Task A_retry_after_is_waited_in_full_before_the_next_attempt()
    {
        var api = new ScriptedApi((n, _, _) => Task.FromResult(n == 1 ? Throttled(30) : new HttpResponseMessage(HttpStatusCode.OK)));
        var sending = Client(api).SendAsync(List(), CancellationToken.None);
        await Drive.UntilAsync(() => api.Calls == 1, "the first attempt");

        _clock.Advance(TimeSpan.FromSeconds(29));
        await Task.WhenAny(sending, Task.Run(() => { }));
        Assert.That(api.Calls, Is.EqualTo(1), "retried before Retry-After had passed");

        _clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(api.Calls, Is.EqualTo(2));
    }

    [Test]
    public async Task Transient_server_errors_are_retried_with_backoff()
    {
        var api = new ScriptedApi((n, _, _) => Task.FromResult(new HttpResponseMessage(n <= 2 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK)));

        using var response = await Drive.UntilDoneAsync(_clock, Client(api).SendAsync(List(), CancellationToken.None), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(api.Calls, Is.EqualTo(3));
    }

    [Test]
    public async Task Refused_connections_end_in_an_error_naming_the_cluster_and_its_url()
    {
        var api = new ScriptedApi((_, _, _) => throw new HttpRequestException("Connection refused (eu.test:80)", new SocketException((int)SocketError.ConnectionRefused)));

        var e = (await Assert.ThrowsAsync<ClusterUnreachableException>(() => Drive.UntilDoneAsync(_clock, Client(api).SendAsync(List(), CancellationToken.None), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1))))!;

        Assert.That(e.Message, Is.EqualTo("Cluster 'eu-west-1' is unreachable at http://eu.test/: Connection refused (eu.test:80) (4 attempts)"));
        Assert.That(api.Calls, Is.EqualTo(4));
    }

    [Test]
    public async Task An_attempt_that_hangs_times_out_and_the_cluster_is_reported_unreachable()
    {
        var api = new ScriptedApi(async (_, _, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        var options = new KubernetesResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(5), MaxTransientRetries = 1 };

        var e = (await Assert.ThrowsAsync<ClusterUnreachableException>(() => Drive.UntilDoneAsync(_clock, Client(api, options).SendAsync(List(), CancellationToken.None), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1))))!;

        Assert.That(e.Message, Does.Contain("no answer within 5 fleet seconds, 2 times"));
    }

    [Test]
    public async Task A_cluster_that_keeps_failing_has_its_circuit_opened_and_fails_fast()
    {
        var api = new ScriptedApi((_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError)));
        var options = new KubernetesResilienceOptions { MaxTransientRetries = 0, BreakerMinimumThroughput = 4, BreakerFailureRatio = 0.5 };
        var client = Client(api, options);
        for (var i = 0; i < 4; i++)
        {
            using var failed = await client.SendAsync(List(), CancellationToken.None);
        }

        var callsBefore = api.Calls;
        var e = (await Assert.ThrowsAsync<ClusterUnreachableException>(() => client.SendAsync(List(), CancellationToken.None)))!;

        Assert.That(e.Message, Does.Contain("'eu-west-1'").And.Contain("circuit is open"));
        Assert.That(api.Calls, Is.EqualTo(callsBefore), "a request reached the cluster while its circuit was open");
    }

    [Test]
    public async Task Expired_credentials_are_named_as_such()
    {
        var api = new ScriptedApi((_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.Unauthorized)));

        var e = (await Assert.ThrowsAsync<ClusterAuthenticationException>(() => Client(api).SendAsync(List(), CancellationToken.None)))!;

        Assert.That(e.Message, Does.Contain("refused the credentials of context 'ctx-eu'").And.Contain("expired"));
        Assert.That(api.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task An_open_watch_stream_outlives_the_attempt_timeout()
    {
        var stream = new Pipe();
        var api = new ScriptedApi((_, _, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stream.Reader.AsStream()) }));
        var options = new KubernetesResilienceOptions { AttemptTimeout = TimeSpan.FromSeconds(5), WatchConnectTimeout = TimeSpan.FromSeconds(5) };
        using var response = await Client(api, options).SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://eu.test/api/v1/nodes?watch=true&resourceVersion=1"), CancellationToken.None);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        _clock.Advance(TimeSpan.FromMinutes(10));
        await stream.Writer.WriteAsync(Encoding.UTF8.GetBytes("{\"type\":\"ADDED\"}\n"));

        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(line, Is.EqualTo("{\"type\":\"ADDED\"}"));
        await stream.Writer.CompleteAsync();
    }

    [Test]
    public async Task A_real_dead_endpoint_fails_fast_with_a_clear_message()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var fleet = new Core.Fleets.Fleet(
            "dead",
            FleetKind.Real,
            [new ClusterTarget("gone-1", "nowhere", ["gone-1a"], "ctx-gone", ClusterProvider.Kubernetes, new Uri($"http://127.0.0.1:{port}"))],
            AllowList.Everything,
            BlastRadiusLimits.Default);
        using var kubernetes = new KubernetesFleet(fleet, new KubernetesFleetOptions { Configuration = t => new KubernetesClientConfiguration { Host = t.ApiUrl!.ToString() } });
        var watch = Stopwatch.StartNew();

        var e = (await Assert.ThrowsAsync<ClusterUnreachableException>(() => kubernetes.Connect("gone-1").Api.CoreV1.ListNodeAsync()))!;

        Assert.That(e.Message, Does.StartWith($"Cluster 'gone-1' is unreachable at http://127.0.0.1:{port}/"));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }
}
