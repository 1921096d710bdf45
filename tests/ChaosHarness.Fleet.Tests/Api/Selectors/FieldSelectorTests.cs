using ChaosHarness.Fleet.Api.Selectors;

namespace ChaosHarness.Fleet.Tests.Api.Selectors;

public class FieldSelectorTests
{
    private static readonly HashSet<string> PodFields = ["metadata.name", "metadata.namespace", "spec.nodeName", "status.phase"];

    private static Func<string, string?> Pod(string name, string? node, string phase) => field => field switch
    {
        "metadata.name" => name,
        "metadata.namespace" => "default",
        "spec.nodeName" => node,
        "status.phase" => phase,
        _ => null,
    };

    [TestCase("")]
    [TestCase(null)]
    public void Empty_selects_everything(string? selector)
    {
        var parsed = FieldSelector.Parse(selector);
        Assert.That(parsed.IsEverything, Is.True);
        Assert.That(parsed.Matches(_ => null), Is.True);
    }

    [TestCase("metadata.name=web-1", true)]
    [TestCase("metadata.name==web-1", true)]
    [TestCase("metadata.name=web-2", false)]
    [TestCase("metadata.name!=web-2", true)]
    [TestCase("metadata.name!=web-1", false)]
    [TestCase("spec.nodeName=node-1,status.phase!=Succeeded,status.phase!=Failed", true)]
    [TestCase("spec.nodeName=node-1,status.phase!=Running", false)]
    public void Operators_and_conjunction(string selector, bool selected) =>
        Assert.That(FieldSelector.Parse(selector, PodFields).Matches(Pod("web-1", "node-1", "Running")), Is.EqualTo(selected));

    [Test]
    public void An_empty_value_selects_objects_without_the_field()
    {
        var unscheduled = FieldSelector.Parse("spec.nodeName=", PodFields);
        Assert.That(unscheduled.Matches(Pod("p", null, "Pending")), Is.True);
        Assert.That(unscheduled.Matches(Pod("p", "", "Pending")), Is.True);
        Assert.That(unscheduled.Matches(Pod("p", "node-1", "Running")), Is.False);
        Assert.That(FieldSelector.Parse("spec.nodeName!=").Matches(Pod("p", "node-1", "Running")), Is.True);
    }

    [Test]
    public void Unsupported_fields_are_refused() =>
        Assert.That(Assert.Throws<SelectorException>(() => FieldSelector.Parse("metadata.name=a,spec.foo=b", PodFields))!.Message,
            Is.EqualTo("field label not supported: spec.foo"));

    [Test]
    public void Without_a_field_list_any_field_parses() =>
        Assert.That(FieldSelector.Parse("involvedObject.kind=Pod,involvedObject.name=web-1").Requirements,
            Is.EqualTo(new[]
            {
                new FieldRequirement("involvedObject.kind", FieldOperator.Equals, "Pod"),
                new FieldRequirement("involvedObject.name", FieldOperator.Equals, "web-1"),
            }));

    [Test]
    public void A_term_without_an_operator_is_refused() =>
        Assert.That(Assert.Throws<SelectorException>(() => FieldSelector.Parse("metadata.name=a,spec.nodeName"))!.Message,
            Is.EqualTo("invalid selector: 'metadata.name=a,spec.nodeName'; can't understand 'spec.nodeName'"));

    [Test]
    public void Values_may_escape_commas_equals_and_backslashes()
    {
        var parsed = FieldSelector.Parse(@"metadata.name=a\,b\=c\\d,status.phase=Running");
        Assert.That(parsed.Requirements[0].Value, Is.EqualTo(@"a,b=c\d"));
        Assert.That(parsed.Requirements[1].Value, Is.EqualTo("Running"));
        Assert.That(parsed.ToString(), Is.EqualTo(@"metadata.name=a\,b\=c\\d,status.phase=Running"));
    }

    [TestCase(@"metadata.name=a\b", @"invalid field selector: invalid escape sequence: \b")]
    [TestCase(@"metadata.name=a\", @"invalid field selector: invalid escape sequence: \")]
    [TestCase("metadata.name=a=b", "invalid field selector: unescaped character in value: =")]
    public void Bad_escapes_are_refused(string selector, string message) =>
        Assert.That(Assert.Throws<SelectorException>(() => FieldSelector.Parse(selector))!.Message, Is.EqualTo(message));

    [Test]
    public void The_first_operator_splits_the_term()
    {
        var requirement = FieldSelector.Parse("a!=b").Requirements.Single();
        Assert.That(requirement, Is.EqualTo(new FieldRequirement("a", FieldOperator.NotEquals, "b")));
        Assert.That(FieldSelector.Parse("a==b").Requirements.Single().Value, Is.EqualTo("b"));
    }

    [Test]
    public void Nothing_is_trimmed() =>
        Assert.That(Assert.Throws<SelectorException>(() => FieldSelector.Parse("metadata.name = a", PodFields))!.Message,
            Is.EqualTo("field label not supported: metadata.name "));

    [Test]
    public void Empty_terms_are_skipped() =>
        Assert.That(FieldSelector.Parse("metadata.name=a,,status.phase=Running,").Requirements, Has.Count.EqualTo(2));

    [Test]
    public void Finds_an_exact_match()
    {
        var selector = FieldSelector.Parse("metadata.name=web-1,status.phase!=Failed");
        Assert.That(selector.TryGetExactMatch("metadata.name", out var name), Is.True);
        Assert.That(name, Is.EqualTo("web-1"));
        Assert.That(selector.TryGetExactMatch("status.phase", out _), Is.False);
        Assert.That(selector.TryGetExactMatch("spec.nodeName", out _), Is.False);
    }
}
