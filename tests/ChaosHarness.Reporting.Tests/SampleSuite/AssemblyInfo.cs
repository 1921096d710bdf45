using ChaosHarness.Reporting.NUnit;

[assembly: AllureReporting]
