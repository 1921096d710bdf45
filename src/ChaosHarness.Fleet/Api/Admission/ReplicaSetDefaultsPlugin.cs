using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>apps/v1 ReplicaSet defaults: one replica.</summary>
public sealed class ReplicaSetDefaultsPlugin : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltInResources.ReplicaSets || request.Subresource is not null) return;
        request.Object.Child("spec").Default("replicas", 1);
    }
}
