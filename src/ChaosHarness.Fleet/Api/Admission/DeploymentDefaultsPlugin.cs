using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>apps/v1 Deployment defaults: one replica, RollingUpdate 25 %/25 %, 10 old ReplicaSets kept, 600 s progress deadline.</summary>
public sealed class DeploymentDefaultsPlugin : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltInResources.Deployments || request.Subresource is not null) return;
        var spec = request.Object.Child("spec");
        spec.Default("replicas", 1);
        spec.Default("revisionHistoryLimit", 10);
        spec.Default("progressDeadlineSeconds", 600);
        var strategy = spec.Child("strategy");
        strategy.Default("type", "RollingUpdate");
        if ((string?)strategy["type"] != "RollingUpdate") return;
        var rolling = strategy.Child("rollingUpdate");
        rolling.Default("maxUnavailable", "25%");
        rolling.Default("maxSurge", "25%");
    }
}
