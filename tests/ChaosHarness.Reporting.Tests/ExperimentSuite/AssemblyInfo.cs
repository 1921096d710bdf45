[assembly: ChaosHarness.Reporting.NUnit.AllureReporting]

// One fleet, one fault at a time, as in the game-day suite.
[assembly: NonParallelizable]
