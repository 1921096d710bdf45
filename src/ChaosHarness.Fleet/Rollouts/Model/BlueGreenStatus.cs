namespace ChaosHarness.Fleet.Rollouts.Model;

/// <summary>Always empty: the fleet's controller runs canaries only, but Argo writes <c>blueGreen: {}</c> all the same.</summary>
public sealed class BlueGreenStatus;
