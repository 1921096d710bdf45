using ChaosHarness.Fleet.Api.Selectors;
using k8s.Models;

namespace ChaosHarness.Fleet.Tests.Api.Selectors;

public class LabelSelectorBuildTests
{
    private static readonly Dictionary<string, string> Pod = new() { ["app"] = "web", ["tier"] = "frontend", ["pod-template-hash"] = "abc" };

    private static V1LabelSelectorRequirement Expression(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values };

    [Test]
    public void A_null_label_selector_matches_nothing()
    {
        var selector = LabelSelector.From(null);
        Assert.That(selector.IsNothing, Is.True);
        Assert.That(selector.Matches(Pod), Is.False);
        Assert.That(selector.Matches(null), Is.False);
    }

    [Test]
    public void An_empty_label_selector_matches_everything()
    {
        Assert.That(LabelSelector.From(new V1LabelSelector()).IsEverything, Is.True);
        Assert.That(LabelSelector.From(new V1LabelSelector { MatchExpressions = [], MatchLabels = new Dictionary<string, string>() }).Matches(Pod), Is.True);
    }

    [Test]
    public void Match_labels_and_match_expressions_must_all_hold()
    {
        var selector = LabelSelector.From(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions =
            [
                Expression("tier", "In", "frontend", "api"),
                Expression("env", "NotIn", "prod"),
                Expression("pod-template-hash", "Exists"),
                Expression("canary", "DoesNotExist"),
            ],
        });
        Assert.That(selector.Matches(Pod), Is.True);
        Assert.That(selector.Matches(new Dictionary<string, string>(Pod) { ["canary"] = "true" }), Is.False);
        Assert.That(selector.Matches(new Dictionary<string, string>(Pod) { ["env"] = "prod" }), Is.False);
        Assert.That(selector.Matches(new Dictionary<string, string>(Pod) { ["tier"] = "db" }), Is.False);
        Assert.That(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "api" }), Is.False);
        Assert.That(selector.ToString(), Is.EqualTo("app=web,!canary,env notin (prod),pod-template-hash,tier in (api,frontend)"));
    }

    [Test]
    public void An_unknown_operator_is_refused() =>
        Assert.That(Assert.Throws<SelectorException>(() => LabelSelector.From(new V1LabelSelector
            {
                MatchExpressions = [Expression("tier", "Equals", "web")],
            }))!.Message,
            Is.EqualTo("\"Equals\" is not a valid label selector operator"));

    [Test]
    public void In_without_values_is_refused() =>
        Assert.That(Assert.Throws<SelectorException>(() => LabelSelector.From(new V1LabelSelector
            {
                MatchExpressions = [Expression("tier", "In")],
            }))!.Message,
            Is.EqualTo("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty"));

    [Test]
    public void Exists_with_values_is_refused() =>
        Assert.That(Assert.Throws<SelectorException>(() => LabelSelector.From(new V1LabelSelector
            {
                MatchExpressions = [Expression("tier", "Exists", "web")],
            }))!.Message,
            Is.EqualTo("values: Invalid value: [\"web\"]: values set must be empty for exists and does not exist"));

    [Test]
    public void Invalid_match_labels_are_refused() =>
        Assert.That(Assert.Throws<SelectorException>(() => LabelSelector.From(new V1LabelSelector
            {
                MatchLabels = new Dictionary<string, string> { ["app"] = "not valid" },
            }))!.Message,
            Does.StartWith("values[0][app]: Invalid value: \"not valid\""));

    [Test]
    public void A_service_selector_requires_every_label()
    {
        var selector = LabelSelector.FromServiceSelector(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "frontend" });
        Assert.That(selector.Matches(Pod), Is.True);
        Assert.That(selector.Matches(new Dictionary<string, string> { ["app"] = "web" }), Is.False);
    }

    [Test]
    public void An_empty_service_selector_selects_no_pods()
    {
        Assert.That(LabelSelector.FromServiceSelector(new Dictionary<string, string>()).IsNothing, Is.True);
        Assert.That(LabelSelector.FromServiceSelector(null).Matches(Pod), Is.False);
        Assert.That(LabelSelector.FromServiceSelector(null).Matches(new Dictionary<string, string>()), Is.False);
    }

    [Test]
    public void An_empty_set_selects_everything()
    {
        Assert.That(LabelSelector.FromSet(new Dictionary<string, string>()).IsEverything, Is.True);
        Assert.That(LabelSelector.FromSet(null).Matches(Pod), Is.True);
        Assert.That(LabelSelector.FromSet(new Dictionary<string, string> { ["app"] = "api" }).Matches(Pod), Is.False);
    }

    [Test]
    public void Nothing_and_everything()
    {
        Assert.That(LabelSelector.Everything.Matches(null), Is.True);
        Assert.That(LabelSelector.Nothing.Matches(Pod), Is.False);
        Assert.That(LabelSelector.Nothing.IsEverything, Is.False);
        Assert.That(LabelSelector.Everything.IsNothing, Is.False);
    }

    [Test]
    public void A_requirement_can_be_built_directly()
    {
        var requirement = LabelRequirement.Create("zone", LabelOperator.NotIn, ["b", "a", "b"]);
        Assert.That(requirement.Values, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(requirement.Matches(new Dictionary<string, string> { ["zone"] = "c" }), Is.True);
        Assert.That(requirement.ToString(), Is.EqualTo("zone notin (a,b)"));
        Assert.Throws<SelectorException>(() => LabelRequirement.Create("zone", LabelOperator.Equals, ["a", "b"]));
    }
}
