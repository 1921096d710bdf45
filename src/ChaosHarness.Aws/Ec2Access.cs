using System.Collections.Concurrent;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using ChaosHarness.Cloud;
using Polly;
using Polly.Retry;

namespace ChaosHarness.Aws;

/// <summary>
/// Hands out one <see cref="Ec2Gateway"/> per connection. Credentials come from the AWS SDK's standard chain (or the
/// connection's profile, or <see cref="Ec2AccessOptions.Credentials"/>), resolved before the first call so a missing one
/// fails clearly and early. The SDK's own retries are off: the gateway's pipeline retries, on the harness clock.
/// </summary>
public sealed class Ec2Access(TimeProvider clock, Ec2AccessOptions? options = null) : IDisposable, IAsyncDisposable
{
    private readonly Ec2AccessOptions _options = options ?? new Ec2AccessOptions();
    private readonly ConcurrentDictionary<AwsConnection, Lazy<Ec2Gateway>> _gateways = new();

    public TimeProvider Clock { get; } = clock;

    public Ec2Gateway For(AwsConnection connection)
        => _gateways.GetOrAdd(connection, c => new Lazy<Ec2Gateway>(() => Create(c))).Value;

    public void Dispose()
    {
        foreach (var gateway in _gateways.Values.Where(g => g.IsValueCreated))
        {
            gateway.Value.Client.Dispose();
        }

        _gateways.Clear();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private Ec2Gateway Create(AwsConnection connection)
    {
        var config = new AmazonEC2Config
        {
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = 0,
            Timeout = _options.RequestTimeout,
        };
        if (connection.Endpoint is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = connection.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(connection.Region);
        }

        var client = new AmazonEC2Client(ResolveCredentials(connection, config), config);
        var retry = _options.Retry;
        var random = retry.JitterSeed is { } seed ? new Random(seed) : null;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = Clock }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<AmazonServiceException>(Ec2Throttling.IsThrottling),
                MaxRetryAttempts = Math.Max(0, retry.MaxAttempts - 1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                Randomizer = random is null ? Random.Shared.NextDouble : () => { lock (random) { return random.NextDouble(); } },
            })
            .Build();
        return new Ec2Gateway(connection, client, pipeline, Clock, Math.Max(1, retry.MaxAttempts), _options.PollInterval);
    }

    private AWSCredentials ResolveCredentials(AwsConnection connection, AmazonEC2Config config)
    {
        if (_options.Credentials is { } given)
        {
            return given;
        }

        if (connection.Profile is { } profile)
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var fromProfile)
                ? fromProfile
                : throw new CloudCredentialsException($"AWS profile '{profile}' (for {connection}) was not found in the shared credentials or config file; nothing was sent.");
        }

        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials(config);
        }
        catch (AmazonClientException e)
        {
            throw new CloudCredentialsException(
                $"No AWS credentials for {connection}: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or a profile in the fleet file's account, or run with a role. Nothing was sent. ({e.Message})",
                e);
        }
    }
}
