using System.Text;
using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Lifecycle;

/// <summary>
/// Records tests, their nested steps, attachments and fixture containers as they run, and writes each result when
/// it stops. Thread-safe; parallel tests and parallel branches inside a test are fine. The current test or step
/// flows with async code (an <see cref="AsyncLocal{T}"/>), so a step started inside an awaited method nests under
/// the step that awaited it.
/// </summary>
public sealed class AllureLifecycle
{
    private readonly AsyncLocal<ReportScope?> _scope = new();

    public AllureLifecycle(AllureResultsWriter writer, TimeProvider timeProvider, ExceptionClassifier? classifier = null)
    {
        Writer = writer;
        TimeProvider = timeProvider;
        Classifier = classifier ?? ExceptionClassifier.Default;
    }

    public static AllureLifecycle CreateDefault() =>
        new(new AllureResultsWriter(ResultsLocation.Resolve()), TimeProvider.System);

    public AllureResultsWriter Writer { get; }
    public TimeProvider TimeProvider { get; }
    public ExceptionClassifier Classifier { get; }
    public SecretRedactor Secrets => Writer.Secrets;

    /// <summary>
    /// Where to record when this async flow has started nothing itself: a test framework's notion of the running
    /// test or fixture, for code whose async flow the framework did not carry over from its own hooks.
    /// </summary>
    public Func<ReportItem?>? AmbientItem { get; set; }

    /// <summary>The container that fixtures started without naming one go to (a test framework's current fixture class).</summary>
    public Func<RunningContainer?>? AmbientContainer { get; set; }

    /// <summary>The innermost running test, step or fixture of this async flow.</summary>
    public ReportItem? Current
    {
        get
        {
            for (var scope = _scope.Value; scope is not null; scope = scope.Outer)
            {
                if (!scope.Item.IsStopped)
                {
                    return scope.Item;
                }
            }

            return AmbientItem?.Invoke() is { IsStopped: false } ambient ? ambient : null;
        }
    }

    public RunningTest? CurrentTest => Current?.Test;

    public RunningTest StartTest(TestResult result)
    {
        if (string.IsNullOrEmpty(result.Uuid))
        {
            result.Uuid = Guid.NewGuid().ToString();
        }

        result.Start = Now();
        result.Stage = Stage.Running;
        var test = new RunningTest(result);
        Enter(test);
        return test;
    }

    public void StopTest(RunningTest test, Status status, StatusDetails? details = null)
    {
        lock (test.Gate)
        {
            if (test.IsStopped)
            {
                throw new InvalidOperationException($"Test '{test.Name}' has already stopped.");
            }

            var now = Now();
            InterruptRunningSteps(test.Item, now);
            Finish(test.Item, status, details, now);
            Writer.WriteResult(test.Result);
            test.IsStopped = true;
        }

        Leave(test);
    }

    /// <summary>Writes a result that never ran, such as an ignored test's: it starts and stops now.</summary>
    public void WriteNotRun(TestResult result, Status status, StatusDetails? details)
    {
        if (string.IsNullOrEmpty(result.Uuid))
        {
            result.Uuid = Guid.NewGuid().ToString();
        }

        var now = Now();
        result.Start ??= now;
        Finish(result, status, details, now);
        Writer.WriteResult(result);
    }

    /// <summary>Changes a running test's result: labels, links, parameters, description.</summary>
    public void UpdateTest(RunningTest test, Action<TestResult> change)
    {
        lock (test.Gate)
        {
            ThrowIfStopped(test);
            change(test.Result);
        }
    }

    /// <summary>Starts a step under <paramref name="parent"/>, or under the current item of this async flow.</summary>
    public RunningStep StartStep(string name, IEnumerable<Parameter>? parameters = null, ReportItem? parent = null)
    {
        parent ??= Current ?? throw new InvalidOperationException($"Step '{name}' has no test, step or fixture to belong to.");
        var result = new StepResult { Name = name, Stage = Stage.Running, Parameters = parameters?.ToList() ?? [] };
        lock (parent.Gate)
        {
            ThrowIfStopped(parent);
            result.Start = Now();
            parent.Item.Steps.Add(result);
        }

        var step = new RunningStep(result, parent);
        Enter(step);
        return step;
    }

    public void StopStep(RunningStep step, Status status, StatusDetails? details = null)
    {
        lock (step.Gate)
        {
            if (step.IsStopped)
            {
                return;
            }

            Finish(step.Item, status, details, Now());
            step.IsStopped = true;
        }

        Leave(step);
    }

    /// <summary>Adds a parameter to a running step (or test), e.g. the target a fault turned out to hit.</summary>
    public void AddParameter(ReportItem item, Parameter parameter)
    {
        lock (item.Gate)
        {
            ThrowIfStopped(item);
            item.Item.Parameters.Add(parameter);
        }
    }

    /// <summary>Writes the content now and attaches it to <paramref name="to"/> or to the current item.</summary>
    public Attachment Attach(string name, string mediaType, ReadOnlySpan<byte> content, ReportItem? to = null)
    {
        to ??= Current ?? throw new InvalidOperationException($"Attachment '{name}' has no test, step or fixture to belong to.");
        var attachment = Writer.WriteAttachment(name, mediaType, content);
        lock (to.Gate)
        {
            ThrowIfStopped(to);
            to.Item.Attachments.Add(attachment);
        }

        return attachment;
    }

    public Attachment Attach(string name, string mediaType, string text, ReportItem? to = null) =>
        Attach(name, mediaType, Encoding.UTF8.GetBytes(text), to);

    public RunningContainer StartContainer(string name) =>
        new(new TestResultContainer { Uuid = Guid.NewGuid().ToString(), Name = name, Start = Now() });

    public void AddChild(RunningContainer container, RunningTest test)
    {
        lock (container.Gate)
        {
            if (!container.Container.Children.Contains(test.Uuid))
            {
                container.Container.Children.Add(test.Uuid);
                RewriteIfStopped(container);
            }
        }
    }

    public RunningFixture StartBeforeFixture(RunningContainer container, string name) => StartFixture(container, name, before: true);

    public RunningFixture StartAfterFixture(RunningContainer container, string name) => StartFixture(container, name, before: false);

    public void StopFixture(RunningFixture fixture, Status status, StatusDetails? details = null)
    {
        lock (fixture.Gate)
        {
            if (fixture.IsStopped)
            {
                return;
            }

            var now = Now();
            InterruptRunningSteps(fixture.Item, now);
            Finish(fixture.Item, status, details, now);
            fixture.IsStopped = true;
            RewriteIfStopped(fixture.Container);
        }

        Leave(fixture);
    }

    /// <summary>
    /// Writes the container. Fixtures and children added after (a one-time tear-down runs after its tests are
    /// reported) rewrite it. A container with no fixtures says nothing and is not written.
    /// </summary>
    public void StopContainer(RunningContainer container)
    {
        lock (container.Gate)
        {
            container.Container.Stop = Now();
            container.IsStopped = true;
            RewriteIfStopped(container);
        }
    }

    internal void Enter(ReportItem item) => _scope.Value = new ReportScope(item, _scope.Value);

    private RunningFixture StartFixture(RunningContainer container, string name, bool before)
    {
        var result = new FixtureResult { Name = name, Stage = Stage.Running, Start = Now() };
        lock (container.Gate)
        {
            (before ? container.Container.Befores : container.Container.Afters).Add(result);
        }

        var fixture = new RunningFixture(result, container);
        Enter(fixture);
        return fixture;
    }

    private void RewriteIfStopped(RunningContainer container)
    {
        var content = container.Container;
        if (container.IsStopped && (content.Befores.Count > 0 || content.Afters.Count > 0))
        {
            Writer.WriteContainer(content);
        }
    }

    private void Leave(ReportItem item)
    {
        // Only this flow's own scope is popped; an item stopped from another flow is skipped by Current instead.
        if (_scope.Value is { } scope && ReferenceEquals(scope.Item, item))
        {
            _scope.Value = scope.Outer;
        }
    }

    private static void Finish(ExecutableItem item, Status status, StatusDetails? details, long now)
    {
        item.Status = status;
        item.StatusDetails = details ?? item.StatusDetails;
        item.Stage = Stage.Finished;
        item.Stop = now;
        item.Start ??= now;
    }

    private static void InterruptRunningSteps(ExecutableItem item, long now)
    {
        foreach (var step in item.Steps)
        {
            if (step.Stage == Stage.Running)
            {
                step.Stage = Stage.Interrupted;
                step.Status = Status.Broken;
                step.StatusDetails ??= StatusDetails.FromMessage("Still running when its test or fixture ended.");
                step.Stop = now;
            }

            InterruptRunningSteps(step, now);
        }
    }

    private static void ThrowIfStopped(ReportItem item)
    {
        if (item.IsStopped)
        {
            throw new InvalidOperationException($"'{item.Name}' has already stopped.");
        }
    }

    private long Now() => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();
}
