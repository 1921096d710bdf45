using ChaosHarness.Fleet.Client;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Resources;
using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Leadership;

/// <summary>
/// Runs a control loop only while a working pod of its controller's Deployment holds the controller's leader Lease — the
/// way a controller that is a workload of its cluster runs. The pods' processes elect as client-go does: a candidate takes
/// a missing or expired lease (holder identity = pod name), the leader renews every retry period and stops leading when it
/// cannot renew within the renew deadline, or at once when its process dies (pod no longer Ready, machine without power,
/// zone cut off, image that does not reconcile). A dead leader's lease runs out before another pod can take it. Each term
/// of leadership gets its own cancellation token; the loop picks up from what the cluster's objects say.
/// </summary>
public sealed class LeaderElectedLoop : IClusterController
{
    private readonly ControllerContext _context;
    private readonly ControllerWorkload _workload;
    private readonly Func<string, CancellationToken, Task> _lead;
    private readonly ControllerProcesses _processes;
    private readonly SemaphoreSlim _podsChanged = new(0);
    private readonly Lock _gate = new();
    private string? _leader;

    /// <param name="lead">The controller's work, run for one term by the pod named in its first argument.</param>
    public LeaderElectedLoop(ControllerContext context, ControllerWorkload workload, string name, Func<string, CancellationToken, Task> lead)
    {
        _context = context;
        _workload = workload;
        _lead = lead;
        Name = name;
        _processes = new ControllerProcesses(context, workload);
    }

    public string Name { get; }

    /// <summary>The pod whose process leads right now; null while no process leads.</summary>
    public string? Leader
    {
        get { lock (_gate) return _leader; }
    }

    /// <summary>Raised when a term starts (with the new leader's pod name) or ends (with null).</summary>
    public event Action<string?>? LeaderChanged;

    private TimeProvider Clock => _context.Clock;

    public async Task RunAsync(SimulatedCluster cluster, CancellationToken cancellationToken)
    {
        var informers = _context.Informers;
        await Task.WhenAll(informers.Pods.Synced, informers.ReplicaSets.Synced, informers.Deployments.Synced)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        informers.Pods.AddHandler(InformerHandler<V1Pod>.OnAnyChange(pod =>
        {
            if (pod.Namespace == _workload.Namespace) _podsChanged.Release();
        }));

        var client = _context.ClientFor(_workload.Identity);
        var leaseLock = new LeaseLock(client, _workload);
        var events = new EventRecorder(client, Name);
        Term? term = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var working = _processes.Working();
                if (term is not null)
                {
                    var lostProcess = !working.Contains(term.Holder);
                    if (!lostProcess && Clock.GetUtcNow() - term.LastAttempt >= _workload.RetryPeriod)
                    {
                        term.LastAttempt = Clock.GetUtcNow();
                        if (await TryLockAsync(leaseLock, term.Holder, cancellationToken).ConfigureAwait(false)) term.LastRenewal = Clock.GetUtcNow();
                    }

                    if (lostProcess || Clock.GetUtcNow() - term.LastRenewal > _workload.RenewDeadline)
                    {
                        await EndAsync(term).ConfigureAwait(false);
                        term = null;
                    }
                }

                if (term is null)
                {
                    foreach (var candidate in working)
                    {
                        if (!await TryLockAsync(leaseLock, candidate, cancellationToken).ConfigureAwait(false)) continue;
                        term = Begin(candidate, cancellationToken);
                        await RecordLeadershipAsync(events, candidate, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                }

                var untilRenewal = term is null ? _workload.RetryPeriod : term.LastAttempt + _workload.RetryPeriod - Clock.GetUtcNow();
                await WaitAsync(untilRenewal, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (term is not null) await EndAsync(term).ConfigureAwait(false);
        }
    }

    /// <summary>One election attempt, bounded like client-go's by the renew deadline (a throttled call waits at most that long).</summary>
    private async Task<bool> TryLockAsync(LeaseLock leaseLock, string candidate, CancellationToken cancellationToken)
    {
        using var attempt = new CancellationTokenSource(_workload.RenewDeadline, Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attempt.Token);
        try
        {
            return await leaseLock.TryAcquireOrRenewAsync(candidate, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private Term Begin(string holder, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(async () =>
        {
            try
            {
                await _lead(holder, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _context.Cluster.ReportControllerFailure(Name, holder, e);
            }
        }, CancellationToken.None);
        lock (_gate) _leader = holder;
        LeaderChanged?.Invoke(holder);
        return new Term(holder, stopping, work) { LastAttempt = now, LastRenewal = now };
    }

    private async Task EndAsync(Term term)
    {
        await term.Stopping.CancelAsync().ConfigureAwait(false);
        await term.Work.ConfigureAwait(false);
        term.Stopping.Dispose();
        lock (_gate) _leader = null;
        LeaderChanged?.Invoke(null);
    }

    private async Task RecordLeadershipAsync(EventRecorder events, string holder, CancellationToken cancellationToken)
    {
        if (_context.Informers.Leases.Get(_workload.Namespace, _workload.LeaseName) is { } lease)
        {
            await events.NormalAsync(lease.Object, "LeaderElection", $"{holder} became leader", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>For <paramref name="delay"/> (the next election attempt), or less when a pod of the controller's namespace changes.</summary>
    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var podChange = _podsChanged.WaitAsync(wake.Token);
        var retry = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Clock, wake.Token);
        await Task.WhenAny(podChange, retry).ConfigureAwait(false);
        await wake.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(podChange, retry).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        cancellationToken.ThrowIfCancellationRequested();
        while (_podsChanged.CurrentCount > 0) _podsChanged.Wait(0, CancellationToken.None);
    }

    private sealed class Term(string holder, CancellationTokenSource stopping, Task work)
    {
        public string Holder { get; } = holder;
        public CancellationTokenSource Stopping { get; } = stopping;
        public Task Work { get; } = work;
        public DateTimeOffset LastAttempt { get; set; }
        public DateTimeOffset LastRenewal { get; set; }
    }
}
