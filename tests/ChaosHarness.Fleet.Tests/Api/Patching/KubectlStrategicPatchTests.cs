using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Patching;

namespace ChaosHarness.Fleet.Tests.Api.Patching;

/// <summary>The strategic merge patches kubectl and the kubelet send, applied with the built-in kinds' schemas.</summary>
public class KubectlStrategicPatchTests
{
    private const string Node = """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-1","labels":{"kubernetes.io/hostname":"node-1"}},
         "spec":{"podCIDR":"10.0.1.0/24","taints":[{"key":"dedicated","value":"infra","effect":"NoSchedule"}]},
         "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True","reason":"KubeletReady"}],
                   "addresses":[{"type":"InternalIP","address":"10.0.0.1"},{"type":"Hostname","address":"node-1"}]}}
        """;

    private const string Deployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","namespace":"default","finalizers":["example.com/protect","example.com/audit"],
                     "annotations":{"deployment.kubernetes.io/revision":"2"}},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"metadata":{"labels":{"app":"web"},"annotations":{"team":"a"}},
                             "spec":{"containers":[
                                       {"name":"web","image":"web:1","env":[{"name":"A","value":"1"},{"name":"B","value":"1"}],
                                        "ports":[{"containerPort":8080,"protocol":"TCP"}]},
                                       {"name":"old","image":"old:1"},
                                       {"name":"istio-proxy","image":"istio/proxyv2:1.20"}],
                                     "tolerations":[{"key":"dedicated","operator":"Equal","value":"infra","effect":"NoSchedule"}],
                                     "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                                        {"matchExpressions":[{"key":"zone","operator":"In","values":["a"]}]}]}}}}}},
         "status":{"conditions":[{"type":"Available","status":"True"},{"type":"Progressing","status":"True"}]}}
        """;

    private static JsonObject Patch(string group, string kind, string original, string patch) =>
        StrategicMergePatch.Apply(JsonAssert.Object(original), JsonNode.Parse(patch), SchemaOf(group, kind));

    private static JsonObject PatchNode(string patch) => Patch("", "Node", Node, patch);

    private static JsonObject PatchDeployment(string patch) => Patch("apps", "Deployment", Deployment, patch);

    [Test]
    public void Cordon_and_uncordon()
    {
        var cordoned = PatchNode("""{"spec":{"unschedulable":true}}""");
        Assert.That(cordoned["spec"]!["unschedulable"]!.GetValue<bool>(), Is.True);
        Assert.That(cordoned["spec"]!["podCIDR"]!.GetValue<string>(), Is.EqualTo("10.0.1.0/24"));

        var uncordoned = StrategicMergePatch.Apply(cordoned, JsonNode.Parse("""{"spec":{"unschedulable":null}}"""), SchemaOf("", "Node"));
        Assert.That(uncordoned["spec"]!.AsObject().ContainsKey("unschedulable"), Is.False);
        JsonAssert.AreEqual(Node, uncordoned);
    }

    [Test]
    public void Taint_replaces_the_whole_taint_list()
    {
        var tainted = PatchNode("""
            {"spec":{"taints":[{"effect":"NoSchedule","key":"dedicated","value":"infra"},{"effect":"NoExecute","key":"chaos","value":"true"}]}}
            """);
        JsonAssert.AreEqual("""[{"effect":"NoSchedule","key":"dedicated","value":"infra"},{"effect":"NoExecute","key":"chaos","value":"true"}]""",
            tainted["spec"]!["taints"]);

        var untainted = PatchNode("""{"spec":{"taints":[{"effect":"NoExecute","key":"chaos","value":"true"}]}}""");
        JsonAssert.AreEqual("""[{"effect":"NoExecute","key":"chaos","value":"true"}]""", untainted["spec"]!["taints"]);

        Assert.That(PatchNode("""{"spec":{"taints":null}}""")["spec"]!.AsObject().ContainsKey("taints"), Is.False);
    }

    [Test]
    public void Kubelet_status_patch_merges_conditions_by_type()
    {
        var patched = Patch("", "Node", Node, """
            {"status":{"$setElementOrder/conditions":[{"type":"MemoryPressure"},{"type":"Ready"}],
                       "conditions":[{"type":"Ready","status":"False","reason":"KubeletNotReady","lastHeartbeatTime":"2024-05-01T10:00:00Z"}]}}
            """);
        JsonAssert.AreEqual("""
            [{"type":"MemoryPressure","status":"False"},
             {"type":"Ready","status":"False","reason":"KubeletNotReady","lastHeartbeatTime":"2024-05-01T10:00:00Z"}]
            """, patched["status"]!["conditions"]);
        Assert.That(patched["status"]!["addresses"]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public void Node_addresses_merge_by_type() => JsonAssert.AreEqual(
        """[{"type":"InternalIP","address":"10.0.0.9"},{"type":"Hostname","address":"node-1"}]""",
        PatchNode("""{"status":{"addresses":[{"type":"InternalIP","address":"10.0.0.9"}]}}""")["status"]!["addresses"]);

    [Test]
    public void Set_image_patches_one_container_by_name()
    {
        var patched = PatchDeployment("""{"spec":{"template":{"spec":{"containers":[{"image":"web:2","name":"web"}]}}}}""");
        var containers = patched["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.That(containers.Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "web", "old", "istio-proxy" }));
        Assert.That(containers[0]!["image"]!.GetValue<string>(), Is.EqualTo("web:2"));
        Assert.That(containers[0]!["env"]!.AsArray(), Has.Count.EqualTo(2));
        Assert.That(containers[2]!["image"]!.GetValue<string>(), Is.EqualTo("istio/proxyv2:1.20"));
    }

    [Test]
    public void Set_image_on_a_later_container_keeps_the_order() => Assert.That(
        PatchDeployment("""{"spec":{"template":{"spec":{"containers":[{"image":"proxy:2","name":"istio-proxy"}]}}}}""")
            ["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["image"]!.GetValue<string>()),
        Is.EqualTo(new[] { "web:1", "old:1", "proxy:2" }));

    [Test]
    public void Rollout_restart_adds_the_restarted_at_annotation()
    {
        var patched = PatchDeployment("""{"spec":{"template":{"metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2024-05-01T10:00:00Z"}}}}}""");
        JsonAssert.AreEqual("""{"team":"a","kubectl.kubernetes.io/restartedAt":"2024-05-01T10:00:00Z"}""",
            patched["spec"]!["template"]!["metadata"]!["annotations"]);
        Assert.That(patched["spec"]!["template"]!["spec"]!["containers"]!.AsArray(), Has.Count.EqualTo(3));
    }

    [Test]
    public void Client_side_apply_reorders_merges_and_deletes_containers()
    {
        var patched = PatchDeployment("""
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}"}},
             "spec":{"template":{"spec":{
                "$setElementOrder/containers":[{"name":"web"},{"name":"cache"}],
                "containers":[
                  {"$setElementOrder/env":[{"name":"A"},{"name":"B"},{"name":"C"}],
                   "env":[{"name":"B","value":"2"},{"name":"C","value":"3"}],"name":"web"},
                  {"image":"redis:7","name":"cache"},
                  {"$patch":"delete","name":"old"}]}}}}
            """);
        var containers = patched["spec"]!["template"]!["spec"]!["containers"]!;
        // The injected sidecar was between web and old: the added container takes old's place after it.
        Assert.That(containers.AsArray().Select(c => c!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "web", "istio-proxy", "cache" }));
        JsonAssert.AreEqual("""[{"name":"A","value":"1"},{"name":"B","value":"2"},{"name":"C","value":"3"}]""", containers[0]!["env"]);
        JsonAssert.AreEqual("""[{"containerPort":8080,"protocol":"TCP"}]""", containers[0]!["ports"]);
        Assert.That(patched["metadata"]!["annotations"]!.AsObject().ContainsKey("deployment.kubernetes.io/revision"), Is.True);
        Assert.That(patched.ToJsonString(), Does.Not.Contain("$setElementOrder").And.Not.Contain("$patch"));
    }

    [Test]
    public void Client_side_apply_can_reorder_env_without_changing_it() => JsonAssert.AreEqual(
        """[{"name":"B","value":"1"},{"name":"A","value":"1"}]""",
        PatchDeployment("""
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"web"}],
              "containers":[{"$setElementOrder/env":[{"name":"B"},{"name":"A"}],"name":"web"}]}}}}
            """)["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]);

    [Test]
    public void Removing_a_finalizer_with_a_deletion_list()
    {
        var patched = PatchDeployment("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["example.com/protect"]}}""");
        JsonAssert.AreEqual("""["example.com/audit"]""", patched["metadata"]!["finalizers"]);
    }

    [Test]
    public void Adding_a_finalizer_merges_it_into_the_set()
    {
        var patched = PatchDeployment("""{"metadata":{"finalizers":["example.com/audit","example.com/new"]}}""");
        JsonAssert.AreEqual("""["example.com/protect","example.com/audit","example.com/new"]""", patched["metadata"]!["finalizers"]);
    }

    [Test]
    public void Owner_references_merge_by_uid()
    {
        var pod = """{"metadata":{"name":"p","ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u1","controller":true}]}}""";
        var patched = Patch("", "Pod", pod, """{"metadata":{"ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"n","uid":"u2"},{"uid":"u1","blockOwnerDeletion":true}]}}""");
        JsonAssert.AreEqual("""
            [{"apiVersion":"v1","kind":"Node","name":"n","uid":"u2"},
             {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u1","controller":true,"blockOwnerDeletion":true}]
            """, patched["metadata"]!["ownerReferences"]);
    }

    [Test]
    public void Tolerations_and_affinity_terms_are_replaced()
    {
        var patched = PatchDeployment("""
            {"spec":{"template":{"spec":{"tolerations":[{"key":"chaos","operator":"Exists"}],
              "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                 {"matchExpressions":[{"key":"zone","operator":"In","values":["b"]}]}]}}}}}}}
            """);
        var podSpec = patched["spec"]!["template"]!["spec"]!;
        JsonAssert.AreEqual("""[{"key":"chaos","operator":"Exists"}]""", podSpec["tolerations"]);
        JsonAssert.AreEqual("""[{"matchExpressions":[{"key":"zone","operator":"In","values":["b"]}]}]""",
            podSpec["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]);
    }

    [Test]
    public void Deployment_status_conditions_merge_by_type() => JsonAssert.AreEqual(
        """[{"type":"Available","status":"True"},{"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}]""",
        PatchDeployment("""{"status":{"conditions":[{"type":"Progressing","reason":"NewReplicaSetAvailable"}]}}""")["status"]!["conditions"]);

    [Test]
    public void Container_ports_merge_by_container_port_and_volume_mounts_by_mount_path()
    {
        var pod = """
            {"spec":{"containers":[{"name":"c","ports":[{"containerPort":80},{"containerPort":443}],
              "volumeMounts":[{"name":"data","mountPath":"/data"}]}],"volumes":[{"name":"data","emptyDir":{}}]}}
            """;
        var patched = Patch("", "Pod", pod, """
            {"spec":{"containers":[{"name":"c","ports":[{"containerPort":443,"name":"https"}],
              "volumeMounts":[{"mountPath":"/data","readOnly":true}]}],
              "volumes":[{"name":"cfg","configMap":{"name":"cfg"}}]}}
            """);
        var container = patched["spec"]!["containers"]![0]!;
        JsonAssert.AreEqual("""[{"containerPort":80},{"containerPort":443,"name":"https"}]""", container["ports"]);
        JsonAssert.AreEqual("""[{"name":"data","mountPath":"/data","readOnly":true}]""", container["volumeMounts"]);
        JsonAssert.AreEqual("""[{"name":"cfg","configMap":{"name":"cfg"}},{"name":"data","emptyDir":{}}]""", patched["spec"]!["volumes"]);
    }

    [Test]
    public void Service_ports_merge_by_port() => JsonAssert.AreEqual(
        """[{"port":80,"targetPort":8080},{"port":443,"targetPort":8443}]""",
        Patch("", "Service", """{"spec":{"ports":[{"port":80,"targetPort":80},{"port":443,"targetPort":8443}]}}""",
            """{"spec":{"ports":[{"port":80,"targetPort":8080}]}}""")["spec"]!["ports"]);

    [Test]
    public void A_rollout_schema_built_from_the_pod_template_merges_containers()
    {
        var rollout = StrategicMergeSchema.AnyKind.WithPodTemplate("spec.template").WithList("status.conditions", ListStrategy.MergeByKey("type"));
        var patched = StrategicMergePatch.Apply(
            JsonAssert.Object("""{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1"}]}}}}"""),
            JsonNode.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"b:2"}]}}}}"""),
            rollout);
        JsonAssert.AreEqual("""[{"name":"a","image":"a:1"},{"name":"b","image":"b:2"}]""", patched["spec"]!["template"]!["spec"]!["containers"]);
    }

    private static StrategicMergeSchema SchemaOf(string group, string kind) =>
        StrategicMergeSchema.TryGetForKind(group, kind, out var schema)
            ? schema
            : throw new InvalidOperationException($"no strategic merge schema for {group}/{kind}");
}
