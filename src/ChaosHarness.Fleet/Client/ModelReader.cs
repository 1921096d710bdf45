using System.Reflection;
using System.Text.Json;
using ChaosHarness.Fleet.Storage;
using k8s;

namespace ChaosHarness.Fleet.Client;

/// <summary>
/// Turns stored JSON into KubernetesClient models for the informers' caches, with KubernetesClient's own serializer settings
/// plus pooled strings: thousands of cached pods then share one "default", one "True", one "kubelet". Falls back to
/// <see cref="StoredObject.ToModel{T}"/> should the library's settings ever not be found.
/// </summary>
internal static class ModelReader
{
    private static readonly JsonSerializerOptions? Options = PooledOptions();

    public static T Read<T>(StoredObject stored) where T : class =>
        Options is null ? stored.ToModel<T>() : JsonSerializer.Deserialize<T>(stored.Json.Span, Options)!;

    private static JsonSerializerOptions? PooledOptions()
    {
        var field = typeof(KubernetesJson).GetFields(BindingFlags.NonPublic | BindingFlags.Static).FirstOrDefault(f => f.FieldType == typeof(JsonSerializerOptions));
        if (field?.GetValue(null) is not JsonSerializerOptions library) return null;
        var options = new JsonSerializerOptions(library);
        options.Converters.Insert(0, new PooledStringConverter());
        return options;
    }
}
