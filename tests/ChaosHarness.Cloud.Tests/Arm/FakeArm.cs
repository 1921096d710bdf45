using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChaosHarness.Cloud.Tests.Arm;

/// <summary>
/// A test double of Azure Resource Manager, serving over HTTPS on 127.0.0.1 the operations the Azure faults use, in
/// their published REST shapes: scale sets of a resource group (list, get), their VMs with zones and instance view,
/// <c>poweroff</c> (with <c>instanceIds</c> and <c>skipShutdown</c>) and <c>start</c> as long-running operations polled
/// through Azure-AsyncOperation and Location. Anything else is a 404 it remembers, so tests see unexpected calls.
/// </summary>
public sealed partial class FakeArm : IAsyncDisposable
{
    public const string Token = "fake-arm-token";
    public const string Location = "eastus";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeScaleSet> _scaleSets = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PendingOperation> _operations = new(StringComparer.Ordinal);
    private readonly List<string> _requests = [];
    private readonly List<string> _unhandled = [];
    private WebApplication _app = null!;

    private FakeArm(string subscription, string resourceGroup)
    {
        Subscription = subscription;
        ResourceGroup = resourceGroup;
    }

    public string Subscription { get; }

    public string ResourceGroup { get; }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<string> Requests { get { lock (_gate) { return [.. _requests]; } } }

    public IReadOnlyList<string> Unhandled { get { lock (_gate) { return [.. _unhandled]; } } }

    public int OperationPolls { get; private set; }

    public static async Task<FakeArm> StartAsync(string subscription, string resourceGroup)
    {
        var arm = new FakeArm(subscription, resourceGroup);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(TestCertificate.Loopback)));
        arm._app = builder.Build();
        arm._app.Run(arm.HandleAsync);
        await arm._app.StartAsync();
        var address = arm._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        arm.Endpoint = new Uri(address + "/");
        return arm;
    }

    public FakeScaleSet AddScaleSet(string name, IReadOnlyDictionary<string, string> tags, IReadOnlyList<string> zones, int instancesPerZone)
    {
        var scaleSet = new FakeScaleSet(name, tags, zones);
        var next = 0;
        foreach (var zone in zones)
        {
            for (var i = 0; i < instancesPerZone; i++)
            {
                scaleSet.Instances[(next++).ToString(CultureInfo.InvariantCulture)] = (zone, "PowerState/running");
            }
        }

        lock (_gate)
        {
            _scaleSets[name] = scaleSet;
        }

        return scaleSet;
    }

    public void SetPowerState(string scaleSet, string instanceId, string powerState)
    {
        lock (_gate)
        {
            var set = _scaleSets[scaleSet];
            set.Instances[instanceId] = (set.Instances[instanceId].Zone, powerState);
        }
    }

    /// <summary>Every instance's power state, as "scaleSet/instance zone state", sorted: comparable before and after.</summary>
    public IReadOnlyList<string> PowerStates()
    {
        lock (_gate)
        {
            return _scaleSets.Values.SelectMany(s => s.Instances.Select(i => $"{s.Name}/{i.Key} zone {i.Value.Zone} {i.Value.PowerState}")).Order(StringComparer.Ordinal).ToList();
        }
    }

    public string PowerState(string scaleSet, string instanceId)
    {
        lock (_gate)
        {
            return _scaleSets[scaleSet].Instances[instanceId].PowerState;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var line = $"{request.Method} {request.Path}{request.QueryString}";
        lock (_gate)
        {
            _requests.Add(line);
        }

        if (request.Headers.Authorization.ToString() != $"Bearer {Token}")
        {
            await WriteAsync(http, HttpStatusCode.Unauthorized, Error("AuthenticationFailed", "Authentication failed: no valid bearer token."));
            return;
        }

        var path = request.Path.Value ?? "";
        var scaleSetRoute = ScaleSetRoute().Match(path);
        var operationRoute = OperationRoute().Match(path);
        if (scaleSetRoute.Success && scaleSetRoute.Groups["sub"].Value == Subscription && scaleSetRoute.Groups["rg"].Value.Equals(ResourceGroup, StringComparison.OrdinalIgnoreCase))
        {
            await HandleScaleSetsAsync(http, scaleSetRoute.Groups["name"].Value, scaleSetRoute.Groups["action"].Value, body);
        }
        else if (operationRoute.Success && request.Method == "GET")
        {
            await HandleOperationAsync(http, operationRoute.Groups["id"].Value, request.Query.ContainsKey("monitor"));
        }
        else
        {
            lock (_gate)
            {
                _unhandled.Add(line);
            }

            await WriteAsync(http, HttpStatusCode.NotFound, Error("NotFound", $"The fake ARM endpoint does not serve {line}."));
        }
    }

    private async Task HandleScaleSetsAsync(HttpContext http, string name, string action, string body)
    {
        var method = http.Request.Method;
        FakeScaleSet? scaleSet = null;
        lock (_gate)
        {
            if (name.Length > 0 && !_scaleSets.TryGetValue(name, out scaleSet))
            {
                scaleSet = null;
            }
        }

        if (name.Length == 0 && method == "GET")
        {
            JsonArray list;
            lock (_gate)
            {
                list = new JsonArray(_scaleSets.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => (JsonNode?)ScaleSetJson(s)).ToArray());
            }

            await WriteAsync(http, HttpStatusCode.OK, new JsonObject { ["value"] = list });
            return;
        }

        if (scaleSet is null)
        {
            await WriteAsync(http, HttpStatusCode.NotFound, Error("ResourceNotFound", $"The Resource 'Microsoft.Compute/virtualMachineScaleSets/{name}' under resource group '{ResourceGroup}' was not found."));
            return;
        }

        switch (method, action.ToLowerInvariant())
        {
            case ("GET", ""):
                JsonObject json;
                lock (_gate)
                {
                    json = ScaleSetJson(scaleSet);
                }

                await WriteAsync(http, HttpStatusCode.OK, json);
                return;
            case ("GET", "virtualmachines"):
                var expand = http.Request.Query["$expand"].ToString().Contains("instanceView", StringComparison.OrdinalIgnoreCase);
                JsonArray vms;
                lock (_gate)
                {
                    vms = new JsonArray(scaleSet.Instances.Select(i => (JsonNode?)VmJson(scaleSet, i.Key, i.Value.Zone, i.Value.PowerState, expand)).ToArray());
                }

                await WriteAsync(http, HttpStatusCode.OK, new JsonObject { ["value"] = vms });
                return;
            case ("POST", "poweroff"):
            case ("POST", "start"):
                var ids = ReadInstanceIds(body) ?? scaleSet.Instances.Keys.ToList();
                var unknown = ids.Where(i => !scaleSet.Instances.ContainsKey(i)).ToList();
                if (unknown.Count > 0)
                {
                    await WriteAsync(http, HttpStatusCode.BadRequest, Error("InvalidParameter", $"Instance ids {string.Join(", ", unknown)} are not in scale set {scaleSet.Name}."));
                    return;
                }

                var target = action.Equals("start", StringComparison.OrdinalIgnoreCase) ? "PowerState/running" : "PowerState/stopped";
                var id = Guid.NewGuid().ToString();
                lock (_gate)
                {
                    _operations[id] = new PendingOperation(scaleSet, ids, target);
                }

                var operationUrl = $"{Endpoint.GetLeftPart(UriPartial.Authority)}/subscriptions/{Subscription}/providers/Microsoft.Compute/locations/{Location}/operations/{id}?api-version=2022-08-01";
                http.Response.Headers["Azure-AsyncOperation"] = operationUrl;
                http.Response.Headers["Location"] = operationUrl + "&monitor=true";
                http.Response.StatusCode = (int)HttpStatusCode.Accepted;
                return;
            default:
                await WriteAsync(http, HttpStatusCode.NotFound, Error("NotFound", $"The fake ARM endpoint does not serve {method} {action}."));
                return;
        }
    }

    // An operation answers InProgress to its first poll and completes on the next, so callers must really poll.
    private async Task HandleOperationAsync(HttpContext http, string id, bool monitor)
    {
        PendingOperation? operation;
        bool done;
        lock (_gate)
        {
            OperationPolls++;
            if (!_operations.TryGetValue(id, out operation))
            {
                done = false;
            }
            else
            {
                operation.Polls++;
                done = operation.Polls > 1;
                if (done && !operation.Applied)
                {
                    foreach (var instance in operation.InstanceIds)
                    {
                        operation.ScaleSet.Instances[instance] = (operation.ScaleSet.Instances[instance].Zone, operation.TargetPowerState);
                    }

                    operation.Applied = true;
                }
            }
        }

        if (operation is null)
        {
            await WriteAsync(http, HttpStatusCode.NotFound, Error("NotFound", $"No operation {id}."));
            return;
        }

        if (monitor)
        {
            http.Response.StatusCode = done ? (int)HttpStatusCode.OK : (int)HttpStatusCode.Accepted;
            return;
        }

        await WriteAsync(http, HttpStatusCode.OK, new JsonObject
        {
            ["name"] = id,
            ["status"] = done ? "Succeeded" : "InProgress",
            ["startTime"] = "2024-01-01T00:00:00Z",
        });
    }

    private JsonObject ScaleSetJson(FakeScaleSet s) => new()
    {
        ["id"] = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/{s.Name}",
        ["name"] = s.Name,
        ["type"] = "Microsoft.Compute/virtualMachineScaleSets",
        ["location"] = Location,
        ["tags"] = new JsonObject(s.Tags.Select(t => new KeyValuePair<string, JsonNode?>(t.Key, t.Value))),
        ["zones"] = new JsonArray(s.Zones.Select(z => (JsonNode?)z).ToArray()),
        ["sku"] = new JsonObject { ["name"] = "Standard_D4s_v5", ["tier"] = "Standard", ["capacity"] = s.Instances.Count },
        ["properties"] = new JsonObject { ["provisioningState"] = "Succeeded", ["orchestrationMode"] = "Uniform", ["uniqueId"] = Guid.NewGuid().ToString() },
    };

    private JsonObject VmJson(FakeScaleSet s, string instanceId, string zone, string powerState, bool expand)
    {
        var properties = new JsonObject { ["latestModelApplied"] = true, ["provisioningState"] = "Succeeded", ["vmId"] = Guid.NewGuid().ToString() };
        if (expand)
        {
            properties["instanceView"] = new JsonObject
            {
                ["statuses"] = new JsonArray(
                    new JsonObject { ["code"] = "ProvisioningState/succeeded", ["level"] = "Info", ["displayStatus"] = "Provisioning succeeded" },
                    new JsonObject { ["code"] = powerState, ["level"] = "Info", ["displayStatus"] = powerState == "PowerState/running" ? "VM running" : "VM stopped" }),
            };
        }

        return new JsonObject
        {
            ["id"] = $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/{s.Name}/virtualMachines/{instanceId}",
            ["name"] = $"{s.Name}_{instanceId}",
            ["type"] = "Microsoft.Compute/virtualMachineScaleSets/virtualMachines",
            ["location"] = Location,
            ["instanceId"] = instanceId,
            ["zones"] = new JsonArray(zone),
            ["properties"] = properties,
        };
    }

    private static List<string>? ReadInstanceIds(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        return JsonNode.Parse(body)?["instanceIds"]?.AsArray().Select(n => n!.GetValue<string>()).ToList();
    }

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static Task WriteAsync(HttpContext http, HttpStatusCode status, JsonObject body)
    {
        http.Response.StatusCode = (int)status;
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsync(body.ToJsonString(JsonSerializerOptions.Default));
    }

    [GeneratedRegex("^/subscriptions/(?<sub>[^/]+)/resourceGroups/(?<rg>[^/]+)/providers/Microsoft.Compute/virtualMachineScaleSets(/(?<name>[^/]+)(/(?<action>[^/]+))?)?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex ScaleSetRoute();

    [GeneratedRegex("^/subscriptions/[^/]+/providers/Microsoft.Compute/locations/[^/]+/operations/(?<id>[^/]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex OperationRoute();

    private sealed class PendingOperation(FakeScaleSet scaleSet, IReadOnlyList<string> instanceIds, string targetPowerState)
    {
        public FakeScaleSet ScaleSet { get; } = scaleSet;

        public IReadOnlyList<string> InstanceIds { get; } = instanceIds;

        public string TargetPowerState { get; } = targetPowerState;

        public int Polls { get; set; }

        public bool Applied { get; set; }
    }
}
