namespace ChaosHarness.Reporting.Charts;

public enum IntervalKind
{
    /// <summary>A fault held: shaded red.</summary>
    Fault,

    /// <summary>A rollout phase (Progressing, Paused, Degraded…): shaded lightly, one colour per distinct label.</summary>
    Phase,
}
