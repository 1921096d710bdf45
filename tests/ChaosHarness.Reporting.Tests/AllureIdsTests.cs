using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Tests;

public sealed class AllureIdsTests
{
    private const string SampleFullName =
        "ChaosHarness.Reporting.Tests:ChaosHarness.Reporting.Tests.AllureIdsTests.Sample(System.String,System.Int32)";

    [Test]
    public void FullNameIsAssemblyNamespaceClassMethodAndParameterTypes() =>
        Assert.That(AllureIds.FullName(typeof(AllureIdsTests).GetMethod(nameof(Sample))!), Is.EqualTo(SampleFullName));

    [Test]
    public void FullNameNamesProjectTypesWithTheirAssembly() =>
        Assert.That(
            AllureIds.FullName(typeof(AllureIdsTests).GetMethod(nameof(WithProjectType))!),
            Does.EndWith(".WithProjectType(ChaosHarness.Reporting:ChaosHarness.Reporting.Allure.Severity)"));

    [Test]
    public void TestCaseIdIsTheMd5OfTheFullName() =>
        // Expected value computed outside .NET (python hashlib) from the same full name.
        Assert.That(AllureIds.TestCaseId(SampleFullName), Is.EqualTo("5cd599d9e7d2f7a35e00dafc2d72674c"));

    [Test]
    public void HistoryIdIsTheMd5OfFullNameAndParameterValuesSortedByName()
    {
        Parameter[] parameters = [new("zones", "3"), new("region", "eu-west-1")];

        Assert.That(AllureIds.HistoryId(SampleFullName, parameters), Is.EqualTo("6a0f58739e4f02a7c9fe9310f4d00e20"));
    }

    [Test]
    public void HistoryIdFollowsValuesButNotExcludedOrSecretParameters()
    {
        var baseline = AllureIds.HistoryId(SampleFullName, [new("region", "eu-west-1")]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(AllureIds.HistoryId(SampleFullName, [new("region", "us-east-1")]), Is.Not.EqualTo(baseline));
            Assert.That(AllureIds.HistoryId(SampleFullName, [new("region", "eu-west-1"), new("run", "7", excluded: true)]), Is.EqualTo(baseline));
            Assert.That(AllureIds.HistoryId(SampleFullName, [new("region", "eu-west-1"), Parameter.Secret("token")]), Is.EqualTo(baseline));
        }
    }

    public static void Sample(string region, int zones)
    {
    }

    public static void WithProjectType(Severity severity)
    {
    }
}
