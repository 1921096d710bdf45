global using ChaosHarness.Reporting;
