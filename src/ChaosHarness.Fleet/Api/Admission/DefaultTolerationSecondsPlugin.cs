using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>
/// The DefaultTolerationSeconds admission plugin: a created pod that does not already tolerate the not-ready and
/// unreachable NoExecute taints tolerates them for 300 s, which is why pods leave a lost node about five minutes after it
/// is tainted.
/// </summary>
public sealed class DefaultTolerationSecondsPlugin : IAdmissionPlugin
{
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    public const long DefaultTolerationSeconds = 300;

    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltInResources.Pods || request.Operation != AdmissionOperation.Create) return;
        var spec = request.Object.Child("spec");
        if (spec["tolerations"] is not JsonArray tolerations) spec["tolerations"] = tolerations = [];
        foreach (var taint in (string[])[NotReadyTaint, UnreachableTaint])
        {
            var tolerated = tolerations.OfType<JsonObject>().Any(t =>
                (string?)t["key"] == taint && ((string?)t["effect"] is null or "" or "NoExecute"));
            if (tolerated) continue;
            tolerations.Add(new JsonObject
            {
                ["key"] = taint,
                ["operator"] = "Exists",
                ["effect"] = "NoExecute",
                ["tolerationSeconds"] = DefaultTolerationSeconds,
            });
        }
    }
}
