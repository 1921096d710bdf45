using System.Collections.Concurrent;
using ChaosHarness.Core.Observation;

namespace ChaosHarness.Kube.Access;

/// <summary>The latest resource version this process wrote to each object, so readers can wait to see their own writes.</summary>
public sealed class WriteLog
{
    private readonly ConcurrentDictionary<ObjectRef, string> _latest = new();

    public void Record(ObjectRef written, string resourceVersion) => _latest[written] = resourceVersion;

    public IReadOnlyDictionary<ObjectRef, string> Latest => new Dictionary<ObjectRef, string>(_latest);
}
