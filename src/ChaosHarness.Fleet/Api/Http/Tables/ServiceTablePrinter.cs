using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get services</c>: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, and SELECTOR wide.</summary>
internal sealed class ServiceTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Type", "type determines how the Service is exposed."),
        TableColumn.Text("Cluster-IP", "clusterIP is the IP address of the service and is usually assigned randomly."),
        TableColumn.Text("External-IP", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
        TableColumn.Text("Port(s)", "The list of ports that are exposed by this service."),
        TableColumn.Age,
        TableColumn.Text("Selector", "Route service traffic to pods with label keys and values matching this selector.", 1),
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement service, DateTimeOffset now)
    {
        var type = service.StringAt("spec", "type") ?? "ClusterIP";
        cells.WriteStringValue(NameOf(service));
        cells.WriteStringValue(type);
        cells.WriteStringValue(OrNone(service.StringAt("spec", "clusterIP")));
        cells.WriteStringValue(ExternalIp(service, type));
        cells.WriteStringValue(Ports(service));
        cells.WriteStringValue(AgeOf(service, now));
        cells.WriteStringValue(OrNone(string.Join(",", service.PropertiesAt("spec", "selector").Select(s => $"{s.Name}={s.Value.GetString()}"))));
    }

    private static string ExternalIp(JsonElement service, string type)
    {
        var external = service.ArrayAt("spec", "externalIPs").Select(ip => ip.GetString()).ToList();
        switch (type)
        {
            case "ExternalName":
                return service.StringAt("spec", "externalName") ?? None;
            case "LoadBalancer":
                var ingress = service.ArrayAt("status", "loadBalancer", "ingress").Select(i => i.StringAt("ip") ?? i.StringAt("hostname")).ToList();
                external.AddRange(ingress);
                return external.Count > 0 ? string.Join(",", external) : "<pending>";
            default:
                return external.Count > 0 ? string.Join(",", external) : None;
        }
    }

    private static string Ports(JsonElement service)
    {
        var ports = service.ArrayAt("spec", "ports").Select(p =>
        {
            var protocol = p.StringAt("protocol") ?? "TCP";
            return p.NumberAt("nodePort") is { } nodePort and not 0
                ? $"{p.NumberAt("port")}:{nodePort}/{protocol}"
                : $"{p.NumberAt("port")}/{protocol}";
        });
        return OrNone(string.Join(",", ports));
    }
}
