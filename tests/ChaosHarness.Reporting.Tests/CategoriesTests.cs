using System.Text.RegularExpressions;
using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Tests;

public sealed class CategoriesTests
{
    private static readonly string[] Prefixes =
        [FailureMessages.ExpectationFailed, FailureMessages.SteadyStateNotMet, FailureMessages.HarnessError, FailureMessages.InfrastructureError];

    [TestCase("Expectation failed: rollout halts within 2m: saw step 3 -> 4\nat 02:03:10", Status.Failed, "Expectation failed")]
    [TestCase("Steady state not met: 2 nodes NotReady", Status.Broken, "Inconclusive: steady state not met")]
    [TestCase("Infrastructure error: API server unreachable", Status.Broken, "Harness or infrastructure error")]
    [TestCase("Harness error: journal not writable", Status.Broken, "Harness or infrastructure error")]
    [TestCase("zone loss emulation is not ready", Status.Skipped, "Skipped")]
    [TestCase("Expected: 0 But was: 3", Status.Failed, "Failed assertion")]
    public void AResultFallsIntoExactlyOneCategory(string message, Status status, string category) =>
        Assert.That(Matching(message, status).Select(c => c.Name), Is.EqualTo(new[] { category }));

    [Test]
    public void APassedResultFallsIntoNoCategory() =>
        Assert.That(Matching("Expectation failed: none", Status.Passed), Is.Empty);

    [Test]
    public void ThePrefixesHoldNoRegularExpressionSyntax() =>
        Assert.That(Prefixes, Has.All.Matches<string>(p => Regex.Escape(p!).Replace(@"\ ", " ", StringComparison.Ordinal) == p));

    // Allure puts a result in every category it matches, matching the whole message as Java's String.matches does.
    private static List<Category> Matching(string message, Status status) =>
        [.. HarnessCategories.All.Where(c =>
            c.MatchedStatuses.Contains(status)
            && (c.MessageRegex is null || Regex.IsMatch(message, $"^(?:{c.MessageRegex})$")))];
}
