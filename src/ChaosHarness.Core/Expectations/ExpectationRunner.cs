using ChaosHarness.Core.Observation;
using ChaosHarness.Core.Timelines;

namespace ChaosHarness.Core.Expectations;

/// <summary>
/// Evaluates an expectation each time the watched state or the traffic changes, and at its deadline,
/// until it passes or fails. Waiting is on signals and the fleet clock: no polling, no fixed sleeps.
/// </summary>
public static class ExpectationRunner
{
    /// <summary>How much of the timeline before the expectation started a failure message shows.</summary>
    public static TimeSpan TimelineLead { get; set; } = TimeSpan.FromSeconds(60);

    public static async Task<ExpectationResult> RunAsync(Expectation expectation, ObservationContext context, CancellationToken cancellationToken)
    {
        var clock = context.Clock;
        var startedAt = clock.GetUtcNow();
        var deadlineAt = startedAt + expectation.Deadline;
        context.Timeline.Record(TimelineEventKind.Expectation, "harness", expectation.Name, $"expecting (deadline {Expectation.Seconds(expectation.Deadline)})", startedAt);
        expectation.Begin(context, startedAt);
        try
        {
            while (true)
            {
                var stateVersion = context.State.Signal.Version;
                var trafficVersion = context.Traffic?.Signal.Version ?? 0;
                var now = clock.GetUtcNow();
                var deadlineReached = now >= deadlineAt;
                var check = expectation.Check(context, now, deadlineReached);
                if (check.Outcome == ExpectationOutcome.Pending && deadlineReached)
                {
                    check = ExpectationCheck.Failed($"not seen within {Expectation.Seconds(expectation.Deadline)}; seen instead: {check.Seen}");
                }

                if (check.Outcome != ExpectationOutcome.Pending)
                {
                    var result = new ExpectationResult(expectation.Name, check.Outcome == ExpectationOutcome.Passed, check.Seen, startedAt, now);
                    context.Timeline.Record(TimelineEventKind.Expectation, "harness", expectation.Name, result.Passed ? $"passed: {check.Seen}" : $"FAILED: {check.Seen}", now);
                    if (!result.Passed)
                    {
                        var excerpt = context.Timeline.Format(context.Timeline.Snapshot().Where(e => e.At >= startedAt - TimelineLead).OrderBy(e => e.At));
                        throw new ExpectationFailedException(result, excerpt);
                    }

                    return result;
                }

                var wakeAt = check.RecheckAt is { } recheck && recheck < deadlineAt ? recheck : deadlineAt;
                await WaitForChangeAsync(context, stateVersion, trafficVersion, wakeAt - clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            expectation.End(context);
        }
    }

    private static async Task WaitForChangeAsync(ObservationContext context, long stateVersion, long trafficVersion, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = new List<Task>
        {
            context.State.Signal.WaitPastAsync(stateVersion, wake.Token),
            Task.Delay(timeout, context.Clock, wake.Token),
        };
        if (context.Traffic is { } traffic)
        {
            waits.Add(traffic.Signal.WaitPastAsync(trafficVersion, wake.Token));
        }

        await Task.WhenAny(waits).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
