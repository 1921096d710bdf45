using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>The checks of a pod spec that pods and workload templates share, with the API server's field paths.</summary>
internal static class PodTemplateValidation
{
    public static IEnumerable<StatusCause> Check(JsonObject? spec, string path, bool requireRestartAlways)
    {
        var containers = spec?["containers"] as JsonArray;
        if (containers is not { Count: > 0 })
        {
            yield return new StatusCause("FieldValueRequired", "Required value", $"{path}.containers");
            yield break;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i] is not JsonObject container) continue;
            if (string.IsNullOrEmpty((string?)container["name"]))
            {
                yield return new StatusCause("FieldValueRequired", "Required value", $"{path}.containers[{i}].name");
            }

            if (string.IsNullOrEmpty((string?)container["image"]))
            {
                yield return new StatusCause("FieldValueRequired", "Required value", $"{path}.containers[{i}].image");
            }
        }

        var restart = (string?)spec!["restartPolicy"];
        if (requireRestartAlways && restart is not null && restart != "Always")
        {
            yield return new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{restart}\": supported values: \"Always\"", $"{path}.restartPolicy");
        }
    }
}
