using System.Globalization;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Faults;
using ChaosHarness.Core.Guardrails;
using ChaosHarness.Core.Journal;

namespace ChaosHarness.Cloud;

/// <summary>
/// Cloud API throttling as a journaled fault: from injection until revert, the named <see cref="CloudApiThrottle"/>
/// answers <paramref name="rate"/> of its matching calls with the provider's throttling error. Only components pointed
/// at that throttle see it. Needs <see cref="CloudApiThrottles"/> in the experiment's services and undo handlers.
/// </summary>
public sealed class CloudApiThrottling(string cluster, string throttle, double rate) : IFault
{
    public string Name => $"cloud API throttling ({rate.ToString("P0", CultureInfo.InvariantCulture)} of calls through '{throttle}')";

    public FaultTarget Target => new(cluster);

    public ValueTask<FaultPlan> PlanAsync(FaultContext context, CancellationToken cancellationToken)
    {
        if (rate is < 0 or > 1)
        {
            throw new CloudFaultException($"{Name}: the rate is a share from 0 to 1; nothing was changed.");
        }

        var point = context.Services.Require<CloudApiThrottles>().Find(throttle)
                    ?? throw new CloudFaultException($"{Name}: no throttle named '{throttle}' was started in this run; nothing was changed.");
        var undo = new UndoRecord(
            CloudApiThrottles.UndoKind,
            cluster,
            $"throttle '{throttle}' at {point.Endpoint}",
            new JsonObject { ["throttle"] = throttle, ["previousRate"] = point.InjectionRate.ToString("R", CultureInfo.InvariantCulture) });
        var change = new FaultChange($"throttle {rate.ToString("P0", CultureInfo.InvariantCulture)} of the calls through '{throttle}'", undo, _ =>
        {
            point.InjectionRate = rate;
            return ValueTask.CompletedTask;
        });
        return ValueTask.FromResult(new FaultPlan($"throttle the cloud API behind '{throttle}'", [change], new BlastRadiusImpact(Name, [], [], [])));
    }
}
