using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

/// <summary>
/// A set-up or tear-down for a <c>using</c> block, e.g. <c>using var _ = Report.Before("start embedded fleet");</c>
/// in a one-time set-up. Its status comes from the exception leaving the block, like <see cref="ReportStep"/>.
/// </summary>
public sealed class ReportFixture : IDisposable
{
    private readonly AllureLifecycle? _lifecycle;
    private readonly nint _exceptionAtStart;

    internal ReportFixture(AllureLifecycle? lifecycle, RunningFixture? fixture)
    {
        _lifecycle = lifecycle;
        Running = fixture;
        _exceptionAtStart = InFlightException.Marker();
    }

    public RunningFixture? Running { get; }

    public void Dispose()
    {
        if (Running is null || _lifecycle is null)
        {
            return;
        }

        if (InFlightException.Leaving(_exceptionAtStart) is { } exception)
        {
            _lifecycle.StopFixture(Running, _lifecycle.Classifier.StatusOf(exception), _lifecycle.Classifier.DetailsOf(exception));
        }
        else
        {
            _lifecycle.StopFixture(Running, Status.Passed);
        }
    }
}
