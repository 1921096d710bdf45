using ChaosHarness.Fleet.Tests.Support;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Kubectl;

/// <summary>
/// The real kubectl against a simulated cluster's API server alone: no controllers run, so the pods, nodes and statuses
/// tests write stand as written, as a kubelet or controller would have written them. Checks what kubectl prints, not only
/// its exit code. What kubectl shows of the real controllers' work is in <see cref="KubectlWithControllersTests"/>.
/// </summary>
[TestFixture(Support.Kubectl.Dispatcher)]
[TestFixture("kubectl.1.27")]
[TestFixture("kubectl.1.33")]
[Category("Kubectl")]
public sealed class KubectlTests(string build) : KubectlFixture(build)
{
    private const string DeploymentYaml = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: web
                image: registry.example/web:1.0
        """;

    protected override bool RunsControllers => false;

    private async Task CreateReadyPodAsync(string ns, string name, string? node = null)
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod(name, new Dictionary<string, string> { ["app"] = "web" }, node), ns);
        pod.Status = new V1PodStatus
        {
            Phase = "Running",
            PodIP = "10.1.0.9",
            Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }],
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = "app", Ready = true, RestartCount = 0, Image = "registry.example/app:1.0", ImageID = "",
                    State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = DateTime.UtcNow } },
                },
            ],
        };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, ns);
    }

    private async Task<string> CreateNodeAsync(string readyStatus = "True")
    {
        var name = $"node-{ChaosHarness.Fleet.Api.NameSuffix.Next(6)}";
        var node = await Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
        });
        node.Status = new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = readyStatus, Reason = "KubeletReady", Message = "kubelet is posting ready status" }],
            NodeInfo = new V1NodeSystemInfo
            {
                KubeletVersion = "v1.31.4", Architecture = "amd64", BootID = "b", ContainerRuntimeVersion = "containerd://1.7.22",
                KernelVersion = "6.1.0", KubeProxyVersion = "v1.31.4", MachineID = "m", OperatingSystem = "linux",
                OsImage = "Debian GNU/Linux 12 (bookworm)", SystemUUID = "u",
            },
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.0.4" }],
        };
        await Client.CoreV1.ReplaceNodeStatusAsync(node, name);
        return name;
    }

    [Test]
    public async Task Apply_creates_then_finds_nothing_to_change_then_configures()
    {
        var ns = await NewNamespaceAsync();

        var created = await ApplyAsync(ns, DeploymentYaml);
        var unchanged = await ApplyAsync(ns, DeploymentYaml);
        var configured = await ApplyAsync(ns, DeploymentYaml.Replace("replicas: 2", "replicas: 4", StringComparison.Ordinal));

        Assert.That(created.Succeeded().Output.Trim(), Is.EqualTo("deployment.apps/web created"));
        Assert.That(unchanged.Succeeded().Output.Trim(), Is.EqualTo("deployment.apps/web unchanged"));
        Assert.That(configured.Succeeded().Output.Trim(), Is.EqualTo("deployment.apps/web configured"));
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.That(deployment.Spec.Replicas, Is.EqualTo(4));
        Assert.That(deployment.Metadata.Annotations, Does.ContainKey("kubectl.kubernetes.io/last-applied-configuration"));
    }

    [Test]
    public async Task Get_pods_wide_adds_ip_and_node()
    {
        var ns = await NewNamespaceAsync();
        await CreateReadyPodAsync(ns, "web-0", node: "node-x");

        var result = (await Run("get", "pods", "-n", ns, "-o", "wide")).Succeeded();

        Assert.That(result.Output, Does.Match(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES"));
        Assert.That(result.Rows()[1], Does.Contain("10.1.0.9").And.Contain("node-x"));
    }

    [Test]
    public async Task Get_nodes_prints_status_roles_age_and_version()
    {
        var ready = await CreateNodeAsync();
        var lost = await CreateNodeAsync(readyStatus: "Unknown");

        var result = (await Run("get", "nodes", ready, lost)).Succeeded();

        var rows = result.Rows().ToDictionary(r => r[0]);
        Assert.That(rows["NAME"], Is.EqualTo(new[] { "NAME", "STATUS", "ROLES", "AGE", "VERSION" }));
        Assert.That(rows[ready][1..3], Is.EqualTo(new[] { "Ready", "<none>" }));
        Assert.That(rows[ready][4], Is.EqualTo("v1.31.4"));
        Assert.That(rows[lost][1], Is.EqualTo("NotReady"));
    }

    [Test]
    public async Task Get_with_label_columns_reads_labels_from_the_table_rows()
    {
        var ns = await NewNamespaceAsync();
        await CreateReadyPodAsync(ns, "web-0");

        var rows = (await Run("get", "pods", "-n", ns, "-L", "app", "-l", "app=web")).Succeeded().Rows();

        Assert.That(rows[0][^1], Is.EqualTo("APP"));
        Assert.That(rows[1][^1], Is.EqualTo("web"));
    }

    [Test]
    public async Task Chunked_get_follows_continue_tokens_through_table_pages()
    {
        var ns = await NewNamespaceAsync();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns);
        }

        var rows = (await Run("get", "configmaps", "-n", ns, "--chunk-size=1")).Succeeded().Rows();

        Assert.That(rows[0], Is.EqualTo(new[] { "NAME", "DATA", "AGE" }));
        Assert.That(rows.Skip(1).Select(r => (r[0], r[1])), Is.EqualTo(new[] { ("a", "1"), ("b", "1"), ("c", "1") }));
    }

    [Test]
    public async Task Replace_puts_the_whole_object_and_a_stale_one_conflicts()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, DeploymentYaml);
        var current = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        current.Spec.Replicas = 6;
        var yaml = KubernetesYaml.Serialize(current);
        await Client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"metadata":{"labels":{"moved":"on"}}}""", V1Patch.PatchType.MergePatch), "web", ns);

        var stale = await Kubectl.RunAsync(["replace", "-n", ns, "-f", "-", .. ValidationFlags], yaml, TimeSpan.FromSeconds(60));
        var latest = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        latest.Spec.Replicas = 6;
        var fresh = await Kubectl.RunAsync(["replace", "-n", ns, "-f", "-", .. ValidationFlags], KubernetesYaml.Serialize(latest), TimeSpan.FromSeconds(60));

        Assert.That(stale.ExitCode, Is.Not.Zero);
        Assert.That(stale.Error, Does.Contain("Operation cannot be fulfilled on deployments.apps \"web\": the object has been modified"));
        Assert.That(fresh.Succeeded().Output.Trim(), Is.EqualTo("deployment.apps/web replaced"));
        Assert.That((await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas, Is.EqualTo(6));
    }

    [Test]
    public async Task Describe_shows_the_object_in_kubectl_words()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, DeploymentYaml);

        var result = (await Run("describe", "deployment", "web", "-n", ns)).Succeeded();

        Assert.That(result.Output, Does.Match(@"Name:\s+web"));
        Assert.That(result.Output, Does.Match($@"Namespace:\s+{ns}"));
        Assert.That(result.Output, Does.Match(@"Selector:\s+app=web"));
        Assert.That(result.Output, Does.Match(@"Replicas:\s+2 desired"));
        Assert.That(result.Output, Does.Contain("registry.example/web:1.0"));
    }

    [Test]
    public async Task Describe_node_lists_the_pods_bound_to_it()
    {
        var node = await CreateNodeAsync();
        var ns = await NewNamespaceAsync();
        await CreateReadyPodAsync(ns, "bound-0", node: node);

        var result = (await Run("describe", "node", node)).Succeeded();

        Assert.That(result.Output, Does.Match($@"Name:\s+{node}"));
        Assert.That(result.Output, Does.Contain("Non-terminated Pods:").And.Contain("bound-0"));
    }

    [Test]
    public async Task Events_print_as_kubectl_prints_them_and_describe_finds_those_of_its_object()
    {
        var ns = await NewNamespaceAsync();
        await CreateReadyPodAsync(ns, "web-0");
        var pod = await Client.CoreV1.ReadNamespacedPodAsync("web-0", ns);
        var now = Cluster.Clock.GetUtcNow().UtcDateTime;
        await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "web-0.scheduled" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "web-0", NamespaceProperty = ns, Uid = pod.Metadata.Uid, ApiVersion = "v1" },
            Reason = "Scheduled", Message = "Successfully assigned web-0 to node-a", Type = "Normal",
            Source = new V1EventSource { Component = "default-scheduler" }, FirstTimestamp = now, LastTimestamp = now, Count = 1,
        }, ns);

        var events = (await Run("get", "events", "-n", ns)).Succeeded();
        var described = (await Run("describe", "pod", "web-0", "-n", ns)).Succeeded();

        Assert.That(events.Output, Does.Match(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE"));
        Assert.That(events.Output, Does.Match(@"Normal\s+Scheduled\s+pod/web-0\s+Successfully assigned web-0 to node-a"));
        Assert.That(described.Output, Does.Match(@"Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned web-0 to node-a"));
    }

    [Test]
    public async Task Scale_sets_replicas_through_the_scale_subresource()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, DeploymentYaml);

        var result = (await Run("scale", "deployment/web", "--replicas=5", "-n", ns)).Succeeded();

        Assert.That(result.Output.Trim(), Is.EqualTo("deployment.apps/web scaled"));
        Assert.That((await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas, Is.EqualTo(5));
    }

    [Test]
    public async Task Patch_is_strategic_by_default_and_merges_containers_by_name()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, DeploymentYaml);

        var result = (await Run("patch", "deployment", "web", "-n", ns, "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"registry.example/web:2.0"}]}}}}""")).Succeeded();

        Assert.That(result.Output.Trim(), Is.EqualTo("deployment.apps/web patched"));
        var containers = (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Template.Spec.Containers;
        Assert.That(containers.Select(c => (c.Name, c.Image)), Is.EqualTo(new[] { ("web", "registry.example/web:2.0") }));
    }

    [Test]
    public async Task Patch_accepts_json_and_merge_types()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, DeploymentYaml);

        (await Run("patch", "deployment", "web", "-n", ns, "--type=json", "-p", """[{"op":"replace","path":"/spec/replicas","value":1}]""")).Succeeded();
        (await Run("patch", "deployment", "web", "-n", ns, "--type=merge", "-p", """{"metadata":{"annotations":{"team":"a"}}}""")).Succeeded();

        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.That((deployment.Spec.Replicas, deployment.Metadata.Annotations["team"]), Is.EqualTo((1, "a")));
    }

    [Test]
    public async Task Label_adds_and_removes_labels()
    {
        var ns = await NewNamespaceAsync();
        await CreateReadyPodAsync(ns, "web-0");

        var added = (await Run("label", "pod", "web-0", "tier=front", "-n", ns)).Succeeded();
        var removed = (await Run("label", "pod", "web-0", "app-", "-n", ns)).Succeeded();

        Assert.That(added.Output.Trim(), Is.EqualTo("pod/web-0 labeled"));
        Assert.That(removed.Output.Trim(), Is.EqualTo("pod/web-0 unlabeled"));
        Assert.That((await Client.CoreV1.ReadNamespacedPodAsync("web-0", ns)).Metadata.Labels,
            Is.EquivalentTo(new Dictionary<string, string> { ["tier"] = "front" }));
    }

    [Test]
    public async Task Cordon_and_uncordon_toggle_scheduling_and_get_nodes_shows_it()
    {
        var node = await CreateNodeAsync();

        var cordoned = (await Run("cordon", node)).Succeeded();
        var shown = (await Run("get", "node", node)).Succeeded();
        var uncordoned = (await Run("uncordon", node)).Succeeded();

        Assert.That(cordoned.Output.Trim(), Is.EqualTo($"node/{node} cordoned"));
        Assert.That(shown.Rows()[1][1], Is.EqualTo("Ready,SchedulingDisabled"));
        Assert.That(uncordoned.Output.Trim(), Is.EqualTo($"node/{node} uncordoned"));
        Assert.That((await Client.CoreV1.ReadNodeAsync(node)).Spec.Unschedulable, Is.Null.Or.False);
    }

    [Test]
    public async Task Wait_returns_once_the_condition_is_met()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("late"), ns);
        var waiting = Kubectl.RunAsync(["wait", "--for=condition=Ready", "pod/late", "-n", ns, "--timeout=30s"], null, TimeSpan.FromSeconds(45));

        var pod = await Client.CoreV1.ReadNamespacedPodAsync("late", ns);
        pod.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "late", ns);

        Assert.That((await waiting).Succeeded().Output.Trim(), Is.EqualTo("pod/late condition met"));
    }

    [Test]
    public async Task Wait_for_delete_returns_once_the_object_is_gone()
    {
        var ns = await NewNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "doomed" } }, ns);
        var waiting = Kubectl.RunAsync(["wait", "--for=delete", "configmap/doomed", "-n", ns, "--timeout=30s"], null, TimeSpan.FromSeconds(45));

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("doomed", ns);

        Assert.That((await waiting).ExitCode, Is.Zero);
    }

    [Test]
    public async Task Get_watch_prints_the_list_then_each_change()
    {
        var ns = await NewNamespaceAsync();
        await CreateReadyPodAsync(ns, "first");
        using var watching = Kubectl.Start(["get", "pods", "-n", ns, "-w"]);
        var lines = new List<string>();
        try
        {
            async Task<string> NextLineAsync()
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                var line = await watching.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new EndOfStreamException("kubectl get -w ended");
                lines.Add(line);
                return line;
            }

            Assert.That(await NextLineAsync(), Does.Match(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE"));
            Assert.That(await NextLineAsync(), Does.Match(@"^first\s+1/1\s+Running\s+0"));

            await CreateReadyPodAsync(ns, "second");

            Assert.That(await NextLineAsync(), Does.Match(@"^second\s+0/1\s+"));
            Assert.That(await NextLineAsync(), Does.Match(@"^second\s+1/1\s+Running\s+0"));
        }
        finally
        {
            watching.Kill(entireProcessTree: true);
            await watching.WaitForExitAsync();
            TestContext.Out.WriteLine(string.Join('\n', lines));
        }
    }

    [Test]
    public async Task Delete_removes_the_object_and_says_so()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, DeploymentYaml);

        var result = (await Run("delete", "deployment", "web", "-n", ns)).Succeeded();

        Assert.That(result.Output.Trim(), Is.EqualTo("deployment.apps \"web\" deleted"));
        Assert.That((await Client.AppsV1.ListNamespacedDeploymentAsync(ns)).Items, Is.Empty);
    }

    [Test]
    public async Task Get_of_a_missing_object_prints_the_servers_NotFound()
    {
        var ns = await NewNamespaceAsync();

        var result = await Run("get", "deployment", "ghost", "-n", ns);

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Error.Trim(), Is.EqualTo("Error from server (NotFound): deployments.apps \"ghost\" not found"));
    }

    [Test]
    public async Task Api_resources_lists_short_names_from_discovery()
    {
        var result = (await Run("api-resources", "--api-group=apps")).Succeeded();

        Assert.That(result.Output, Does.Match(@"deployments\s+deploy\s+apps/v1\s+true\s+Deployment"));
    }

    [Test]
    public async Task Get_all_uses_the_all_category()
    {
        var ns = await NewNamespaceAsync();
        await ApplyAsync(ns, DeploymentYaml);
        await CreateReadyPodAsync(ns, "web-0");

        var result = (await Run("get", "all", "-n", ns)).Succeeded();

        Assert.That(result.Output, Does.Contain("pod/web-0").And.Contain("deployment.apps/web"));
    }

    [Test]
    public async Task Custom_resources_are_served_once_their_definition_is_applied()
    {
        var group = $"g{ChaosHarness.Fleet.Api.NameSuffix.Next(6)}.example.io";
        var ns = await NewNamespaceAsync();
        var definition = $$"""
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: widgets.{{group}}
            spec:
              group: {{group}}
              scope: Namespaced
              names: {kind: Widget, listKind: WidgetList, plural: widgets, singular: widget, shortNames: [wg]}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
            """;

        (await ApplyAsync(ns, definition)).Succeeded();
        (await Run("wait", "--for=condition=established", $"crd/widgets.{group}", "--timeout=20s")).Succeeded();
        (await ApplyAsync(ns, $"apiVersion: {group}/v1\nkind: Widget\nmetadata:\n  name: blue\nspec:\n  size: 3\n")).Succeeded();
        var rows = (await Run("get", "wg", "-n", ns)).Succeeded().Rows();

        Assert.That(rows[0], Is.EqualTo(new[] { "NAME", "AGE" }));
        Assert.That(rows[1][0], Is.EqualTo("blue"));
    }

    [Test]
    public async Task Server_side_apply_is_refused_as_not_available()
    {
        var ns = await NewNamespaceAsync();

        var result = await Kubectl.RunAsync(["apply", "--server-side", "-n", ns, "-f", "-", .. ValidationFlags], DeploymentYaml, TimeSpan.FromSeconds(60));

        Assert.That(result.ExitCode, Is.Not.Zero);
        Assert.That(result.Error, Does.Contain("UnsupportedMediaType").Or.Contain("Server-side apply not available"));
    }
}
