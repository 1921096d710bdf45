using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Admission;

/// <summary>
/// Service defaults and IP allocation: type ClusterIP, a cluster IP from 10.96.0.0/12 (kept across updates), single-stack
/// IPv4, session affinity None, ports TCP with the target port defaulting to the port, node ports for NodePort and
/// LoadBalancer services.
/// </summary>
public sealed class ServiceDefaultsPlugin : IAdmissionPlugin
{
    private const uint ServiceRangeStart = (10u << 24) | (96u << 16);
    private int _nextIp = 10;
    private int _nextNodePort = 30000;

    public void Admit(AdmissionRequest request)
    {
        if (request.Type != BuiltInResources.Services || request.Subresource is not null) return;
        var spec = request.Object.Child("spec");
        var existing = request.Existing?.ToJsonObject()["spec"] as JsonObject;
        spec.Default("type", "ClusterIP");
        spec.Default("sessionAffinity", "None");
        var type = (string?)spec["type"];
        if (type != "ExternalName")
        {
            var ip = (string?)spec["clusterIP"] ?? (string?)existing?["clusterIP"];
            if (string.IsNullOrEmpty(ip)) ip = Allocate();
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
            spec.Default("ipFamilies", new JsonArray("IPv4"));
            spec.Default("ipFamilyPolicy", "SingleStack");
            spec.Default("internalTrafficPolicy", "Cluster");
        }

        var existingPorts = existing?["ports"].Objects().ToList() ?? [];
        foreach (var port in spec["ports"].Objects())
        {
            port.Default("protocol", "TCP");
            port.Default("targetPort", port["port"]?.DeepClone() ?? 0);
            if (type is "NodePort" or "LoadBalancer")
            {
                var kept = existingPorts.FirstOrDefault(p => p["port"].AsLong() == port["port"].AsLong())?["nodePort"];
                port.Default("nodePort", kept?.DeepClone() ?? Interlocked.Increment(ref _nextNodePort));
            }
        }

        if (type is "NodePort" or "LoadBalancer") spec.Default("externalTrafficPolicy", "Cluster");
        if (request.Operation == AdmissionOperation.Create)
        {
            request.Object["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };
        }
    }

    private string Allocate()
    {
        var offset = (uint)Interlocked.Increment(ref _nextIp);
        var address = ServiceRangeStart + offset;
        return $"{address >> 24}.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}";
    }
}
