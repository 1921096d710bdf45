using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api;
using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using ChaosHarness.Fleet.Topology;
using k8s;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>
/// The kubelet of one simulated node, acting as <c>system:node:&lt;name&gt;</c>: registers its Node, renews its Lease in
/// kube-node-lease every 10 s, reports node status when it changes (else every 5 minutes), runs the pods bound to it through
/// their <see cref="IPodBehaviour"/> (Pending, ContainerCreating, Running, Ready) and finishes their graceful deletion.
/// Writes nothing while its <see cref="NodeAgent"/> is off.
/// </summary>
internal sealed class Kubelet
{
    public const string Version = "v1.31.4";
    public const int LeaseDurationSeconds = 40;
    public const string NodeLeaseNamespace = "kube-node-lease";
    public static readonly TimeSpan LeaseRenewInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan NodeStatusReportFrequency = TimeSpan.FromMinutes(5);

    private readonly ControllerContext _context;
    private readonly NodeAgent _agent;
    private readonly ClusterTopology _topology;
    private readonly ClusterClient _client;
    private readonly EventRecorder _events;
    private readonly WorkQueue<ObjectKey> _pods;
    private readonly ConcurrentDictionary<ObjectKey, PodRun> _runs = new();
    private readonly TimeSpan _heartbeatOffset;
    private readonly Lock _wakeGate = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _lastStatusReport = DateTimeOffset.MinValue;
    private bool _wasHeartbeating;
    private int _seenBoots;
    private int _nextHost;

    public Kubelet(ControllerContext context, NodeAgent agent, TimeSpan heartbeatOffset)
    {
        _context = context;
        _agent = agent;
        _topology = context.Cluster.Topology;
        _heartbeatOffset = heartbeatOffset;
        _client = context.ClientFor(ApiCaller.Node(agent.NodeName));
        _events = new EventRecorder(_client, "kubelet", agent.NodeName);
        _pods = context.NewQueue<ObjectKey>($"kubelet/{agent.NodeName}");
    }

    public string NodeName => _agent.NodeName;

    private TimeProvider Clock => _context.Clock;
    private Informer<V1Pod> Pods => _context.Informers.Pods;

    public void PodChanged(ObjectKey key) => _pods.Add(key);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _agent.Changed += OnAgentChanged;
        try
        {
            await Task.WhenAll(HeartbeatAsync(cancellationToken), _pods.RunAsync(1, SyncPodAsync, cancellationToken)).ConfigureAwait(false);
        }
        finally
        {
            _agent.Changed -= OnAgentChanged;
            _pods.Dispose();
        }
    }

    private void OnAgentChanged(NodeAgent agent)
    {
        lock (_wakeGate) _wake.TrySetResult();
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(_heartbeatOffset, Clock, cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                Task wake;
                lock (_wakeGate)
                {
                    if (_wake.Task.IsCompleted) _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wake = _wake.Task;
                }

                if (_agent.IsHeartbeating)
                {
                    // Back from silence, or from a power cycle too short to be seen as silence: report and look at every pod.
                    var boots = _agent.Boots;
                    var resumed = !_wasHeartbeating || boots != _seenBoots;
                    _wasHeartbeating = true;
                    _seenBoots = boots;
                    try
                    {
                        var node = await EnsureNodeAsync(cancellationToken).ConfigureAwait(false);
                        await RenewLeaseAsync(node, cancellationToken).ConfigureAwait(false);
                        await ReportNodeStatusAsync(node, resumed, cancellationToken).ConfigureAwait(false);
                        if (resumed) ResyncPods();
                    }
                    catch (ApiException e)
                    {
                        _context.Cluster.ReportControllerFailure($"kubelet/{NodeName}", "heartbeat", e);
                    }
                }
                else
                {
                    _wasHeartbeating = false;
                }

                using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(LeaseRenewInterval, Clock, tick.Token);
                await Task.WhenAny(delay, wake).ConfigureAwait(false);
                await tick.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void ResyncPods()
    {
        foreach (var pod in Pods.ByIndex(SharedInformers.PodsByNode, NodeName)) _pods.Add(pod.Key);
    }

    private async Task<StoredObject> EnsureNodeAsync(CancellationToken cancellationToken)
    {
        var existing = _context.Informers.Nodes.Get(null, NodeName)?.Object
            ?? await _client.FindAsync(BuiltInResources.Nodes, null, NodeName, cancellationToken).ConfigureAwait(false);
        if (existing is not null) return existing;
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = NodeName,
                Labels = new Dictionary<string, string>
                {
                    ["beta.kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["kubernetes.io/hostname"] = NodeName,
                    ["kubernetes.io/os"] = "linux",
                    ["node.kubernetes.io/instance-type"] = InstanceType(),
                    ["topology.kubernetes.io/region"] = _topology.Region,
                    ["topology.kubernetes.io/zone"] = _agent.Zone,
                },
                Annotations = new Dictionary<string, string>
                {
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
            },
            Spec = new V1NodeSpec
            {
                PodCIDR = PodCidr(),
                PodCIDRs = [PodCidr()],
                ProviderID = _agent.ProviderId ?? $"chaos://{_topology.Name}/{_agent.Zone}/{NodeName}",
            },
        };
        try
        {
            var created = await _client.CreateAsync(BuiltInResources.Nodes, node, cancellationToken).ConfigureAwait(false);
            _lastStatusReport = DateTimeOffset.MinValue;
            return created;
        }
        catch (ApiException e) when (e.Code == 409)
        {
            return await _client.GetAsync(BuiltInResources.Nodes, null, NodeName, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RenewLeaseAsync(StoredObject node, CancellationToken cancellationToken)
    {
        if (!_agent.IsHeartbeating) return;
        var lease = _context.Informers.Leases.Get(NodeLeaseNamespace, NodeName)?.Object
            ?? await _client.FindAsync(BuiltInResources.Leases, NodeLeaseNamespace, NodeName, cancellationToken).ConfigureAwait(false);
        var renewTime = KubernetesTime.FormatMicro(Clock.GetUtcNow());
        if (lease is null)
        {
            var body = ClusterClient.ToJson(new V1Lease
            {
                Metadata = new V1ObjectMeta
                {
                    Name = NodeName,
                    NamespaceProperty = NodeLeaseNamespace,
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = NodeName, Uid = node.Uid }],
                },
                Spec = new V1LeaseSpec { HolderIdentity = NodeName, LeaseDurationSeconds = LeaseDurationSeconds },
            });
            body["spec"]!["renewTime"] = renewTime;
            await _client.CreateAsync(BuiltInResources.Leases, NodeLeaseNamespace, body, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _client.UpdateAsync(lease, body =>
        {
            if (body["spec"] is not JsonObject spec) body["spec"] = spec = [];
            spec["holderIdentity"] = NodeName;
            spec["leaseDurationSeconds"] = LeaseDurationSeconds;
            spec["renewTime"] = renewTime;
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Posts node status when it differs from what the API holds (the lifecycle controller may have marked it Unknown), else every 5 minutes.</summary>
    private async Task ReportNodeStatusAsync(StoredObject node, bool force, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var current = node.ToModel<V1Node>().Status;
        var due = force || now - _lastStatusReport >= NodeStatusReportFrequency || !ConditionsAreHealthy(current);
        if (!due || !_agent.IsHeartbeating) return;
        await _client.UpdateStatusAsync<V1NodeStatus>(node, status =>
        {
            FillNodeStatus(status, Clock.Now());
            return true;
        }, cancellationToken).ConfigureAwait(false);
        _lastStatusReport = now;
    }

    private static readonly (string Type, string Status, string Reason, string Message)[] HealthyConditions =
    [
        ("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        ("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        ("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        ("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
    ];

    private static bool ConditionsAreHealthy(V1NodeStatus? status) =>
        HealthyConditions.All(h => status?.Conditions?.Any(c => c.Type == h.Type && c.Status == h.Status && c.Reason == h.Reason && c.Message == h.Message) == true);

    private void FillNodeStatus(V1NodeStatus status, DateTime now)
    {
        var capacity = _topology.NodeCapacity;
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(capacity.Cpu),
            ["ephemeral-storage"] = new("100Gi"),
            ["hugepages-1Gi"] = new("0"),
            ["hugepages-2Mi"] = new("0"),
            ["memory"] = new(capacity.Memory),
            ["pods"] = new(capacity.Pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        status.Capacity = resources;
        status.Allocatable = new Dictionary<string, ResourceQuantity>(resources);
        status.Conditions ??= [];
        foreach (var (type, value, reason, message) in HealthyConditions)
        {
            var condition = status.Conditions.FirstOrDefault(c => c.Type == type);
            if (condition is null)
            {
                condition = new V1NodeCondition { Type = type, LastTransitionTime = now };
                status.Conditions.Add(condition);
            }

            if (condition.Status != value) condition.LastTransitionTime = now;
            condition.Status = value;
            condition.Reason = reason;
            condition.Message = message;
            condition.LastHeartbeatTime = now;
        }

        status.Addresses = [new V1NodeAddress { Address = InternalIp(), Type = "InternalIP" }, new V1NodeAddress { Address = NodeName, Type = "Hostname" }];
        status.DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } };
        status.NodeInfo = new V1NodeSystemInfo
        {
            Architecture = "amd64",
            BootID = StableId($"boot/{NodeName}/{_agent.Boots}")[..36],
            ContainerRuntimeVersion = "containerd://1.7.22",
            KernelVersion = "6.1.0-28-cloud-amd64",
            KubeProxyVersion = Version,
            KubeletVersion = Version,
            MachineID = StableId($"machine/{NodeName}")[..32],
            OperatingSystem = "linux",
            OsImage = "Debian GNU/Linux 12 (bookworm)",
            SystemUUID = StableId($"system/{NodeName}")[..36],
        };
    }

    private async Task SyncPodAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (!_agent.IsHeartbeating) return;
        var cached = Pods.Get(key);
        if (cached is null || cached.Model.Spec?.NodeName != NodeName)
        {
            _runs.TryRemove(key, out _);
            return;
        }

        var pod = cached.Model;
        var now = Clock.GetUtcNow();
        var run = _runs.GetValueOrDefault(key);
        if (run is not null && (run.Uid != pod.Metadata.Uid || run.Boot != _agent.Boots))
        {
            _runs.TryRemove(key, out _);
            run = null;
        }

        if (PodFacts.IsTerminating(pod))
        {
            await TerminateAsync(cached, run, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (PodFacts.IsTerminal(pod)) return;
        run ??= _runs.GetOrAdd(key, _ => StartRun(pod, now));
        var restartPolicy = pod.Spec.RestartPolicy ?? "Always";
        var happened = new List<(ContainerRun Container, string What)>();
        foreach (var container in run.Containers)
        {
            var (everRun, restarts, phase) = (container.HasEverRun, container.RestartCount, container.Phase);
            container.AdvanceTo(now, restartPolicy);
            if ((!everRun && container.HasEverRun) || container.RestartCount > restarts && container.Phase == ContainerPhase.Running) happened.Add((container, "started"));
            if (container.Phase == ContainerPhase.BackingOff && (phase != ContainerPhase.BackingOff || container.RestartCount > restarts)) happened.Add((container, "backoff"));
        }

        if (!_agent.IsHeartbeating) return;
        await _client.UpdateAsync(cached.Object, body => WriteStatus(body, pod, run, now), cancellationToken, "status").ConfigureAwait(false);
        foreach (var (container, what) in happened) await RecordContainerEventAsync(cached.Object, run, container, what, cancellationToken).ConfigureAwait(false);

        var next = run.Containers.Select(c => c.NextReportChange(now, restartPolicy)).Where(t => t is not null).Min();
        if (next is { } at) _pods.AddAfter(key, at - now);
    }

    private PodRun StartRun(V1Pod pod, DateTimeOffset now)
    {
        var previousRestarts = pod.Status?.ContainerStatuses?.ToDictionary(c => c.Name, c => c.RestartCount) ?? [];
        var rebooted = pod.Status?.StartTime is not null;
        var containers = pod.Spec.Containers.Select(c =>
        {
            var restarts = previousRestarts.GetValueOrDefault(c.Name) + (rebooted ? 1 : 0);
            var script = _context.Cluster.PodBehaviours.For(c).Script(pod, c);
            return new ContainerRun(c.Name, c.Image, script, restarts, now, ContainerIds(pod.Metadata.Uid, c.Name));
        }).ToList();
        var startTime = pod.Status?.StartTime?.AsInstant() ?? now;
        return new PodRun(pod.Metadata.Uid, _agent.Boots, startTime, AllocatePodIp(), containers);
    }

    private bool WriteStatus(JsonObject body, V1Pod pod, PodRun run, DateTimeOffset now)
    {
        if ((string?)body["metadata"]?["uid"] != run.Uid || body["metadata"]?["deletionTimestamp"] is not null) return false;
        var before = body["status"] as JsonObject;
        var status = before is null ? new V1PodStatus() : KubernetesJson.Deserialize<V1PodStatus>(before);
        var stamp = Clock.Now();
        var restartPolicy = pod.Spec.RestartPolicy ?? "Always";
        status.Phase = PhaseOf(run, restartPolicy);
        status.HostIP = InternalIp();
        status.HostIPs = [new V1HostIP { Ip = InternalIp() }];
        status.PodIP = run.PodIp;
        status.PodIPs = [new V1PodIP { Ip = run.PodIp }];
        status.StartTime = Truncate(run.StartTime);
        var unready = run.Containers.Where(c => !c.IsReady(now)).Select(c => c.Name).ToList();
        var allReady = unready.Count == 0 && status.Phase == "Running";
        var notReadyMessage = $"containers with unready status: [{string.Join(" ", unready)}]";
        // A transition to ready is stamped when the containers became ready, not when this kubelet got round to reporting it.
        var readySince = allReady ? Truncate(run.Containers.Max(c => c.ReadyAt!.Value)) : stamp;
        var others = status.Conditions?.Where(c => c.Type is not ("PodReadyToStartContainers" or "Initialized" or "Ready" or "ContainersReady")).ToList() ?? [];
        var owned = new V1PodStatus { Conditions = status.Conditions?.Where(c => !others.Contains(c)).ToList() ?? [] };
        PodConditions.Set(owned, "PodReadyToStartContainers", "True", Truncate(run.StartTime));
        PodConditions.Set(owned, "Initialized", "True", Truncate(run.StartTime));
        PodConditions.Set(owned, "Ready", allReady ? "True" : "False", readySince, allReady ? null : "ContainersNotReady", allReady ? null : notReadyMessage);
        PodConditions.Set(owned, "ContainersReady", allReady ? "True" : "False", readySince, allReady ? null : "ContainersNotReady", allReady ? null : notReadyMessage);
        string[] order = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"];
        status.Conditions = [.. owned.Conditions.OrderBy(c => Array.IndexOf(order, c.Type)), .. others];
        status.ContainerStatuses = [.. run.Containers.Select(c => ContainerStatusOf(c, pod, now))];
        var after = ClusterClient.ToJson(status);
        if (before is not null && JsonNode.DeepEquals(before, after)) return false;
        body["status"] = after;
        return true;
    }

    private static string PhaseOf(PodRun run, string restartPolicy)
    {
        if (run.Containers.All(c => c.Phase == ContainerPhase.Exited))
        {
            return run.Containers.All(c => c.LastExit?.ExitCode == 0) ? "Succeeded" : "Failed";
        }

        return run.Containers.All(c => c.HasEverRun) ? "Running" : "Pending";
    }

    private V1ContainerStatus ContainerStatusOf(ContainerRun container, V1Pod pod, DateTimeOffset now)
    {
        var state = container.Phase switch
        {
            ContainerPhase.Creating => new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
            ContainerPhase.Running => new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Truncate(container.StartedAt!.Value) } },
            ContainerPhase.BackingOff => new V1ContainerState
            {
                Waiting = new V1ContainerStateWaiting
                {
                    Reason = "CrashLoopBackOff",
                    Message = $"back-off {BackoffText(container.BackoffUntil!.Value - container.LastExit!.FinishedAt)} restarting failed container={container.Name} pod={pod.Metadata.Name}_{pod.Metadata.NamespaceProperty}({pod.Metadata.Uid})",
                },
            },
            _ => new V1ContainerState { Terminated = TerminatedOf(container.LastExit!) },
        };
        return new V1ContainerStatus
        {
            Name = container.Name,
            Image = container.Image,
            ImageID = $"{container.Image.Split(':')[0]}@sha256:{StableId($"image/{container.Image}")}",
            ContainerID = container.Phase == ContainerPhase.Running || container.Phase == ContainerPhase.Exited
                ? $"containerd://{container.ContainerId ?? container.LastExit?.ContainerId}"
                : container.LastExit is { } last ? $"containerd://{last.ContainerId}" : null,
            Ready = container.IsReady(now),
            Started = container.Phase == ContainerPhase.Running,
            RestartCount = container.RestartCount,
            State = state,
            LastState = container.LastExit is { } exit && container.Phase != ContainerPhase.Exited
                ? new V1ContainerState { Terminated = TerminatedOf(exit) }
                : new V1ContainerState(),
        };
    }

    private static V1ContainerStateTerminated TerminatedOf(ContainerExit exit) => new()
    {
        ExitCode = exit.ExitCode,
        Reason = exit.Reason,
        StartedAt = Truncate(exit.StartedAt),
        FinishedAt = Truncate(exit.FinishedAt),
        ContainerID = $"containerd://{exit.ContainerId}",
    };

    private async Task TerminateAsync(Cached<V1Pod> cached, PodRun? run, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pod = cached.Model;
        if (run is not null && _agent.ContainersRun)
        {
            if (run.StoppingSince is null)
            {
                run.StoppingSince = now;
                foreach (var container in run.Containers.Where(c => c.Phase == ContainerPhase.Running))
                {
                    await _events.NormalAsync(cached.Object, "Killing", $"Stopping container {container.Name}", cancellationToken,
                        $"spec.containers{{{container.Name}}}").ConfigureAwait(false);
                }
            }

            var grace = TimeSpan.FromSeconds(pod.Metadata.DeletionGracePeriodSeconds ?? pod.Spec.TerminationGracePeriodSeconds ?? 30);
            var stopping = run.Containers.Select(c => c.Script.EffectiveStopDelay).DefaultIfEmpty(TimeSpan.Zero).Max();
            var stoppedAt = run.StoppingSince.Value + (stopping < grace ? stopping : grace);
            if (stoppedAt > now)
            {
                _pods.AddAfter(cached.Key, stoppedAt - now);
                return;
            }
        }

        if (!_agent.IsHeartbeating) return;
        await _client.DeleteAsync(BuiltInResources.Pods, cached.Namespace, cached.Name, cancellationToken,
            new DeleteRequest(GracePeriodSeconds: 0, ExpectedUid: pod.Metadata.Uid)).ConfigureAwait(false);
        _runs.TryRemove(cached.Key, out _);
    }

    private async Task RecordContainerEventAsync(StoredObject pod, PodRun run, ContainerRun container, string what, CancellationToken cancellationToken)
    {
        var fieldPath = $"spec.containers{{{container.Name}}}";
        if (what == "started")
        {
            await _events.NormalAsync(pod, "Pulled", $"Container image \"{container.Image}\" already present on machine", cancellationToken, fieldPath).ConfigureAwait(false);
            await _events.NormalAsync(pod, "Created", $"Created container {container.Name}", cancellationToken, fieldPath).ConfigureAwait(false);
            await _events.NormalAsync(pod, "Started", $"Started container {container.Name}", cancellationToken, fieldPath).ConfigureAwait(false);
        }
        else
        {
            await _events.WarningAsync(pod, "BackOff", $"Back-off restarting failed container {container.Name} in pod {pod.Name}_{pod.Namespace}({run.Uid})",
                cancellationToken, fieldPath).ConfigureAwait(false);
        }
    }

    /// <summary>A static factory, so that a run keeps strings alive and never the pod model it started from.</summary>
    private static Func<string> ContainerIds(string podUid, string container) => () => StableId($"container/{podUid}/{container}/{Guid.NewGuid()}");

    private string AllocatePodIp()
    {
        var used = _runs.Values.Select(r => r.PodIp).ToHashSet(StringComparer.Ordinal);
        var prefix = PodCidr()[..PodCidr().LastIndexOf('.')];
        for (var attempt = 0; attempt < 254; attempt++)
        {
            var host = Interlocked.Increment(ref _nextHost) % 254 + 1;
            var ip = $"{prefix}.{host}";
            if (!used.Contains(ip)) return ip;
        }

        return $"{prefix}.{Interlocked.Increment(ref _nextHost) % 254 + 1}";
    }

    private string PodCidr() => $"10.{244 + _agent.Index / 256}.{_agent.Index % 256}.0/24";

    private string InternalIp() => $"172.20.{_agent.Index / 250}.{_agent.Index % 250 + 2}";

    private string InstanceType() =>
        $"sim.{_topology.NodeCapacity.Cpu}cpu-{_topology.NodeCapacity.Memory.ToLowerInvariant()}";

    private static string BackoffText(TimeSpan backoff) =>
        backoff.TotalMinutes >= 1 ? $"{(int)backoff.TotalMinutes}m{backoff.Seconds}s" : $"{(int)backoff.TotalSeconds}s";

    private static DateTime Truncate(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    private static string StableId(string seed) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));
}
