namespace ChaosHarness.Core;
