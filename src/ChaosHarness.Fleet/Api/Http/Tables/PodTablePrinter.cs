using System.Globalization;
using System.Text.Json;

namespace ChaosHarness.Fleet.Api.Http.Tables;

/// <summary><c>kubectl get pods</c>: NAME READY STATUS RESTARTS AGE, and IP, NODE, NOMINATED NODE, READINESS GATES wide.</summary>
internal sealed class PodTablePrinter : TablePrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn,
        TableColumn.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        TableColumn.Text("Status", "The aggregate status of the containers in this pod."),
        TableColumn.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumn.Age,
        TableColumn.Text("IP", "IP address allocated to the pod. Routable at least within the cluster.", 1),
        TableColumn.Text("Node", "Name of the node this pod is running on.", 1),
        TableColumn.Text("Nominated Node", "Name of the node where this pod is nominated to run, if preemption is in progress.", 1),
        TableColumn.Text("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness.", 1),
    ];

    public override void WriteCells(Utf8JsonWriter cells, JsonElement pod, DateTimeOffset now)
    {
        var containers = pod.ArrayAt("spec", "containers").Count();
        var (reason, ready, restarts, lastRestart) = Summarize(pod);

        cells.WriteStringValue(NameOf(pod));
        cells.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{ready}/{containers}"));
        cells.WriteStringValue(reason);
        if (lastRestart is { } last)
        {
            cells.WriteStringValue(string.Create(CultureInfo.InvariantCulture, $"{restarts} ({Since(last, now)} ago)"));
        }
        else
        {
            cells.WriteNumberValue(restarts);
        }

        cells.WriteStringValue(AgeOf(pod, now));
        cells.WriteStringValue(OrNone(pod.StringAt("status", "podIP")));
        cells.WriteStringValue(OrNone(pod.StringAt("spec", "nodeName")));
        cells.WriteStringValue(OrNone(pod.StringAt("status", "nominatedNodeName")));
        cells.WriteStringValue(ReadinessGates(pod));
    }

    /// <summary>The STATUS column's reason, as the real printer derives it from phase, init containers and containers.</summary>
    private static (string Reason, int Ready, long Restarts, DateTimeOffset? LastRestart) Summarize(JsonElement pod)
    {
        var reason = pod.StringAt("status", "reason") ?? pod.StringAt("status", "phase") ?? "";
        var ready = 0;
        var restarts = 0L;
        DateTimeOffset? lastRestart = null;

        void CountRestarts(JsonElement status)
        {
            restarts += status.NumberAt("restartCount") ?? 0;
            if (status.TimeAt("lastState", "terminated", "finishedAt") is { } finished && (lastRestart is null || finished > lastRestart))
            {
                lastRestart = finished;
            }
        }

        var initializing = false;
        var initStatuses = pod.ArrayAt("status", "initContainerStatuses").ToList();
        var initCount = pod.ArrayAt("spec", "initContainers").Count();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var status = initStatuses[i];
            CountRestarts(status);
            if (status.At("state", "terminated") is { } terminated && terminated.NumberAt("exitCode") == 0) continue;
            initializing = true;
            if (status.At("state", "terminated") is { } failed)
            {
                reason = "Init:" + (failed.StringAt("reason") ?? ExitText(failed));
            }
            else if (status.StringAt("state", "waiting", "reason") is { Length: > 0 } waiting && waiting != "PodInitializing")
            {
                reason = "Init:" + waiting;
            }
            else
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"Init:{i}/{initCount}");
            }

            break;
        }

        if (!initializing)
        {
            var hasRunning = false;
            foreach (var status in pod.ArrayAt("status", "containerStatuses").Reverse())
            {
                CountRestarts(status);
                if (status.StringAt("state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (status.At("state", "terminated") is { } terminated)
                {
                    reason = terminated.StringAt("reason") ?? ExitText(terminated);
                }
                else if (status.IsTrueAt("ready") && status.At("state", "running") is not null)
                {
                    hasRunning = true;
                    ready++;
                }
            }

            if (reason == "Completed" && hasRunning)
            {
                var podReady = pod.ArrayAt("status", "conditions")
                    .Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True");
                reason = podReady ? "Running" : "NotReady";
            }
        }

        if (pod.At("metadata", "deletionTimestamp") is not null)
        {
            reason = pod.StringAt("status", "reason") == "NodeLost" ? "Unknown" : "Terminating";
        }

        return (reason, ready, restarts, lastRestart);
    }

    private static string ExitText(JsonElement terminated) =>
        terminated.NumberAt("signal") is { } signal and not 0
            ? string.Create(CultureInfo.InvariantCulture, $"Signal:{signal}")
            : string.Create(CultureInfo.InvariantCulture, $"ExitCode:{terminated.NumberAt("exitCode") ?? 0}");

    private static string ReadinessGates(JsonElement pod)
    {
        var gates = pod.ArrayAt("spec", "readinessGates").Select(g => g.StringAt("conditionType")).ToList();
        if (gates.Count == 0) return None;
        var conditions = pod.ArrayAt("status", "conditions").ToList();
        var met = gates.Count(gate => conditions.Any(c => c.StringAt("type") == gate && c.StringAt("status") == "True"));
        return string.Create(CultureInfo.InvariantCulture, $"{met}/{gates.Count}");
    }
}
