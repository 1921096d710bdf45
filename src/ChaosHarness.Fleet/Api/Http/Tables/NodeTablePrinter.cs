using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get nodes</c>: NAME STATUS ROLES AGE VERSION (STATUS Ready, NotReady, Unknown, then SchedulingDisabled).</summary>
internal sealed class NodeTablePrinter : TablePrinter
{
    private const string RolePrefix = "node-role.kubernetes.io/";

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Status", "The status of the node"),
        TableColumn.Text("Roles", "The roles of the node"),
        TableColumn.Age,
        TableColumn.Text("Version", "Kubelet Version reported by the node."),
        TableColumn.Text("Internal-IP", "List of internal IPs for the node.", 1),
        TableColumn.Text("External-IP", "List of external IPs for this node.", 1),
        TableColumn.Text("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
        TableColumn.Text("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
        TableColumn.Text("Container-Runtime", "Container runtime version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement node, DateTimeOffset now)
    {
        cells.WriteStringValue(NameOf(node));
        cells.WriteStringValue(Status(node));
        cells.WriteStringValue(Roles(node));
        cells.WriteStringValue(AgeOf(node, now));
        cells.WriteStringValue(node.StringAt("status", "nodeInfo", "kubeletVersion") ?? "");
        cells.WriteStringValue(Address(node, "InternalIP"));
        cells.WriteStringValue(Address(node, "ExternalIP"));
        cells.WriteStringValue(node.StringAt("status", "nodeInfo", "osImage") ?? "<unknown>");
        cells.WriteStringValue(node.StringAt("status", "nodeInfo", "kernelVersion") ?? "<unknown>");
        cells.WriteStringValue(node.StringAt("status", "nodeInfo", "containerRuntimeVersion") ?? "<unknown>");
    }

    private static string Status(JsonElement node)
    {
        var ready = node.ArrayAt("status", "conditions").FirstOrDefault(c => c.StringAt("type") == "Ready");
        var status = ready.ValueKind == JsonValueKind.Undefined ? "Unknown"
            : ready.StringAt("status") == "True" ? "Ready"
            : "NotReady";
        return node.IsTrueAt("spec", "unschedulable") ? status + ",SchedulingDisabled" : status;
    }

    private static string Roles(JsonElement node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in node.PropertiesAt("metadata", "labels"))
        {
            if (label.Name.StartsWith(RolePrefix, StringComparison.Ordinal) && label.Name.Length > RolePrefix.Length)
            {
                roles.Add(label.Name[RolePrefix.Length..]);
            }
            else if (label.Name == "kubernetes.io/role" && label.Value.GetString() is { Length: > 0 } role)
            {
                roles.Add(role);
            }
        }

        return roles.Count == 0 ? None : string.Join(",", roles);
    }

    private static string Address(JsonElement node, string type) =>
        OrNone(node.ArrayAt("status", "addresses").FirstOrDefault(a => a.StringAt("type") == type) is { ValueKind: JsonValueKind.Object } address
            ? address.StringAt("address")
            : null);
}
