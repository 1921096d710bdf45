[assembly: ChaosHarness.Reporting.NUnit.AllureReporting]

// Experiments share one fleet and must not overlap: one fault at a time keeps each hypothesis its own.
[assembly: NonParallelizable]
