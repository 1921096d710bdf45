namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>A pause step: for <see cref="Duration"/>, or until promoted when it has none.</summary>
public sealed class RolloutPause
{
    public IntOrText? Duration { get; set; }

    public TimeSpan? DurationTime => ArgoDuration.Parse(Duration);
}
