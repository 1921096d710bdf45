using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Tests;

public sealed class ResultsLocationTests
{
    [Test]
    public void TheEnvironmentVariableWins() =>
        Assert.That(ResultsLocation.Resolve("/tmp/nightly-results", AppContext.BaseDirectory), Is.EqualTo("/tmp/nightly-results"));

    [Test]
    public void OtherwiseReportsAllureResultsUnderTheRepositoryRoot()
    {
        var resolved = ResultsLocation.Resolve(null, AppContext.BaseDirectory);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resolved, Does.EndWith(Path.Combine("reports", "allure-results")));
            Assert.That(File.Exists(Path.Combine(resolved, "..", "..", RepositoryRoot.Marker)));
        }
    }

    [Test]
    public void OutsideTheRepositoryItSaysWhatToSet()
    {
        var elsewhere = Directory.CreateTempSubdirectory("no-repository-").FullName;
        try
        {
            Assert.That(() => ResultsLocation.Resolve("", elsewhere), Throws.TypeOf<DirectoryNotFoundException>().With.Message.Contains(ResultsLocation.EnvironmentVariable));
        }
        finally
        {
            Directory.Delete(elsewhere);
        }
    }
}
