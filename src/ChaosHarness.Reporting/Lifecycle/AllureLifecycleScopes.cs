using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

/// <summary>The <c>using</c>-block and delegate forms of steps and fixtures, on any lifecycle.</summary>
public static class AllureLifecycleScopes
{
    /// <summary>A step under the current item; inert (records nothing) when no test, step or fixture is running.</summary>
    public static ReportStep Step(this AllureLifecycle lifecycle, string name, IEnumerable<Parameter>? parameters = null) =>
        lifecycle.Current is { } parent
            ? new ReportStep(lifecycle, lifecycle.StartStep(name, parameters, parent))
            : new ReportStep(null, null);

    public static void Step(this AllureLifecycle lifecycle, string name, Action body)
    {
        using var step = lifecycle.Step(name);
        body();
    }

    public static T Step<T>(this AllureLifecycle lifecycle, string name, Func<T> body)
    {
        using var step = lifecycle.Step(name);
        return body();
    }

    public static async Task StepAsync(this AllureLifecycle lifecycle, string name, Func<CancellationToken, Task> body, CancellationToken cancellationToken = default)
    {
        using var step = lifecycle.Step(name);
        await body(cancellationToken).ConfigureAwait(false);
    }

    public static async Task<T> StepAsync<T>(this AllureLifecycle lifecycle, string name, Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken = default)
    {
        using var step = lifecycle.Step(name);
        return await body(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A set-up in <paramref name="container"/>, or in the ambient container; inert when there is none.</summary>
    public static ReportFixture Before(this AllureLifecycle lifecycle, string name, RunningContainer? container = null) =>
        (container ?? lifecycle.AmbientContainer?.Invoke()) is { } target
            ? new ReportFixture(lifecycle, lifecycle.StartBeforeFixture(target, name))
            : new ReportFixture(null, null);

    public static ReportFixture After(this AllureLifecycle lifecycle, string name, RunningContainer? container = null) =>
        (container ?? lifecycle.AmbientContainer?.Invoke()) is { } target
            ? new ReportFixture(lifecycle, lifecycle.StartAfterFixture(target, name))
            : new ReportFixture(null, null);
}
