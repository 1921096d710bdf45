namespace ChaosHarness.Fleet.Traffic;

/// <summary>An application the ingress routes to: the namespace and name of its Rollout.</summary>
public readonly record struct AppKey(string Namespace, string Name)
{
    /// <summary>How the ingress's routes ConfigMap names the app: <c>shop.checkout</c>.</summary>
    public string ConfigKey => $"{Namespace}.{Name}";

    public override string ToString() => $"{Namespace}/{Name}";
}
