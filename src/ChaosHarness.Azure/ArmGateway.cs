using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using ChaosHarness.Cloud;
using Polly;

namespace ChaosHarness.Azure;

/// <summary>
/// The one way the harness talks to ARM: calls go through a retry pipeline that honours 429 + Retry-After on the
/// harness clock (Azure.Core's own retries are off), long-running operations are polled on the harness clock, and a
/// credential that yields no token fails as a <see cref="CloudCredentialsException"/>.
/// </summary>
public sealed class ArmGateway
{
    private readonly ResiliencePipeline _pipeline;
    private readonly int _maxAttempts;

    private readonly HttpPipeline _polling;

    internal ArmGateway(AzureConnection connection, ArmClient client, HttpPipeline polling, ResiliencePipeline pipeline, TimeProvider clock, int maxAttempts, TimeSpan pollInterval)
    {
        Connection = connection;
        Client = client;
        _polling = polling;
        _pipeline = pipeline;
        Clock = clock;
        _maxAttempts = maxAttempts;
        PollInterval = pollInterval;
    }

    public AzureConnection Connection { get; }

    public ArmClient Client { get; }

    public TimeProvider Clock { get; }

    public TimeSpan PollInterval { get; }

    public async Task<T> CallAsync<T>(string operation, Func<ArmClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var started = Clock.GetTimestamp();
        try
        {
            return await _pipeline.ExecuteAsync(static async (state, ct) => await state.call(state.Client, ct).ConfigureAwait(false), (call, Client), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 429)
        {
            throw new CloudApiThrottledException($"ARM {operation} ({Connection})", e.ErrorCode ?? "TooManyRequests", _maxAttempts, Clock.GetElapsedTime(started), e);
        }
        catch (AuthenticationFailedException e)
        {
            throw new CloudCredentialsException($"No Azure token for {Connection}: {e.Message} Nothing was sent.", e);
        }
    }

    /// <summary>
    /// Starts a long-running operation and polls its Azure-AsyncOperation (or Location) URL to the end on the harness
    /// clock, riding out throttled polls; fails if the operation did not succeed.
    /// </summary>
    public async Task RunToCompletionAsync(string operation, Func<ArmClient, CancellationToken, Task<ArmOperation>> start, CancellationToken cancellationToken)
    {
        var started = await CallAsync(operation, start, cancellationToken).ConfigureAwait(false);
        var accepted = started.GetRawResponse();
        if (started.HasCompleted)
        {
            return;
        }

        var (statusUrl, isLocation) = accepted.Headers.TryGetValue("Azure-AsyncOperation", out var asyncOperation)
            ? (new Uri(asyncOperation), false)
            : accepted.Headers.TryGetValue("Location", out var location)
                ? (new Uri(location), true)
                : throw new InvalidOperationException($"ARM {operation} ({Connection}) was accepted ({accepted.Status}) without an Azure-AsyncOperation or Location header to follow.");
        while (true)
        {
            await Task.Delay(PollInterval, Clock, cancellationToken).ConfigureAwait(false);
            var status = await CallAsync($"{operation} (status)", (_, ct) => PollAsync(statusUrl, isLocation, ct), cancellationToken).ConfigureAwait(false);
            switch (status.Status)
            {
                case "Succeeded":
                    return;
                case "Failed" or "Canceled":
                    throw new InvalidOperationException($"ARM {operation} ({Connection}) ended {status.Status}: {status.Detail}");
            }
        }
    }

    private async Task<(string Status, string Detail)> PollAsync(Uri statusUrl, bool isLocation, CancellationToken cancellationToken)
    {
        using var message = _polling.CreateMessage();
        message.Request.Method = RequestMethod.Get;
        message.Request.Uri.Reset(statusUrl);
        await _polling.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status >= 400)
        {
            throw new RequestFailedException(response);
        }

        if (isLocation)
        {
            return (response.Status == 202 ? "InProgress" : "Succeeded", "");
        }

        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var status = json.RootElement.TryGetProperty("status", out var value) ? value.GetString() ?? "" : "";
        var detail = json.RootElement.TryGetProperty("error", out var error) ? error.ToString() : "";
        return (status, detail);
    }
}
