using ChaosHarness.Fleet.Api.Patching;

namespace ChaosHarness.Fleet.Tests.Api.Patching;

public class StrategicMergeSchemaTests
{
    private static StrategicMergeSchema For(string group, string kind)
    {
        Assert.That(StrategicMergeSchema.TryGetForKind(group, kind, out var schema), Is.True, $"{group}/{kind}");
        return schema!;
    }

    [TestCase("spec.containers", "name")]
    [TestCase("spec.initContainers", "name")]
    [TestCase("spec.ephemeralContainers", "name")]
    [TestCase("spec.containers.env", "name")]
    [TestCase("spec.containers.ports", "containerPort")]
    [TestCase("spec.containers.volumeMounts", "mountPath")]
    [TestCase("spec.containers.volumeDevices", "devicePath")]
    [TestCase("spec.initContainers.env", "name")]
    [TestCase("spec.volumes", "name")]
    [TestCase("spec.imagePullSecrets", "name")]
    [TestCase("spec.hostAliases", "ip")]
    [TestCase("spec.topologySpreadConstraints", "topologyKey")]
    [TestCase("status.conditions", "type")]
    [TestCase("metadata.ownerReferences", "uid")]
    public void Pod_lists_merged_by_key(string path, string key) =>
        Assert.That(For("", "Pod").ListStrategyAt(path), Is.EqualTo(ListStrategy.MergeByKey(key)));

    [TestCase("spec.tolerations")]
    [TestCase("spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms")]
    [TestCase("spec.containers.command")]
    [TestCase("spec.containers.args")]
    public void Pod_lists_replaced(string path) => Assert.That(For("", "Pod").ListStrategyAt(path), Is.EqualTo(ListStrategy.Replace));

    [TestCase("apps", "Deployment")]
    [TestCase("apps", "ReplicaSet")]
    [TestCase("apps", "StatefulSet")]
    [TestCase("apps", "DaemonSet")]
    [TestCase("batch", "Job")]
    [TestCase("", "ReplicationController")]
    public void Workloads_carry_the_pod_spec_under_their_template(string group, string kind)
    {
        var schema = For(group, kind);
        Assert.That(schema.ListStrategyAt("spec.template.spec.containers"), Is.EqualTo(ListStrategy.MergeByKey("name")));
        Assert.That(schema.ListStrategyAt("spec.template.spec.containers.env"), Is.EqualTo(ListStrategy.MergeByKey("name")));
        Assert.That(schema.ListStrategyAt("spec.template.spec.volumes"), Is.EqualTo(ListStrategy.MergeByKey("name")));
        Assert.That(schema.ListStrategyAt("spec.template.metadata.finalizers"), Is.EqualTo(ListStrategy.MergeSet));
        Assert.That(schema.ListStrategyAt("spec.template.spec.tolerations"), Is.EqualTo(ListStrategy.Replace));
        Assert.That(schema.ListStrategyAt("status.conditions"), Is.EqualTo(ListStrategy.MergeByKey("type")));
    }

    [Test]
    public void Cron_jobs_carry_the_pod_spec_under_their_job_template() => Assert.That(
        For("batch", "CronJob").ListStrategyAt("spec.jobTemplate.spec.template.spec.containers"), Is.EqualTo(ListStrategy.MergeByKey("name")));

    [Test]
    public void Node_lists()
    {
        var node = For("", "Node");
        Assert.That(node.ListStrategyAt("status.conditions"), Is.EqualTo(ListStrategy.MergeByKey("type")));
        Assert.That(node.ListStrategyAt("status.addresses"), Is.EqualTo(ListStrategy.MergeByKey("type")));
        Assert.That(node.ListStrategyAt("spec.taints"), Is.EqualTo(ListStrategy.Replace));
    }

    [Test]
    public void Service_ports_merge_by_port() =>
        Assert.That(For("", "Service").ListStrategyAt("spec.ports"), Is.EqualTo(ListStrategy.MergeByKey("port")));

    [TestCase("", "ConfigMap")]
    [TestCase("", "Namespace")]
    [TestCase("coordination.k8s.io", "Lease")]
    [TestCase("policy", "PodDisruptionBudget")]
    [TestCase("flowcontrol.apiserver.k8s.io", "FlowSchema")]
    public void Every_built_in_kind_merges_owner_references_and_finalizers(string group, string kind)
    {
        var schema = For(group, kind);
        Assert.That(schema.ListStrategyAt("metadata.ownerReferences"), Is.EqualTo(ListStrategy.MergeByKey("uid")));
        Assert.That(schema.ListStrategyAt("metadata.finalizers"), Is.EqualTo(ListStrategy.MergeSet));
    }

    [TestCase("argoproj.io", "Rollout")]
    [TestCase("example.com", "Widget")]
    [TestCase("gateway.networking.k8s.io", "HTTPRoute")]
    public void Custom_resources_do_not_support_strategic_merge(string group, string kind)
    {
        Assert.That(StrategicMergeSchema.TryGetForKind(group, kind, out var schema), Is.False);
        Assert.That(schema, Is.Null);
    }

    [Test]
    public void A_pod_template_schema_can_be_mounted_for_any_kind()
    {
        var rollout = StrategicMergeSchema.AnyKind.WithPodTemplate("spec.template");
        Assert.That(rollout.ListStrategyAt("spec.template.spec.containers.ports"), Is.EqualTo(ListStrategy.MergeByKey("containerPort")));
        Assert.That(rollout.ListStrategyAt("metadata.finalizers"), Is.EqualTo(ListStrategy.MergeSet));
    }

    [Test]
    public void Schemas_are_immutable()
    {
        var extended = StrategicMergeSchema.Empty.WithList("spec.items", ListStrategy.MergeByKey("id"));
        Assert.That(StrategicMergeSchema.Empty.Lists, Is.Empty);
        Assert.That(extended.ListStrategyAt("spec.items"), Is.EqualTo(ListStrategy.MergeByKey("id")));
        Assert.That(extended.ListStrategyAt("spec.other"), Is.EqualTo(ListStrategy.Replace));
    }

    [Test]
    public void List_strategies_describe_themselves()
    {
        Assert.That(ListStrategy.Replace.ToString(), Is.EqualTo("replace"));
        Assert.That(ListStrategy.MergeSet.ToString(), Is.EqualTo("merge"));
        Assert.That(ListStrategy.MergeByKey("name").ToString(), Is.EqualTo("merge on name"));
        Assert.Throws<ArgumentException>(() => ListStrategy.MergeByKey(""));
    }
}
