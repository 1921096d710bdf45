using Amazon.EC2;
using Amazon.Runtime;
using ChaosHarness.Cloud;
using Polly;

namespace ChaosHarness.Aws;

/// <summary>
/// The one way the harness talks to an EC2 API: every call goes through a retry pipeline that rides out throttling
/// with backoff on the harness clock, and a call throttled to the end fails as a <see cref="CloudApiThrottledException"/>.
/// Faults, undo handlers and the embedded fleet's infrastructure share it.
/// </summary>
public sealed class Ec2Gateway
{
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _clock;
    private readonly int _maxAttempts;

    internal Ec2Gateway(AwsConnection connection, IAmazonEC2 client, ResiliencePipeline pipeline, TimeProvider clock, int maxAttempts, TimeSpan pollInterval)
    {
        Connection = connection;
        Client = client;
        _pipeline = pipeline;
        _clock = clock;
        _maxAttempts = maxAttempts;
        PollInterval = pollInterval;
    }

    public AwsConnection Connection { get; }

    /// <summary>The SDK client; call it through <see cref="CallAsync{T}"/> so throttling is ridden out.</summary>
    public IAmazonEC2 Client { get; }

    public TimeProvider Clock => _clock;

    public TimeSpan PollInterval { get; }

    public async Task<T> CallAsync<T>(string operation, Func<IAmazonEC2, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (state, ct) => await state.call(state.Client, ct).ConfigureAwait(false),
                (call, Client),
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e) when (Ec2Throttling.IsThrottling(e))
        {
            throw new CloudApiThrottledException($"EC2 {operation} ({Connection})", e.ErrorCode, _maxAttempts, _clock.GetElapsedTime(started), e);
        }
    }
}
