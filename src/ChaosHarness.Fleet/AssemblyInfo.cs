namespace ChaosHarness.Fleet;
