using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Patching;

namespace ChaosHarness.Fleet.Tests.Api.Patching;

public class JsonPatchTests
{
    private static JsonNode? Apply(string document, string patch) => JsonPatch.Parse(patch).Apply(JsonNode.Parse(document));

    private static PatchException Fails(string document, string patch) =>
        Assert.Throws<PatchException>(() => Apply(document, patch))!;

    // RFC 6902 appendix A, one test per example.

    [Test]
    public void A1_adding_an_object_member() => JsonAssert.AreEqual(
        """{ "baz": "qux", "foo": "bar" }""",
        Apply("""{ "foo": "bar" }""", """[ { "op": "add", "path": "/baz", "value": "qux" } ]"""));

    [Test]
    public void A2_adding_an_array_element() => JsonAssert.AreEqual(
        """{ "foo": [ "bar", "qux", "baz" ] }""",
        Apply("""{ "foo": [ "bar", "baz" ] }""", """[ { "op": "add", "path": "/foo/1", "value": "qux" } ]"""));

    [Test]
    public void A3_removing_an_object_member() => JsonAssert.AreEqual(
        """{ "foo": "bar" }""",
        Apply("""{ "baz": "qux", "foo": "bar" }""", """[ { "op": "remove", "path": "/baz" } ]"""));

    [Test]
    public void A4_removing_an_array_element() => JsonAssert.AreEqual(
        """{ "foo": [ "bar", "baz" ] }""",
        Apply("""{ "foo": [ "bar", "qux", "baz" ] }""", """[ { "op": "remove", "path": "/foo/1" } ]"""));

    [Test]
    public void A5_replacing_a_value() => JsonAssert.AreEqual(
        """{ "baz": "boo", "foo": "bar" }""",
        Apply("""{ "baz": "qux", "foo": "bar" }""", """[ { "op": "replace", "path": "/baz", "value": "boo" } ]"""));

    [Test]
    public void A6_moving_a_value() => JsonAssert.AreEqual(
        """{ "foo": { "bar": "baz" }, "qux": { "corge": "grault", "thud": "fred" } }""",
        Apply("""{ "foo": { "bar": "baz", "waldo": "fred" }, "qux": { "corge": "grault" } }""",
            """[ { "op": "move", "from": "/foo/waldo", "path": "/qux/thud" } ]"""));

    [Test]
    public void A7_moving_an_array_element() => JsonAssert.AreEqual(
        """{ "foo": [ "all", "cows", "eat", "grass" ] }""",
        Apply("""{ "foo": [ "all", "grass", "cows", "eat" ] }""", """[ { "op": "move", "from": "/foo/1", "path": "/foo/3" } ]"""));

    [Test]
    public void A8_testing_a_value_success() => JsonAssert.AreEqual(
        """{ "baz": "qux", "foo": [ "a", 2, "c" ] }""",
        Apply("""{ "baz": "qux", "foo": [ "a", 2, "c" ] }""",
            """[ { "op": "test", "path": "/baz", "value": "qux" }, { "op": "test", "path": "/foo/1", "value": 2 } ]"""));

    [Test]
    public void A9_testing_a_value_error()
    {
        var error = Fails("""{ "baz": "qux" }""", """[ { "op": "test", "path": "/baz", "value": "bar" } ]""");
        Assert.That(error.Message, Is.EqualTo("testing value /baz failed"));
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.Invalid));
    }

    [Test]
    public void A10_adding_a_nested_member_object() => JsonAssert.AreEqual(
        """{ "foo": "bar", "child": { "grandchild": { } } }""",
        Apply("""{ "foo": "bar" }""", """[ { "op": "add", "path": "/child", "value": { "grandchild": { } } } ]"""));

    [Test]
    public void A11_ignoring_unrecognized_elements() => JsonAssert.AreEqual(
        """{ "foo": "bar", "baz": "qux" }""",
        Apply("""{ "foo": "bar" }""", """[ { "op": "add", "path": "/baz", "value": "qux", "xyz": 123 } ]"""));

    [Test]
    public void A12_adding_to_a_nonexistent_target()
    {
        var error = Fails("""{ "foo": "bar" }""", """[ { "op": "add", "path": "/baz/bat", "value": "qux" } ]""");
        Assert.That(error.Message, Is.EqualTo("jsonpatch add operation does not apply: doc is missing path: /baz/bat"));
    }

    [Test]
    public void A13_invalid_json_patch_document_with_a_repeated_member()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Parse("""[ { "op": "add", "path": "/baz", "value": "qux", "op": "remove" } ]"""))!;
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.BadRequest));
    }

    [Test]
    public void A14_tilde_escape_ordering() => JsonAssert.AreEqual(
        """{ "/": 9, "~1": 10 }""",
        Apply("""{ "/": 9, "~1": 10 }""", """[ {"op": "test", "path": "/~01", "value": 10} ]"""));

    [Test]
    public void A15_comparing_strings_and_numbers() =>
        Fails("""{ "/": 9, "~1": 10 }""", """[ {"op": "test", "path": "/~01", "value": "10"} ]""");

    [Test]
    public void A16_adding_an_array_value() => JsonAssert.AreEqual(
        """{ "foo": ["bar", ["abc", "def"]] }""",
        Apply("""{ "foo": ["bar"] }""", """[ { "op": "add", "path": "/foo/-", "value": ["abc", "def"] } ]"""));

    // What kubectl sends.

    [Test]
    public void Rollout_undo_replaces_the_pod_template_and_the_annotations()
    {
        var deployment = """
            {"metadata":{"name":"web","annotations":{"deployment.kubernetes.io/revision":"3","team":"a"}},
             "spec":{"replicas":3,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:3"}]}}}}
            """;
        var undo = """
            [{"op":"replace","path":"/spec/template","value":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}},
             {"op":"replace","path":"/metadata/annotations","value":{"team":"a"}}]
            """;
        JsonAssert.AreEqual(
            """
            {"metadata":{"name":"web","annotations":{"team":"a"}},
             "spec":{"replicas":3,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}}}
            """,
            Apply(deployment, undo));
    }

    [Test]
    public void Escaped_annotation_keys_address_one_member() => JsonAssert.AreEqual(
        """{"metadata":{"annotations":{"deployment.kubernetes.io/revision":"4"}}}""",
        Apply("""{"metadata":{"annotations":{"deployment.kubernetes.io/revision":"3"}}}""",
            """[{"op":"replace","path":"/metadata/annotations/deployment.kubernetes.io~1revision","value":"4"}]"""));

    // Operation semantics and error messages.

    [Test]
    public void Replacing_a_missing_member_names_the_missing_key()
    {
        var error = Fails("""{"spec":{}}""", """[{"op":"replace","path":"/spec/x","value":1}]""");
        Assert.That(error.Message, Is.EqualTo("jsonpatch replace operation does not apply: doc is missing key: /spec/x"));
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.Invalid));
    }

    [Test]
    public void Replacing_below_a_missing_member_names_the_missing_path() =>
        Assert.That(Fails("""{"spec":{}}""", """[{"op":"replace","path":"/spec/x/y","value":1}]""").Message,
            Is.EqualTo("jsonpatch replace operation does not apply: doc is missing path: /spec/x/y"));

    [Test]
    public void Removing_a_missing_member_fails() =>
        Assert.That(Fails("""{"a":1}""", """[{"op":"remove","path":"/b"}]""").Message,
            Is.EqualTo("jsonpatch remove operation does not apply: doc is missing path: /b"));

    [Test]
    public void Removing_the_whole_document_fails() => Fails("""{"a":1}""", """[{"op":"remove","path":""}]""");

    [Test]
    public void Paths_walk_through_arrays_and_objects() => JsonAssert.AreEqual(
        """{"spec":{"containers":[{"name":"a","image":"a:2","env":[{"name":"X","value":"1"},{"name":"Y"}]}]}}""",
        Apply("""{"spec":{"containers":[{"name":"a","image":"a:1","env":[{"name":"X","value":"1"}]}]}}""",
            """[{"op":"replace","path":"/spec/containers/0/image","value":"a:2"},{"op":"add","path":"/spec/containers/0/env/-","value":{"name":"Y"}}]"""));

    [Test]
    public void Adding_an_existing_member_replaces_it() => JsonAssert.AreEqual(
        """{"a":2}""", Apply("""{"a":1}""", """[{"op":"add","path":"/a","value":2}]"""));

    [Test]
    public void Adding_at_the_end_index_appends() => JsonAssert.AreEqual(
        """{"a":[1,2,3]}""", Apply("""{"a":[1,2]}""", """[{"op":"add","path":"/a/2","value":3}]"""));

    [TestCase("/a/3")]
    [TestCase("/a/01")]
    [TestCase("/a/-1")]
    [TestCase("/a/x")]
    public void Adding_at_an_invalid_index_fails(string path) =>
        Assert.That(Fails("""{"a":[1,2]}""", $$"""[{"op":"add","path":"{{path}}","value":3}]""").Message,
            Is.EqualTo($"jsonpatch add operation does not apply: invalid array index: {path}"));

    [Test]
    public void The_append_marker_designates_nothing_to_replace_or_remove()
    {
        Fails("""{"a":[1]}""", """[{"op":"replace","path":"/a/-","value":2}]""");
        Fails("""{"a":[1]}""", """[{"op":"remove","path":"/a/-"}]""");
    }

    [Test]
    public void Adding_or_replacing_the_root_swaps_the_document()
    {
        JsonAssert.AreEqual("""{"b":2}""", Apply("""{"a":1}""", """[{"op":"add","path":"","value":{"b":2}}]"""));
        JsonAssert.AreEqual("[1]", Apply("""{"a":1}""", """[{"op":"replace","path":"","value":[1]}]"""));
    }

    [Test]
    public void Null_is_a_value() => JsonAssert.AreEqual(
        """{"a":null}""", Apply("""{"a":1}""", """[{"op":"replace","path":"/a","value":null},{"op":"test","path":"/a","value":null}]"""));

    [Test]
    public void Copy_duplicates_a_value_without_sharing_it() => JsonAssert.AreEqual(
        """{"a":{"x":1},"b":{"x":2}}""",
        Apply("""{"a":{"x":1}}""", """[{"op":"copy","from":"/a","path":"/b"},{"op":"replace","path":"/b/x","value":2}]"""));

    [Test]
    public void Copy_from_a_missing_location_fails() =>
        Assert.That(Fails("""{"a":1}""", """[{"op":"copy","from":"/z","path":"/b"}]""").Message,
            Is.EqualTo("jsonpatch copy operation does not apply: doc is missing from path: /z"));

    [Test]
    public void Move_to_a_missing_destination_fails() =>
        Assert.That(Fails("""{"a":1}""", """[{"op":"move","from":"/a","path":"/b/c"}]""").Message,
            Is.EqualTo("jsonpatch move operation does not apply: doc is missing destination path: /b/c"));

    [Test]
    public void Move_into_its_own_child_fails() =>
        Fails("""{"a":{"b":{}}}""", """[{"op":"move","from":"/a","path":"/a/b/c"}]""");

    [Test]
    public void Move_onto_itself_is_a_no_op() => JsonAssert.AreEqual(
        """{"a":1}""", Apply("""{"a":1}""", """[{"op":"move","from":"/a","path":"/a"}]"""));

    [Test]
    public void Test_of_a_missing_member_fails() =>
        Assert.That(Fails("""{"a":1}""", """[{"op":"test","path":"/b","value":1}]""").Message,
            Is.EqualTo("jsonpatch test operation does not apply: doc is missing path: /b"));

    [Test]
    public void Test_compares_numbers_by_value_and_objects_regardless_of_member_order() => JsonAssert.AreEqual(
        """{"a":1.0,"b":{"x":1,"y":2}}""",
        Apply("""{"a":1.0,"b":{"x":1,"y":2}}""", """[{"op":"test","path":"/a","value":1},{"op":"test","path":"/b","value":{"y":2,"x":1}}]"""));

    [Test]
    public void A_failing_operation_leaves_the_document_untouched()
    {
        var document = JsonNode.Parse("""{"a":1}""");
        var patch = JsonPatch.Parse("""[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":0}]""");
        Assert.Throws<PatchException>(() => patch.Apply(document));
        JsonAssert.AreEqual("""{"a":1}""", document);
    }

    [Test]
    public void Applying_does_not_modify_the_input_and_can_be_repeated()
    {
        var document = JsonNode.Parse("""{"a":[1]}""");
        var patch = JsonPatch.Parse("""[{"op":"add","path":"/a/-","value":{"x":1}}]""");
        JsonAssert.AreEqual("""{"a":[1,{"x":1}]}""", patch.Apply(document));
        JsonAssert.AreEqual("""{"a":[1,{"x":1}]}""", patch.Apply(document));
        JsonAssert.AreEqual("""{"a":[1]}""", document);
    }

    [Test]
    public void Operations_apply_in_order() => JsonAssert.AreEqual(
        """{"b":[2]}""",
        Apply("""{}""", """[{"op":"add","path":"/a","value":[]},{"op":"add","path":"/a/0","value":2},{"op":"move","from":"/a","path":"/b"}]"""));

    // Malformed patches.

    [TestCase("""{"op":"add"}""")]
    [TestCase("42")]
    [TestCase("[1]")]
    [TestCase("not json")]
    public void A_document_that_is_not_a_list_of_operations_is_a_bad_request(string patch) =>
        Assert.That(Assert.Throws<PatchException>(() => JsonPatch.Parse(patch))!.Reason, Is.EqualTo(PatchErrorReason.BadRequest));

    [Test]
    public void An_unknown_operation_is_invalid()
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Parse("""[{"op":"merge","path":"/a"}]"""))!;
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.Invalid));
        Assert.That(error.Message, Is.EqualTo("jsonpatch: unexpected operation kind: merge"));
    }

    [TestCase("""[{"op":"add","path":"/a"}]""", "jsonpatch add operation is missing \"value\" for path /a")]
    [TestCase("""[{"op":"remove"}]""", "jsonpatch remove operation failed to decode path: \"path\" is missing or not a string")]
    [TestCase("""[{"op":"move","path":"/a"}]""", "jsonpatch move operation failed to decode from: \"from\" is missing or not a string")]
    [TestCase("""[{"op":"remove","path":"a"}]""", "jsonpatch remove operation failed to decode path: \"a\" is not a JSON pointer")]
    public void Incomplete_operations_are_invalid(string patch, string message)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Parse(patch))!;
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.Invalid));
        Assert.That(error.Message, Is.EqualTo(message));
    }

    [Test]
    public void Parses_operations_with_their_members()
    {
        var patch = JsonPatch.Parse("""[{"op":"move","from":"/a","path":"/b"},{"op":"test","path":"/b","value":{"x":1}}]""");
        Assert.That(patch.Operations.Select(o => o.Op), Is.EqualTo(new[] { JsonPatchOperationType.Move, JsonPatchOperationType.Test }));
        Assert.That(patch.Operations[0].From?.ToString(), Is.EqualTo("/a"));
        JsonAssert.AreEqual("""{"x":1}""", patch.Operations[1].Value);
    }
}
