using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Patching;

namespace ChaosHarness.Fleet.Tests.Api.Patching;

/// <summary>
/// Strategic merge semantics on a small schema shaped like apimachinery's own test type; expected results of the
/// ordering cases are the ones apimachinery's test suite asserts.
/// </summary>
public class StrategicMergePatchTests
{
    private static readonly StrategicMergeSchema Schema = StrategicMergeSchema.Empty
        .WithList("mergingList", ListStrategy.MergeByKey("name"))
        .WithList("mergingList.mergingList", ListStrategy.MergeByKey("name"))
        .WithList("mergingList.mergingIntList", ListStrategy.MergeSet)
        .WithList("mergingIntList", ListStrategy.MergeSet);

    private static JsonObject Patch(string original, string patch) =>
        StrategicMergePatch.Apply(JsonAssert.Object(original), JsonNode.Parse(patch), Schema);

    private static PatchException Fails(string original, string patch) =>
        Assert.Throws<PatchException>(() => Patch(original, patch))!;

    // Maps and scalars behave as in a JSON merge patch.

    [Test]
    public void Null_deletes_a_field_and_is_ignored_for_a_missing_one() => JsonAssert.AreEqual(
        """{"value":1}""", Patch("""{"name":1,"value":1}""", """{"name":null,"other":null}"""));

    [Test]
    public void Nested_maps_merge() => JsonAssert.AreEqual(
        """{"simpleMap":{"key1":1,"other":"a","key3":3}}""",
        Patch("""{"simpleMap":{"key1":1,"key2":1,"other":"a"}}""", """{"simpleMap":{"key2":null,"key3":3}}"""));

    [Test]
    public void A_value_of_another_type_replaces() => JsonAssert.AreEqual(
        """{"a":{"x":1},"b":"s","mergingList":"gone"}""",
        Patch("""{"a":"s","b":{"x":1},"mergingList":[{"name":1}]}""", """{"a":{"x":1},"b":"s","mergingList":"gone"}"""));

    [Test]
    public void Lists_without_a_strategy_are_replaced() => JsonAssert.AreEqual(
        """{"nonMergingList":[{"name":1,"value":1}],"nonMergingIntList":[2,3]}""",
        Patch("""{"nonMergingList":[{"name":1},{"name":2,"value":2}],"nonMergingIntList":[1,2]}""",
            """{"nonMergingList":[{"name":1,"value":1}],"nonMergingIntList":[2,3]}"""));

    [Test]
    public void Lists_without_a_strategy_nested_in_merged_elements_are_replaced() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":1,"other":"a","nonMergingList":[{"name":1,"value":1}]},{"name":2}]}""",
        Patch("""{"mergingList":[{"name":1,"other":"a","nonMergingList":[{"name":1},{"name":2,"value":2}]},{"name":2}]}""",
            """{"mergingList":[{"name":1,"nonMergingList":[{"name":1,"value":1}]}]}"""));

    // Merged lists.

    [Test]
    public void Merged_list_elements_merge_by_key_in_the_patch_order() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"},{"name":2,"value":"b","other":"x"}]}""",
        Patch("""{"mergingList":[{"name":1},{"name":2,"value":"b"},{"name":3}]}""",
            """{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"},{"name":2,"other":"x"}]}"""));

    [Test]
    public void Elements_the_patch_does_not_name_keep_their_place_among_the_named() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":2,"value":"b"},{"name":3,"value":"c"},{"name":1,"value":"a"}]}""",
        Patch("""{"mergingList":[{"name":1},{"name":2,"value":"b"},{"name":3}]}""",
            """{"mergingList":[{"name":3,"value":"c"},{"name":1,"value":"a"}]}"""));

    [Test]
    public void An_added_element_without_an_order_goes_before_the_live_elements() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":"c"},{"name":"a"},{"name":"b"}]}""",
        Patch("""{"mergingList":[{"name":"a"},{"name":"b"}]}""", """{"mergingList":[{"name":"c"}]}"""));

    [Test]
    public void Merged_lists_merge_inside_merged_elements() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":1,"mergingList":[{"name":"x","value":2},{"name":"y"}],"mergingIntList":[3,1,2]}]}""",
        Patch("""{"mergingList":[{"name":1,"mergingList":[{"name":"x","value":1},{"name":"y"}],"mergingIntList":[1,2]}]}""",
            """{"mergingList":[{"name":1,"mergingList":[{"name":"x","value":2}],"mergingIntList":[3]}]}"""));

    [Test]
    public void Null_inside_an_element_deletes_that_field_of_the_element() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2}]}""",
        Patch("""{"mergingList":[{"name":1,"value":1,"other":"a"},{"name":2,"value":2}]}""", """{"mergingList":[{"name":1,"value":null}]}"""));

    [Test]
    public void Primitive_sets_are_united_without_duplicates() => JsonAssert.AreEqual(
        """{"mergingIntList":[1,2,3]}""", Patch("""{"mergingIntList":[1,2]}""", """{"mergingIntList":[2,3]}"""));

    [Test]
    public void An_added_primitive_without_an_order_goes_before_the_live_values() => JsonAssert.AreEqual(
        """{"mergingIntList":[3,1,2]}""", Patch("""{"mergingIntList":[1,2]}""", """{"mergingIntList":[3]}"""));

    [Test]
    public void Primitive_sets_follow_the_patch_order() => JsonAssert.AreEqual(
        """{"mergingIntList":[2,3,1]}""", Patch("""{"mergingIntList":[1,2,3]}""", """{"mergingIntList":[3,1]}"""));

    [Test]
    public void Merging_into_a_missing_list_takes_the_patch_list_cleaned_of_directives() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":"a"}]}""",
        Patch("""{}""", """{"mergingList":[{"name":"a","value":null},{"name":"b","$patch":"delete"}]}"""));

    [Test]
    public void Merging_empty_lists_keeps_an_empty_list() => JsonAssert.AreEqual(
        """{"mergingList":[]}""", Patch("""{"mergingList":[]}""", """{"mergingList":[]}"""));

    // $patch directives.

    [Test]
    public void Patch_delete_in_an_element_removes_every_element_with_that_key() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":2,"value":"a"}]}""",
        Patch("""{"mergingList":[{"name":1},{"name":1},{"name":2,"value":"a"},{"name":3},{"name":3}]}""",
            """{"mergingList":[{"name":1,"$patch":"delete"},{"name":3,"$patch":"delete"}]}"""));

    [Test]
    public void Patch_delete_of_a_missing_element_changes_nothing() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":1}]}""", Patch("""{"mergingList":[{"name":1}]}""", """{"mergingList":[{"name":9,"$patch":"delete"}]}"""));

    [Test]
    public void Patch_delete_without_the_merge_key_is_invalid()
    {
        var error = Fails("""{"mergingList":[{"name":1}]}""", """{"mergingList":[{"$patch":"delete"}]}""");
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.Invalid));
        Assert.That(error.Message, Is.EqualTo("""map: {"$patch":"delete"} does not contain declared merge key: name"""));
    }

    [Test]
    public void Patch_replace_in_a_list_replaces_it_with_the_other_elements()
    {
        JsonAssert.AreEqual("""{"mergingList":[]}""", Patch("""{"mergingList":[{"name":1},{"name":2}]}""", """{"mergingList":[{"$patch":"replace"}]}"""));
        JsonAssert.AreEqual("""{"mergingList":[{"name":3}]}""",
            Patch("""{"mergingList":[{"name":1},{"name":2}]}""", """{"mergingList":[{"name":3},{"$patch":"replace"}]}"""));
    }

    [Test]
    public void Patch_replace_in_a_map_replaces_the_map()
    {
        JsonAssert.AreEqual("""{"other":"a"}""", Patch("""{"name":1,"value":1}""", """{"other":"a","$patch":"replace"}"""));
        JsonAssert.AreEqual("""{"keep":1,"simpleMap":{"b":2}}""",
            Patch("""{"keep":1,"simpleMap":{"a":1}}""", """{"simpleMap":{"b":2,"$patch":"replace"}}"""));
    }

    [Test]
    public void Patch_delete_in_a_map_deletes_the_map()
    {
        JsonAssert.AreEqual("""{"keep":1}""", Patch("""{"keep":1,"simpleMap":{"key1":1,"key2":1}}""", """{"simpleMap":{"$patch":"delete"}}"""));
        JsonAssert.AreEqual("""{}""", Patch("""{"keep":1}""", """{"$patch":"delete"}"""));
    }

    [Test]
    public void A_replace_directive_element_replaces_the_whole_list_and_is_itself_dropped() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":3}]}""",
        Patch("""{"mergingList":[{"name":1},{"name":2}]}""", """{"mergingList":[{"name":3},{"name":1,"value":"x","$patch":"replace"}]}"""));

    [Test]
    public void Patch_delete_of_a_map_inside_a_list_element() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":1,"other":"a"},{"name":2}]}""",
        Patch("""{"mergingList":[{"name":1,"other":"a","simpleMap":{"k":"v"}},{"name":2}]}""",
            """{"mergingList":[{"name":1,"simpleMap":{"$patch":"delete"}}]}"""));

    [Test]
    public void Patch_merge_is_the_default_behaviour_made_explicit()
    {
        JsonAssert.AreEqual("""{"simpleMap":{"a":1,"b":2}}""", Patch("""{"simpleMap":{"a":1}}""", """{"simpleMap":{"b":2,"$patch":"merge"}}"""));
        JsonAssert.AreEqual("""{"mergingList":[{"name":1,"value":2}]}""",
            Patch("""{"mergingList":[{"name":1,"value":1}]}""", """{"mergingList":[{"name":1,"value":2,"$patch":"merge"}]}"""));
    }

    [TestCase("""{"$patch":"explode"}""")]
    [TestCase("""{"mergingList":[{"name":1,"$patch":"explode"}]}""")]
    [TestCase("""{"$patch":1}""")]
    public void Unknown_patch_directives_are_invalid(string patch)
    {
        var error = Fails("""{"mergingList":[{"name":1}]}""", patch);
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.Invalid));
        Assert.That(error.Message, Does.StartWith("unknown patch type: "));
    }

    // Malformed merged lists.

    [Test]
    public void An_element_without_its_merge_key_is_invalid() =>
        Assert.That(Fails("""{"mergingList":[{"name":1,"value":"a"}]}""", """{"mergingList":[{"value":"b"}]}""").Message,
            Is.EqualTo("""map: {"value":"b"} does not contain declared merge key: name"""));

    [Test]
    public void A_primitive_in_a_list_merged_by_key_is_invalid() =>
        Assert.That(Fails("""{"mergingList":[{"name":1}]}""", """{"mergingList":["x"]}""").Reason, Is.EqualTo(PatchErrorReason.Invalid));

    // $retainKeys.

    [Test]
    public void Retain_keys_clears_the_fields_it_does_not_list() => JsonAssert.AreEqual(
        """{"name":"foo","simpleMap":{"a":1,"b":2}}""",
        Patch("""{"name":"foo","value":"a","other":"o","simpleMap":{"a":1}}""", """{"$retainKeys":["name","simpleMap"],"simpleMap":{"b":2}}"""));

    [Test]
    public void Retain_keys_applies_inside_list_elements() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":"v","configMap":{"name":"cm"}}]}""",
        Patch("""{"mergingList":[{"name":"v","emptyDir":{}}]}""",
            """{"mergingList":[{"name":"v","$retainKeys":["configMap","name"],"configMap":{"name":"cm"}}]}"""));

    [Test]
    public void A_patched_field_missing_from_retain_keys_is_a_bad_request()
    {
        var error = Fails("""{"name":"foo"}""", """{"$retainKeys":["name"],"value":"b"}""");
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.BadRequest));
        Assert.That(error.Message, Is.EqualTo("invalid patch format of retainKeys: field value is not in $retainKeys"));
    }

    [Test]
    public void Retain_keys_must_be_a_list_of_names() =>
        Assert.That(Fails("""{"name":"foo"}""", """{"$retainKeys":"name"}""").Reason, Is.EqualTo(PatchErrorReason.BadRequest));

    // $deleteFromPrimitiveList.

    [Test]
    public void Delete_from_primitive_list_removes_every_occurrence() => JsonAssert.AreEqual(
        """{"mergingIntList":[1,2,4]}""", Patch("""{"mergingIntList":[1,2,3,3,4]}""", """{"$deleteFromPrimitiveList/mergingIntList":[3]}"""));

    [Test]
    public void Delete_from_primitive_list_works_on_lists_without_a_strategy_too() => JsonAssert.AreEqual(
        """{"nonMergingIntList":[1,3]}""", Patch("""{"nonMergingIntList":[1,2,3]}""", """{"$deleteFromPrimitiveList/nonMergingIntList":[2]}"""));

    [Test]
    public void Delete_from_primitive_list_never_adds()
    {
        JsonAssert.AreEqual("""{"mergingIntList":[1,2]}""", Patch("""{"mergingIntList":[1,2]}""", """{"$deleteFromPrimitiveList/mergingIntList":[3]}"""));
        JsonAssert.AreEqual("""{"foo":["bar"]}""", Patch("""{"foo":["bar"]}""", """{"$deleteFromPrimitiveList/mergingIntList":[3]}"""));
    }

    [Test]
    public void Delete_from_primitive_list_combines_with_additions() => JsonAssert.AreEqual(
        """{"mergingIntList":[1,2,4]}""",
        Patch("""{"mergingIntList":[1,2,3]}""",
            """{"$setElementOrder/mergingIntList":[1,2,4],"$deleteFromPrimitiveList/mergingIntList":[3],"mergingIntList":[4]}"""));

    [TestCase("""{"$deleteFromPrimitiveList/mergingIntList":3}""")]
    [TestCase("""{"$deleteFromPrimitiveList":[3]}""")]
    [TestCase("""{"$deleteFromPrimitiveList/":[3]}""")]
    public void A_malformed_deletion_list_is_a_bad_request(string patch) =>
        Assert.That(Fails("""{"mergingIntList":[3]}""", patch).Message, Does.StartWith("invalid patch format of primitive list"));

    // $setElementOrder, expected results as apimachinery's test suite asserts them.

    [Test]
    public void Set_element_order_places_added_elements() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":4,"value":4},{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"},{"name":3,"value":3}]}""",
        Patch("""{"mergingList":[{"name":1,"other":"a"},{"name":2,"value":2,"other":"b"}]}""",
            """{"$setElementOrder/mergingList":[{"name":4},{"name":1},{"name":2},{"name":3}],"mergingList":[{"name":4,"value":4},{"name":3,"value":3}]}"""));

    [Test]
    public void Set_element_order_keeps_a_server_only_element_after_the_configured_ones() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":"app"},{"name":"sidecar"},{"name":"injected"}]}""",
        Patch("""{"mergingList":[{"name":"app"},{"name":"injected"}]}""",
            """{"$setElementOrder/mergingList":[{"name":"app"},{"name":"sidecar"}],"mergingList":[{"name":"sidecar"}]}"""));

    [Test]
    public void Set_element_order_with_a_deletion_puts_additions_where_deleted_elements_were() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":2,"other":"b"},{"name":4,"other":"c"},{"name":3}]}""",
        Patch("""{"mergingList":[{"name":1},{"name":2,"other":"b"},{"name":4,"other":"c"}]}""",
            """{"$setElementOrder/mergingList":[{"name":2},{"name":3}],"mergingList":[{"name":3},{"name":1,"$patch":"delete"}]}"""));

    [Test]
    public void Set_element_order_with_a_deletion_and_two_additions() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":4,"other":"c"},{"name":2},{"name":3}]}""",
        Patch("""{"mergingList":[{"name":1,"other":"a"},{"name":4,"other":"c"}]}""",
            """{"$setElementOrder/mergingList":[{"name":2},{"name":3}],"mergingList":[{"name":2},{"name":3},{"name":1,"$patch":"delete"}]}"""));

    [Test]
    public void Set_element_order_ignores_deleted_elements_that_were_never_there() => JsonAssert.AreEqual(
        """{"name":"hi","mergingList":[{"name":"hello"},{"name":"hello2"}]}""",
        Patch("""{"name":"hi","mergingList":[{"name":"hello2"}]}""",
            """{"$setElementOrder/mergingList":[{"name":"hello"},{"name":"doesntexist"}],"mergingList":[{"name":"hello"},{"$patch":"delete","name":"doesntexist"}]}"""));

    [Test]
    public void Set_element_order_may_name_elements_that_are_in_neither_list() => JsonAssert.AreEqual(
        """{"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}""",
        Patch("""{"mergingList":[{"name":1},{"name":3}]}""",
            """{"$setElementOrder/mergingList":[{"name":3},{"name":2},{"name":1}],"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}"""));

    [Test]
    public void Set_element_order_alone_reorders_a_primitive_list() => JsonAssert.AreEqual(
        """{"mergingIntList":[3,1]}""", Patch("""{"mergingIntList":[1,3]}""", """{"$setElementOrder/mergingIntList":[3,2,1]}"""));

    [Test]
    public void Set_element_order_then_deletion_from_a_primitive_list_keeps_server_only_values() => JsonAssert.AreEqual(
        """{"mergingIntList":[1,2,4]}""",
        Patch("""{"mergingIntList":[1,2,3,4]}""", """{"$setElementOrder/mergingIntList":[1,2],"$deleteFromPrimitiveList/mergingIntList":[3]}"""));

    [Test]
    public void A_patch_list_out_of_set_element_order_is_invalid()
    {
        var error = Fails("""{"mergingList":[{"name":1},{"name":3},{"name":2}]}""",
            """{"$setElementOrder/mergingList":[{"name":1},{"name":2},{"name":3}],"mergingList":[{"name":3,"value":3},{"name":1,"value":1}]}""");
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.Invalid));
        Assert.That(error.Message, Does.Contain("doesn't match $setElementOrder list"));
        Assert.That(Fails("""{"mergingIntList":[1,3,2]}""", """{"$setElementOrder/mergingIntList":[1,2,3],"mergingIntList":[3,1]}""").Message,
            Does.Contain("doesn't match"));
    }

    [Test]
    public void A_set_element_order_entry_without_the_merge_key_is_invalid() =>
        Assert.That(Fails("""{"mergingList":[{"name":1}]}""", """{"$setElementOrder/mergingList":[{"value":1}]}""").Message,
            Does.Contain("does not contain declared merge key: name"));

    [TestCase("""{"$setElementOrder/mergingList":{"name":1}}""")]
    [TestCase("""{"$setElementOrder":[{"name":1}]}""")]
    public void A_malformed_set_element_order_is_a_bad_request(string patch)
    {
        var error = Fails("""{"mergingList":[{"name":1}]}""", patch);
        Assert.That(error.Reason, Is.EqualTo(PatchErrorReason.BadRequest));
        Assert.That(error.Message, Does.StartWith("invalid patch format of setElementOrder list"));
    }

    // The document as a whole.

    [Test]
    public void No_directive_survives_into_the_result()
    {
        var result = Patch("""{"mergingList":[{"name":1}],"mergingIntList":[1,2]}""",
            """
            {"$setElementOrder/mergingList":[{"name":2},{"name":1}],
             "mergingList":[{"name":2,"$retainKeys":["name","sub"],"sub":{"$patch":"replace","x":1}},{"name":9,"$patch":"delete"}],
             "$deleteFromPrimitiveList/mergingIntList":[1],
             "newMap":{"$patch":"merge","a":null,"b":1}}
            """);
        Assert.That(result.ToJsonString(), Does.Not.Contain("$"));
        JsonAssert.AreEqual("""{"mergingList":[{"name":2,"sub":{"x":1}},{"name":1}],"mergingIntList":[2],"newMap":{"b":1}}""", result);
    }

    [Test]
    public void Neither_argument_is_modified()
    {
        var original = JsonAssert.Object("""{"mergingList":[{"name":1,"value":1},{"name":2}],"mergingIntList":[1]}""");
        var patch = JsonNode.Parse("""{"mergingList":[{"name":1,"value":null},{"name":3},{"name":2,"$patch":"delete"}],"mergingIntList":[2]}""");
        var before = (original.ToJsonString(), patch!.ToJsonString());

        JsonAssert.AreEqual("""{"mergingList":[{"name":1},{"name":3}],"mergingIntList":[2,1]}""", StrategicMergePatch.Apply(original, patch, Schema));
        Assert.That((original.ToJsonString(), patch.ToJsonString()), Is.EqualTo(before));
    }

    [TestCase("[]")]
    [TestCase("\"x\"")]
    [TestCase("null")]
    public void A_patch_that_is_not_a_map_is_a_bad_request(string patch) =>
        Assert.That(Fails("""{}""", patch).Reason, Is.EqualTo(PatchErrorReason.BadRequest));
}
