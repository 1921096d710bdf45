using ChaosHarness.Fleet.Api.Selectors;

namespace ChaosHarness.Fleet.Tests.Api.Selectors;

public class LabelSelectorParseTests
{
    private static readonly Dictionary<string, string> Web = new()
    {
        ["app"] = "web",
        ["tier"] = "frontend",
        ["topology.kubernetes.io/zone"] = "eu-west-1a",
        ["release"] = "3",
    };

    private static bool Selects(string selector, IReadOnlyDictionary<string, string>? labels = null) =>
        LabelSelector.Parse(selector).Matches(labels ?? Web);

    private static string ParseError(string selector) =>
        Assert.Throws<SelectorException>(() => LabelSelector.Parse(selector))!.Message;

    [TestCase("")]
    [TestCase(null)]
    [TestCase("   ")]
    public void Empty_selects_everything(string? selector)
    {
        var parsed = LabelSelector.Parse(selector);
        Assert.That(parsed.IsEverything, Is.True);
        Assert.That(parsed.Matches(Web), Is.True);
        Assert.That(parsed.Matches(null), Is.True);
    }

    [TestCase("app=web", true)]
    [TestCase("app==web", true)]
    [TestCase("app=api", false)]
    [TestCase("missing=web", false)]
    [TestCase("app!=api", true)]
    [TestCase("app!=web", false)]
    [TestCase("missing!=web", true)]
    [TestCase("tier in (frontend,backend)", true)]
    [TestCase("tier in (backend)", false)]
    [TestCase("missing in (x)", false)]
    [TestCase("tier notin (backend,db)", true)]
    [TestCase("tier notin (frontend)", false)]
    [TestCase("missing notin (x)", true)]
    [TestCase("app", true)]
    [TestCase("missing", false)]
    [TestCase("!missing", true)]
    [TestCase("!app", false)]
    [TestCase("release>2", true)]
    [TestCase("release>3", false)]
    [TestCase("release<4", true)]
    [TestCase("app>1", false)]
    [TestCase("missing<4", false)]
    public void Operators(string selector, bool selected) => Assert.That(Selects(selector), Is.EqualTo(selected));

    [TestCase("app=web,tier=frontend", true)]
    [TestCase("app=web,tier=backend", false)]
    [TestCase("app=web,!canary", true)]
    [TestCase("!canary,app=web,tier in (frontend)", true)]
    [TestCase("app,!tier", false)]
    public void Commas_join_requirements_with_and(string selector, bool selected) => Assert.That(Selects(selector), Is.EqualTo(selected));

    [TestCase("  app = web , tier in ( frontend , backend ) , ! canary  ")]
    [TestCase("app\t==\tweb,\ntier")]
    [TestCase("app=web ,tier notin(db)")]
    public void Whitespace_is_tolerated(string selector) => Assert.That(Selects(selector), Is.True);

    [Test]
    public void Keys_with_prefixes_dots_and_slashes()
    {
        Assert.That(Selects("topology.kubernetes.io/zone=eu-west-1a"), Is.True);
        Assert.That(Selects("topology.kubernetes.io/zone in (eu-west-1b,eu-west-1c)"), Is.False);
        Assert.That(Selects("!node-role.kubernetes.io/control-plane"), Is.True);
        Assert.That(Selects("app.kubernetes.io/name"), Is.False);
    }

    [Test]
    public void Empty_values_select_empty_labels()
    {
        var labels = new Dictionary<string, string> { ["a"] = "" };
        Assert.That(Selects("a=", labels), Is.True);
        Assert.That(Selects("a=,b!=", labels), Is.True);
        Assert.That(Selects("a in ()", labels), Is.True);
        Assert.That(Selects("a in (x,,y)", labels), Is.True);
        Assert.That(Selects("a in (,x)", labels), Is.True);
        Assert.That(Selects("a in (x,)", labels), Is.True);
        Assert.That(Selects("a in (x)", labels), Is.False);
    }

    [Test]
    public void In_and_notin_are_plain_words_as_values_and_keys()
    {
        var labels = new Dictionary<string, string> { ["in"] = "notin" };
        Assert.That(Selects("in=notin", labels), Is.True);
        Assert.That(Selects("in in (in,notin)", labels), Is.True);
        Assert.That(Selects("in", labels), Is.True);
    }

    [Test]
    public void Requirements_are_sorted_by_key_and_print_canonically()
    {
        var parsed = LabelSelector.Parse("tier in (web, api ,api), app==web,!canary , zone notin (b,a), env!=prod, n>1, m<2, exists");
        Assert.That(parsed.Requirements.Select(r => r.Key), Is.EqualTo(new[] { "app", "canary", "env", "exists", "m", "n", "tier", "zone" }));
        Assert.That(parsed.ToString(), Is.EqualTo("app=web,!canary,env!=prod,exists,m<2,n>1,tier in (api,web),zone notin (a,b)"));
        Assert.That(LabelSelector.Parse(parsed.ToString()).ToString(), Is.EqualTo(parsed.ToString()));
    }

    [Test]
    public void Requirements_expose_their_parts()
    {
        var requirement = LabelSelector.Parse("tier in (web,api)").Requirements.Single();
        Assert.That(requirement.Key, Is.EqualTo("tier"));
        Assert.That(requirement.Operator, Is.EqualTo(LabelOperator.In));
        Assert.That(requirement.Values, Is.EqualTo(new[] { "api", "web" }));
    }

    // Syntax errors, worded as the API server words them.

    [TestCase("app=web tier=db", "found 'tier', expected: ',' or 'end of string'")]
    [TestCase("app=web,", "found '', expected: identifier after ','")]
    [TestCase("app=web,,tier", "found ',', expected: identifier after ','")]
    [TestCase(",app", "found ',', expected: !, identifier, or 'end of string'")]
    [TestCase("=web", "found '=', expected: !, identifier, or 'end of string'")]
    [TestCase("!=web", "found '!=', expected: !, identifier, or 'end of string'")]
    [TestCase("!", "unable to parse requirement: found '', expected: identifier")]
    [TestCase("!(a)", "unable to parse requirement: found '(', expected: identifier")]
    [TestCase("app web", "unable to parse requirement: found 'web', expected: in, notin, =, ==, !=, gt, lt")]
    [TestCase("app in web", "unable to parse requirement: found 'web' expected: '('")]
    [TestCase("app in (web", "unable to parse requirement: found '', expected: ',' or ')'")]
    [TestCase("app in (web api)", "unable to parse requirement: found 'api', expected: ',' or ')'")]
    [TestCase("app in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier")]
    [TestCase("app=(web)", "unable to parse requirement: found '(', expected: identifier")]
    [TestCase("!app=web", "found '=', expected: ',' or 'end of string'")]
    public void Syntax_errors(string selector, string message) => Assert.That(ParseError(selector), Is.EqualTo(message));

    // Validation errors.

    [Test]
    public void An_invalid_key_is_explained()
    {
        Assert.That(ParseError("-app=web"), Is.EqualTo(
            "unable to parse requirement: key: Invalid value: \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', " +
            "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
            "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"));
        Assert.That(ParseError("Example.com/app"), Does.Contain("prefix part a lowercase RFC 1123 subdomain"));
        Assert.That(ParseError("a/b/c"), Does.Contain("a qualified name must consist of"));
        Assert.That(ParseError("/app"), Does.Contain("prefix part must be non-empty"));
        Assert.That(ParseError(new string('k', 64)), Does.Contain("name part must be no more than 63 characters"));
    }

    [Test]
    public void An_invalid_value_is_explained()
    {
        Assert.That(ParseError("app=-web"), Is.EqualTo(
            "unable to parse requirement: values[0][app]: Invalid value: \"-web\": a valid label must be an empty string or consist of " +
            "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
            "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
        Assert.That(ParseError("app in (ok,bad/value)"), Does.StartWith("unable to parse requirement: values[0][app]: Invalid value: \"bad/value\""));
        Assert.That(ParseError("app=" + new string('v', 64)), Does.Contain("must be no more than 63 characters"));
    }

    [Test]
    public void Gt_and_lt_need_an_integer() =>
        Assert.That(ParseError("release>three"), Is.EqualTo(
            "unable to parse requirement: values[0]: Invalid value: \"three\": for 'Gt', 'Lt' operators, the value must be an integer"));

    [Test]
    public void Several_problems_are_listed_together() =>
        Assert.That(ParseError("release>-x"), Does.StartWith("unable to parse requirement: [values[0]: Invalid value: \"-x\": for 'Gt'"));
}
