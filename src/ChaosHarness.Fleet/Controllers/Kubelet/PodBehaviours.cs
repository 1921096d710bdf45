using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>
/// Which behaviour each container gets, by image: the image catalogue's hook into the kubelets. The latest matching rule
/// wins; containers no rule matches are <see cref="PodBehaviour.Healthy"/>. Safe to change while the fleet runs: pods
/// started afterwards follow the new rules.
/// </summary>
public sealed class PodBehaviours
{
    private readonly Lock _gate = new();
    private (Func<V1Container, bool> Matches, IPodBehaviour Behaviour)[] _rules = [];

    /// <summary>Containers whose image is exactly <paramref name="image"/> behave as <paramref name="behaviour"/>.</summary>
    public void Use(string image, IPodBehaviour behaviour) => Use(c => c.Image == image, behaviour);

    public void Use(Func<V1Container, bool> matches, IPodBehaviour behaviour)
    {
        lock (_gate) _rules = [.. _rules, (matches, behaviour)];
    }

    public IPodBehaviour For(V1Container container)
    {
        var rules = Volatile.Read(ref _rules);
        for (var i = rules.Length - 1; i >= 0; i--)
        {
            if (rules[i].Matches(container)) return rules[i].Behaviour;
        }

        return PodBehaviour.Healthy;
    }
}
