using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Tests;

public sealed class CsvTableTests
{
    [Test]
    public void QuotesOnlyTheCellsThatNeedIt() =>
        Assert.That(
            CsvTable.Format(["fleet time", "change"], [["+00:01.0", "weight 20 → 40"], ["+00:02.0", "message \"paused\", step 1\nnext"]]),
            Is.EqualTo("fleet time,change\r\n+00:01.0,weight 20 → 40\r\n+00:02.0,\"message \"\"paused\"\", step 1\nnext\"\r\n"));

    [Test]
    public void ARowOfTheWrongWidthIsRefused() =>
        Assert.That(() => CsvTable.Format(["a", "b"], [["only one"]]), Throws.ArgumentException.With.Message.Contains("1 cells but the table has 2 columns"));
}
