using ChaosHarness.Core.Experiments;

namespace ChaosHarness.Azure;

public static class AzureExperimentExtensions
{
    /// <summary>
    /// Lets the experiment's Azure faults reach ARM (credential from <paramref name="options"/> or Azure.Identity's
    /// default chain; each cluster's subscription, resource group and endpoint from its fleet file account) and revert them.
    /// </summary>
    public static ExperimentBuilder UseAzure(this ExperimentBuilder builder, ArmAccessOptions? options = null)
        => builder.OnStart(b =>
        {
            var arm = new ArmAccess(b.Fleet.Clock, options);
            b.Services.UseAzure(arm);
            b.UndoHandlers.AddAzure(arm);
        });
}
