using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

/// <summary>
/// A step for a <c>using</c> block: <c>using var step = Report.Step("inject zone outage");</c>. When disposed it
/// stops with the status of the exception leaving the block (failed for a failed assertion or expectation, broken
/// for anything else), or passed — or what <see cref="SetStatus"/> said. With no test running it records nothing.
/// </summary>
public sealed class ReportStep : IDisposable
{
    private readonly AllureLifecycle? _lifecycle;
    private readonly nint _exceptionAtStart;
    private Status? _status;
    private StatusDetails? _details;

    internal ReportStep(AllureLifecycle? lifecycle, RunningStep? step)
    {
        _lifecycle = lifecycle;
        Running = step;
        _exceptionAtStart = InFlightException.Marker();
    }

    /// <summary>The step being recorded, or null when there was nothing to record it under.</summary>
    public RunningStep? Running { get; }

    /// <summary>Ends the step with this status unless an exception leaves it (e.g. an expectation that failed softly).</summary>
    public void SetStatus(Status status, string? message = null)
    {
        _status = status;
        _details = message is null ? null : StatusDetails.FromMessage(message);
    }

    public void AddParameter(string name, string value) =>
        Apply(step => _lifecycle!.AddParameter(step, new Parameter(name, value)));

    public void Attach(string name, string mediaType, ReadOnlySpan<byte> content)
    {
        if (Running is not null)
        {
            _lifecycle!.Attach(name, mediaType, content, Running);
        }
    }

    public void Attach(string name, string mediaType, string text) =>
        Apply(step => _lifecycle!.Attach(name, mediaType, text, step));

    public void Dispose()
    {
        if (Running is null || _lifecycle is null)
        {
            return;
        }

        if (InFlightException.Leaving(_exceptionAtStart) is { } exception)
        {
            _lifecycle.StopStep(Running, _lifecycle.Classifier.StatusOf(exception), _lifecycle.Classifier.DetailsOf(exception));
        }
        else
        {
            _lifecycle.StopStep(Running, _status ?? Status.Passed, _details);
        }
    }

    private void Apply(Action<RunningStep> action)
    {
        if (Running is not null)
        {
            action(Running);
        }
    }
}
