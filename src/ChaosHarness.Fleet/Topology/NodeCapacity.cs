namespace ChaosHarness.Fleet.Topology;

/// <summary>What one simulated node offers the scheduler, in Kubernetes quantity notation.</summary>
public sealed record NodeCapacity(string Cpu = "8", string Memory = "32Gi", int Pods = 110);
