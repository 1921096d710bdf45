namespace ChaosHarness.Testing;

/// <summary>The categories of the game-day suite: <c>[Category(ChaosCategory.Smoke)]</c>.</summary>
public static class ChaosCategory
{
    /// <summary>Fast, on the embedded fleet, on every change.</summary>
    public const string Smoke = "Smoke";

    /// <summary>Longer experiments, every night.</summary>
    public const string Nightly = "Nightly";

    /// <summary>Against real staging clusters from a fleet file.</summary>
    public const string Staging = "Staging";
}
