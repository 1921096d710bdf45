using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Patching;

namespace ChaosHarness.Fleet.Tests.Api.Patching;

public class MergePatchTests
{
    // RFC 7386 appendix A, every row.
    [TestCase("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [TestCase("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [TestCase("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [TestCase("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [TestCase("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [TestCase("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [TestCase("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [TestCase("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [TestCase("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [TestCase("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [TestCase("""{"a":"foo"}""", "null", "null")]
    [TestCase("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [TestCase("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [TestCase("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [TestCase("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Rfc7386_examples(string original, string patch, string expected) =>
        JsonAssert.AreEqual(expected, MergePatch.Apply(JsonNode.Parse(original), JsonNode.Parse(patch)));

    [Test]
    public void Kubectl_label_sets_and_removes_labels()
    {
        var pod = """{"metadata":{"name":"web-1","labels":{"app":"web","tier":"front","canary":"true"}}}""";
        var label = """{"metadata":{"labels":{"canary":null,"env":"prod"}}}""";
        JsonAssert.AreEqual(
            """{"metadata":{"name":"web-1","labels":{"app":"web","tier":"front","env":"prod"}}}""",
            MergePatch.Apply(JsonNode.Parse(pod), JsonNode.Parse(label)));
    }

    [Test]
    public void Kubectl_scale_merges_the_replica_count_into_the_scale_subresource() => JsonAssert.AreEqual(
        """{"kind":"Scale","spec":{"replicas":5},"status":{"replicas":3}}""",
        MergePatch.Apply(JsonNode.Parse("""{"kind":"Scale","spec":{"replicas":3},"status":{"replicas":3}}"""), JsonNode.Parse("""{"spec":{"replicas":5}}""")));

    [Test]
    public void Lists_are_replaced_whole() => JsonAssert.AreEqual(
        """{"spec":{"containers":[{"name":"b"}]}}""",
        MergePatch.Apply(JsonNode.Parse("""{"spec":{"containers":[{"name":"a","image":"x"}]}}"""), JsonNode.Parse("""{"spec":{"containers":[{"name":"b"}]}}""")));

    [Test]
    public void Neither_argument_is_modified()
    {
        var original = JsonNode.Parse("""{"a":{"b":1,"c":2}}""");
        var patch = JsonNode.Parse("""{"a":{"b":null,"d":{"e":1}}}""");
        var result = MergePatch.Apply(original, patch);
        JsonAssert.AreEqual("""{"a":{"c":2,"d":{"e":1}}}""", result);
        JsonAssert.AreEqual("""{"a":{"b":1,"c":2}}""", original);
        JsonAssert.AreEqual("""{"a":{"b":null,"d":{"e":1}}}""", patch);
    }
}
