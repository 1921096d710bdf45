namespace ChaosHarness.Core.Faults;

/// <summary>
/// What providers (Kubernetes, AWS, …) lend to faults and undo handlers: one instance per type.
/// Faults stay plain descriptions ("zone eu-west-1a of cluster eu-west-1") and find their clients here.
/// </summary>
public sealed class ExperimentServices
{
    private readonly Dictionary<Type, object> _services = [];

    public ExperimentServices Add<T>(T service)
        where T : class
    {
        _services[typeof(T)] = service;
        return this;
    }

    public T? Find<T>()
        where T : class
        => _services.TryGetValue(typeof(T), out var service) ? (T)service : null;

    public T Require<T>()
        where T : class
        => Find<T>() ?? throw new InvalidOperationException($"No {typeof(T).Name} is available to this experiment; register its provider (e.g. UseKubernetes()).");
}
