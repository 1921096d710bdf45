using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>Validation of created pods: at least one container, each with a name and an image.</summary>
public sealed class PodValidationPlugin : IAdmissionPlugin
{
    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltInResources.Pods || request.Operation != AdmissionOperation.Create) return;
        var causes = PodTemplateValidation.Check(request.Object["spec"] as JsonObject, "spec", requireRestartAlways: false).ToArray();
        if (causes.Length > 0) throw ApiException.Invalid(request.Type, (string?)request.Object["metadata"]?["name"] ?? "", causes);
    }
}
