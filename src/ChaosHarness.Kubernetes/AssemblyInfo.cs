namespace ChaosHarness.Kubernetes;
