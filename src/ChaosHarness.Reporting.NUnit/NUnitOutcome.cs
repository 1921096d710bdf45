using ChaosHarness.Reporting.Allure;
using NUnit.Framework.Interfaces;

namespace ChaosHarness.Reporting.NUnit;

/// <summary>NUnit's outcome in Allure's words, as the official Allure NUnit adapter maps it.</summary>
internal static class NUnitOutcome
{
    public static Status ToStatus(ResultState outcome) => outcome.Status switch
    {
        TestStatus.Passed => Status.Passed,
        TestStatus.Skipped => Status.Skipped,
        TestStatus.Inconclusive or TestStatus.Warning => Status.Broken,
        // A failed assertion has NUnit's plain "Failure" (no label); errors, cancellations and invalid tests carry a label.
        TestStatus.Failed when string.IsNullOrEmpty(outcome.Label) => Status.Failed,
        _ => Status.Broken,
    };

    public static StatusDetails? Details(string? message, string? stackTrace) =>
        string.IsNullOrEmpty(message) && string.IsNullOrEmpty(stackTrace)
            ? null
            : new StatusDetails { Message = message?.Trim(), Trace = stackTrace };
}
