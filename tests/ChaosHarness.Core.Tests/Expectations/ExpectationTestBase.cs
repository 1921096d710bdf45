using ChaosHarness.Core.Expectations;
using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Timelines;
using ChaosHarness.Core.Traffic;
using Microsoft.Extensions.Time.Testing;

namespace ChaosHarness.Core.Tests.Expectations;

public abstract class ExpectationTestBase
{
    protected const string Cluster = "eu-west-1";

    protected ExpectationTestBase()
    {
        Timeline = new Timeline(Clock);
        State = new ObservedState(Timeline);
        Context = new ObservationContext(State, Traffic, Timeline, Clock);
    }

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero));

    protected Timeline Timeline { get; }

    protected ObservedState State { get; }

    protected TrafficRecord Traffic { get; } = new();

    protected ObservationContext Context { get; }

    protected Task<ExpectationResult> Start(Expectation expectation) => ExpectationRunner.RunAsync(expectation, Context, CancellationToken.None);

    /// <summary>Lets fake fleet time pass in steps, giving the runner the chance to react after each.</summary>
    protected async Task Elapse(TimeSpan span, Task running)
    {
        var step = TimeSpan.FromSeconds(1);
        for (var passed = TimeSpan.Zero; passed < span && !running.IsCompleted; passed += step)
        {
            Clock.Advance(step);
            await Task.WhenAny(running, Task.Run(() => { }));
        }
    }

    protected static async Task<T> Settle<T>(Task<T> running) => await running.WaitAsync(TimeSpan.FromSeconds(10));

    protected async Task<ExpectationFailedException> Fails(Task<ExpectationResult> running)
        => (await Assert.ThrowsAsync<ExpectationFailedException>(() => running.WaitAsync(TimeSpan.FromSeconds(10))))!;
}
