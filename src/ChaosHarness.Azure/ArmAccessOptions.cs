using Azure.Core;
using Azure.Core.Pipeline;
using ChaosHarness.Cloud;

namespace ChaosHarness.Azure;

public sealed record ArmAccessOptions
{
    /// <summary>The credential to use; null: <c>DefaultAzureCredential</c> (environment, workload identity, managed identity, CLI…).</summary>
    public TokenCredential? Credential { get; init; }

    public CloudRetryOptions Retry { get; init; } = CloudRetryOptions.Default;

    /// <summary>The HTTP transport (e.g. one that trusts a test endpoint's certificate); null: Azure.Core's default.</summary>
    public HttpPipelineTransport? Transport { get; init; }

    /// <summary>How often a long-running operation is polled (harness time), unless ARM asks for longer with Retry-After.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The token audience of a non-public ARM endpoint.</summary>
    public string Audience { get; init; } = "https://management.azure.com/";
}
