namespace ChaosHarness.Fleet.Api.Patching;

public enum PatchType { Json, Merge, StrategicMerge, Apply }
