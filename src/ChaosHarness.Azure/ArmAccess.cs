using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using ChaosHarness.Cloud;
using Polly;
using Polly.Retry;

namespace ChaosHarness.Azure;

/// <summary>Hands out one <see cref="ArmGateway"/> per connection, with the credential and endpoint of the options and the fleet file.</summary>
public sealed class ArmAccess(TimeProvider clock, ArmAccessOptions? options = null)
{
    private readonly ArmAccessOptions _options = options ?? new ArmAccessOptions();
    private readonly ConcurrentDictionary<AzureConnection, Lazy<ArmGateway>> _gateways = new();

    public TimeProvider Clock { get; } = clock;

    public ArmGateway For(AzureConnection connection)
        => _gateways.GetOrAdd(connection, c => new Lazy<ArmGateway>(() => Create(c))).Value;

    private ArmGateway Create(AzureConnection connection)
    {
        var armOptions = new ArmClientOptions
        {
            Environment = connection.Endpoint is { } endpoint ? new ArmEnvironment(endpoint, _options.Audience) : ArmEnvironment.AzurePublicCloud,
        };
        armOptions.Retry.MaxRetries = 0;
        if (_options.Transport is { } transport)
        {
            armOptions.Transport = transport;
        }

        var credential = _options.Credential ?? new DefaultAzureCredential();
        var client = new ArmClient(credential, connection.SubscriptionId, armOptions);

        // Long-running operations are polled through this pipeline rather than Azure.Core's poller, which gives up on a throttled poll.
        var polling = HttpPipelineBuilder.Build(armOptions, new BearerTokenAuthenticationPolicy(credential, $"{_options.Audience.TrimEnd('/')}/.default"));
        var retry = _options.Retry;
        var random = retry.JitterSeed is { } seed ? new Random(seed) : null;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = Clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<RequestFailedException>(e => e.Status == 429),
                MaxRetryAttempts = Math.Max(0, retry.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                Randomizer = random is null ? Random.Shared.NextDouble : () => { lock (random) { return random.NextDouble(); } },
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Exception)),
            })
            .Build();
        return new ArmGateway(connection, client, polling, pipeline, Clock, Math.Max(1, retry.MaxAttempts), _options.PollInterval);
    }

    // ARM says how long to back off; when it does not, the strategy's exponential backoff decides.
    private static TimeSpan? RetryAfter(Exception? exception)
    {
        if (exception is RequestFailedException failed
            && failed.GetRawResponse()?.Headers.TryGetValue("Retry-After", out var value) == true
            && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }
}
