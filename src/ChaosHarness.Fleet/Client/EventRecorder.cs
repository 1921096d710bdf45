using System.Globalization;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Client;

/// <summary>
/// Records core/v1 Events about objects, as client-go's recorder does: one Event per object, reason and message, whose
/// <c>count</c> and <c>lastTimestamp</c> grow when it happens again. Recording never fails the caller.
/// </summary>
public sealed class EventRecorder
{
    private const int RememberedEvents = 4096;

    private readonly ClusterClient _client;
    private readonly string _component;
    private readonly string? _host;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Uid, string Reason, string Message), (string Namespace, string Name)> _recorded = [];

    public EventRecorder(ClusterClient client, string component, string? host = null)
    {
        _client = client;
        _component = component;
        _host = host;
    }

    public Task NormalAsync(StoredObject about, string reason, string message, CancellationToken cancellationToken, string? fieldPath = null) =>
        RecordAsync(about, "Normal", reason, message, fieldPath, cancellationToken);

    public Task WarningAsync(StoredObject about, string reason, string message, CancellationToken cancellationToken, string? fieldPath = null) =>
        RecordAsync(about, "Warning", reason, message, fieldPath, cancellationToken);

    private async Task RecordAsync(StoredObject about, string type, string reason, string message, string? fieldPath,
        CancellationToken cancellationToken)
    {
        var ns = about.Namespace ?? "default";
        var now = KubernetesTime.Format(_client.Clock.GetUtcNow());
        var key = (about.Uid, reason, message);
        (string Namespace, string Name) existing;
        bool seen;
        lock (_gate) seen = _recorded.TryGetValue(key, out existing);
        try
        {
            if (seen && await _client.FindAsync(BuiltInResources.Events, existing.Namespace, existing.Name, cancellationToken).ConfigureAwait(false) is { } previous)
            {
                await _client.UpdateAsync(previous, e =>
                {
                    e["count"] = ((int?)e["count"] ?? 1) + 1;
                    e["lastTimestamp"] = now;
                    return true;
                }, cancellationToken).ConfigureAwait(false);
                return;
            }

            var name = $"{about.Name}.{_client.Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}";
            var source = new JsonObject { ["component"] = _component };
            if (_host is not null) source["host"] = _host;
            var involved = new JsonObject
            {
                ["kind"] = about.Type.Kind,
                ["name"] = about.Name,
                ["uid"] = about.Uid,
                ["apiVersion"] = about.Type.ApiVersion,
                ["resourceVersion"] = about.ResourceVersion.ToString(CultureInfo.InvariantCulture),
            };
            if (about.Namespace is not null) involved["namespace"] = about.Namespace;
            if (fieldPath is not null) involved["fieldPath"] = fieldPath;
            await _client.CreateAsync(BuiltInResources.Events, ns, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
                ["involvedObject"] = involved,
                ["reason"] = reason,
                ["message"] = message,
                ["source"] = source,
                ["firstTimestamp"] = now,
                ["lastTimestamp"] = now,
                ["count"] = 1,
                ["type"] = type,
                ["eventTime"] = null,
                ["reportingComponent"] = _component,
                ["reportingInstance"] = _host ?? "",
            }, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (_recorded.Count >= RememberedEvents) _recorded.Clear();
                _recorded[key] = (ns, name);
            }
        }
        catch (ApiException)
        {
            // Events are best effort, as in client-go: a refused event is dropped.
        }
    }
}
