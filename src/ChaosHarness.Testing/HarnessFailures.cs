using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Fleets;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Kube.Access;

namespace ChaosHarness.Testing;

/// <summary>
/// Gives the harness's own failures the prefixes reports classify them by (docs/reporting.md): the harness could not
/// do its job ("Harness error:") or the fleet failed under it ("Infrastructure error:"). Expectation and steady-state
/// messages already carry theirs.
/// </summary>
internal static class HarnessFailures
{
    public static Exception? Classify(Exception e) => e switch
    {
        GuardrailViolationException or FaultInjectionException or FaultRevertException or FleetFileException or UnknownClusterException or DryRunViolationException
            => new ChaosHarnessException($"Harness error: {e.Message}", e),
        ClusterUnreachableException or ClusterAuthenticationException or ClusterConfigurationException or KubernetesApiException
            => new ChaosHarnessException($"Infrastructure error: {e.Message}", e),
        _ => null,
    };
}
