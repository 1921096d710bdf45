using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Http;

/// <summary>The Table printers, fed with pod, node and Deployment statuses written by hand: no controllers rewrite them.</summary>
public sealed class TableTests : SharedFleet
{
    protected override bool RunsControllers => false;

    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private async Task<JsonNode> TableAsync(string path)
    {
        using var raw = new RawApi(Cluster, Cluster.AdminToken);
        using var response = await raw.SendAsync(HttpMethod.Get, path, accept: TableAccept);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static IEnumerable<string> Columns(JsonNode table) => table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!);

    [Test]
    public async Task Pods_show_ready_status_restarts_and_age()
    {
        var ns = await NewNamespaceAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod("web-0", nodeName: "node-a"), ns);
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = "10.0.0.7",
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
            ContainerStatuses = [new V1ContainerStatus { Name = "app", Ready = true, RestartCount = 2, Image = "x", ImageID = "", State = new V1ContainerState { Running = new V1ContainerStateRunning() } }],
        };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "web-0", ns);

        var table = await TableAsync($"/api/v1/namespaces/{ns}/pods");

        Assert.That((string?)table["kind"], Is.EqualTo("Table"));
        Assert.That(Columns(table).Take(5), Is.EqualTo(new[] { "Name", "Ready", "Status", "Restarts", "Age" }));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.That(((string?)cells[0], (string?)cells[1], (string?)cells[2], (int?)cells[3]), Is.EqualTo(("web-0", "1/1", "Running", 2)));
        Assert.That(((string?)cells[5], (string?)cells[6]), Is.EqualTo(("10.0.0.7", "node-a")));
        Assert.That((string?)table["rows"]![0]!["object"]!["kind"], Is.EqualTo("PartialObjectMetadata"));
    }

    [Test]
    public async Task Nodes_show_readiness_and_scheduling()
    {
        var name = $"tbl-{NameSuffixFor()}";
        var node = await Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["node-role.kubernetes.io/worker"] = "" } },
            Spec = new V1NodeSpec { Unschedulable = true },
        });
        node.Status = new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = "Unknown" }],
            NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.31.4", Architecture = "amd64", BootID = "", ContainerRuntimeVersion = "containerd://1.7", KernelVersion = "6.1", KubeProxyVersion = "", MachineID = "", OperatingSystem = "linux", OsImage = "Debian", SystemUUID = "" },
        };
        await Client.CoreV1.ReplaceNodeStatusAsync(node, name);

        var table = await TableAsync($"/api/v1/nodes/{name}");

        Assert.That(Columns(table).Take(5), Is.EqualTo(new[] { "Name", "Status", "Roles", "Age", "Version" }));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.That(((string?)cells[1], (string?)cells[2], (string?)cells[4]), Is.EqualTo(("NotReady,SchedulingDisabled", "worker", "v1.31.4")));
    }

    [Test]
    public async Task Deployments_show_ready_up_to_date_and_available()
    {
        var ns = await NewNamespaceAsync();
        var deployment = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 3), ns);
        deployment.Status = new V1DeploymentStatus { ReadyReplicas = 2, UpdatedReplicas = 3, AvailableReplicas = 2, Replicas = 3 };
        await Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(deployment, "web", ns);

        var table = await TableAsync($"/apis/apps/v1/namespaces/{ns}/deployments");

        Assert.That(Columns(table), Is.EqualTo(new[] { "Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector" }));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.That(((string?)cells[1], (int?)cells[2], (int?)cells[3], (string?)cells[7]), Is.EqualTo(("2/3", 3, 2, "app=web")));
    }

    [Test]
    public async Task Kinds_without_a_printer_get_name_and_age()
    {
        var table = await TableAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles");

        Assert.That(Columns(table), Is.EqualTo(new[] { "Name", "Age" }));
    }

    [Test]
    public async Task Paged_tables_carry_the_continue_token()
    {
        var ns = await NewNamespaceAsync();
        for (var i = 0; i < 3; i++) await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"c{i}" } }, ns);

        var table = await TableAsync($"/api/v1/namespaces/{ns}/configmaps?limit=2");

        Assert.That(table["rows"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That((string?)table["metadata"]!["continue"], Is.Not.Empty);
    }

    private static string NameSuffixFor() => ChaosHarness.Fleet.Api.NameSuffix.Next(6);
}
