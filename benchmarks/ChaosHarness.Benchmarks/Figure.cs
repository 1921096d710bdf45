namespace ChaosHarness.Benchmarks;

/// <summary>A measured figure: what, how much, in which unit.</summary>
public sealed record Figure(string What, double Value, string Unit)
{
    public override string ToString() => $"{What}: {Value:0.###} {Unit}";
}
