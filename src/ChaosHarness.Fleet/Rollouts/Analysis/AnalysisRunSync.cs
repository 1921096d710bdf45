using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Rollouts.Model;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Rollouts.Analysis;

/// <summary>
/// One reconcile of one AnalysisRun, as Argo's analysis controller: take the measurements that are due, count them per
/// metric, decide each metric's phase and the run's (the worst of its metrics once all are done, with Argo's message), keep
/// the last ten measurements, and say when the next measurement is due.
/// </summary>
internal sealed class AnalysisRunSync
{
    private const int MeasurementHistoryLimit = 10;
    private static readonly TimeSpan ErrorRetryInterval = TimeSpan.FromSeconds(10);

    private readonly RolloutsRuntime _runtime;
    private readonly FleetMetricProvider _provider;
    private readonly StoredObject _object;
    private readonly AnalysisRun _run;
    private readonly AnalysisRunStatus _status;
    private readonly DateTimeOffset _now;

    public AnalysisRunSync(RolloutsRuntime runtime, FleetMetricProvider provider, StoredObject runObject)
    {
        _runtime = runtime;
        _provider = provider;
        _object = runObject;
        _run = ArgoJson.Read<AnalysisRun>(runObject);
        _status = ArgoJson.Read<AnalysisRunStatus>(ArgoJson.Write(_run.Status ?? new AnalysisRunStatus()));
        _now = runtime.Clock.GetUtcNow();
    }

    /// <summary>Reconciles the run; returns when it should be looked at again, null when it is done.</summary>
    public async Task<TimeSpan?> RunAsync(CancellationToken cancellationToken)
    {
        if (AnalysisPhase.IsCompleted(_run.Status?.Phase)) return null;
        List<Metric> metrics;
        try
        {
            metrics = MetricArguments.Resolve(_object.ToJsonObject()["spec"]?["metrics"] as JsonArray, _run.Spec.Args ?? []);
            if (metrics.Count == 0) throw new AnalysisSpecException("at least one metric is required");
        }
        catch (AnalysisSpecException e)
        {
            Complete(AnalysisPhase.Error, $"Unable to resolve metric arguments: {e.Message}");
            await PersistAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        _status.MetricResults ??= [];
        foreach (var metric in DueMetrics(metrics)) Measure(metric);
        var (phase, message) = AssessRun(metrics);
        if (phase != (_status.Phase ?? AnalysisPhase.Pending))
        {
            _status.Phase = phase;
            _status.Message = message;
            if (AnalysisPhase.IsCompleted(phase)) RecordCompletion();
        }

        foreach (var result in _status.MetricResults.Where(r => r.Measurements.Count > MeasurementHistoryLimit))
        {
            result.Measurements = [.. result.Measurements.TakeLast(MeasurementHistoryLimit)];
        }

        await PersistAsync(cancellationToken).ConfigureAwait(false);
        return AnalysisPhase.IsCompleted(_status.Phase) ? null : NextMeasurement(metrics) is { } next ? next - _now : null;
    }

    /// <summary>A run stops measuring when told to terminate, or once any metric failed, errored or was inconclusive.</summary>
    private bool IsTerminating =>
        _run.Spec.Terminate || (_status.MetricResults ?? []).Any(r => r.Phase is AnalysisPhase.Failed or AnalysisPhase.Error or AnalysisPhase.Inconclusive);

    private IEnumerable<Metric> DueMetrics(IReadOnlyList<Metric> metrics)
    {
        var terminating = IsTerminating;
        foreach (var metric in metrics)
        {
            var result = _status.Result(metric.Name);
            if (AnalysisPhase.IsCompleted(result?.Phase) || terminating) continue;
            var last = result?.Measurements.LastOrDefault();
            if (last is null)
            {
                if (metric.InitialDelayTime is { } delay && (_status.StartedAt is not { } started || started + delay > _now)) continue;
                yield return metric;
                continue;
            }

            if (metric.EffectiveCount is { } count && result!.Count >= count) continue;
            if (_now > (last.FinishedAt ?? _now) + Interval(metric, last)) yield return metric;
        }
    }

    private static TimeSpan Interval(Metric metric, Measurement last) =>
        last.Phase == AnalysisPhase.Error ? ErrorRetryInterval : metric.IntervalTime ?? ErrorRetryInterval;

    private void Measure(Metric metric)
    {
        var measurement = new Measurement { StartedAt = _now, FinishedAt = _now };
        try
        {
            var value = _provider.Measure(_run, metric);
            measurement.Value = value.ToString();
            (measurement.Phase, measurement.Message) = MeasurementAssessment.Assess(metric, value);
        }
        catch (MeasurementException e)
        {
            (measurement.Phase, measurement.Message) = (AnalysisPhase.Error, e.Message);
        }

        var result = _status.Result(metric.Name);
        if (result is null)
        {
            result = new MetricResult { Name = metric.Name, Phase = AnalysisPhase.Running };
            _status.MetricResults!.Add(result);
        }

        switch (measurement.Phase)
        {
            case AnalysisPhase.Successful:
                result.Successful++;
                result.Count++;
                result.ConsecutiveError = 0;
                break;
            case AnalysisPhase.Failed:
                result.Failed++;
                result.Count++;
                result.ConsecutiveError = 0;
                break;
            case AnalysisPhase.Inconclusive:
                result.Inconclusive++;
                result.Count++;
                result.ConsecutiveError = 0;
                break;
            default:
                result.Error++;
                result.ConsecutiveError++;
                break;
        }

        result.Measurements.Add(measurement);
    }

    /// <summary>Each metric's phase; the run's is Running until every metric is done, then the worst of them.</summary>
    private (string Phase, string? Message) AssessRun(IReadOnlyList<Metric> metrics)
    {
        _status.StartedAt ??= _now;
        var terminating = IsTerminating;
        var summary = new RunSummary();
        string? worst = null;
        var worstMessage = _run.Spec.Terminate ? "Run Terminated" : null;
        var everythingCompleted = true;
        foreach (var metric in metrics)
        {
            summary.Count++;
            if (_status.Result(metric.Name) is not { } result)
            {
                everythingCompleted = false;
                continue;
            }

            var phase = MetricLimits.Phase(metric, result, terminating);
            if (phase != result.Phase)
            {
                if (AnalysisPhase.IsCompleted(phase))
                {
                    var warning = phase is AnalysisPhase.Failed or AnalysisPhase.Error;
                    _runtime.Record(_object, warning ? "Warning" : "Normal", $"Metric{phase}", $"Metric '{metric.Name}' Completed. Result: {phase}");
                }

                if (result.Measurements.LastOrDefault() is { } last) result.Message = last.Message;
                result.Phase = phase;
            }

            if (!AnalysisPhase.IsCompleted(phase))
            {
                everythingCompleted = false;
                continue;
            }

            var (_, reason) = MetricLimits.Exceeded(metric, result);
            if (worst is null || AnalysisPhase.IsWorse(worst, phase))
            {
                worst = phase;
                if (reason is not null)
                {
                    worstMessage = $"Metric \"{metric.Name}\" assessed {phase} due to {reason}";
                    if (!string.IsNullOrEmpty(result.Message)) worstMessage += $": \"Error Message: {result.Message}\"";
                }
            }

            switch (phase)
            {
                case AnalysisPhase.Failed: summary.Failed++; break;
                case AnalysisPhase.Error: summary.Error++; break;
                case AnalysisPhase.Inconclusive: summary.Inconclusive++; break;
                default: summary.Successful++; break;
            }
        }

        _status.RunSummary = summary;
        if (terminating) return (worst ?? AnalysisPhase.Successful, worstMessage);
        return !everythingCompleted || worst is null ? (AnalysisPhase.Running, null) : (worst, worstMessage);
    }

    private DateTimeOffset? NextMeasurement(IReadOnlyList<Metric> metrics)
    {
        DateTimeOffset? next = null;
        foreach (var metric in metrics)
        {
            var result = _status.Result(metric.Name);
            if (AnalysisPhase.IsCompleted(result?.Phase)) continue;
            DateTimeOffset? due = null;
            if (result?.Measurements.LastOrDefault() is not { } last)
            {
                if (metric.InitialDelayTime is { } delay) due = (_status.StartedAt ?? _now) + delay;
            }
            else if (metric.EffectiveCount is not { } count || result.Count < count)
            {
                due = (last.FinishedAt ?? _now) + Interval(metric, last);
            }

            if (due is { } at && (next is null || at < next)) next = at;
        }

        return next;
    }

    private void Complete(string phase, string message)
    {
        _status.Phase = phase;
        _status.Message = message;
        _status.StartedAt ??= _now;
        RecordCompletion();
    }

    private void RecordCompletion() =>
        _runtime.Record(_object, _status.Phase is AnalysisPhase.Failed or AnalysisPhase.Error ? "Warning" : "Normal",
            $"AnalysisRun{_status.Phase}", $"Analysis Completed. Result: {_status.Phase}");

    /// <summary>Patches the run (its CRD has no status subresource) with what changed in its status.</summary>
    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        var before = ArgoJson.Write(_run.Status ?? new AnalysisRunStatus());
        if (MergePatchDiff.Create(before, ArgoJson.Write(_status)) is not { } patch) return;
        await _runtime.Client.PatchAsync(ArgoResources.AnalysisRuns, _object.Namespace, _object.Name, PatchType.Merge,
            new JsonObject { ["status"] = patch }, cancellationToken).ConfigureAwait(false);
    }
}
