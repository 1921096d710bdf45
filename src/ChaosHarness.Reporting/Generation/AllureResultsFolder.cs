using System.Text.Json;
using ChaosHarness.Reporting.Allure;

namespace ChaosHarness.Reporting.Generation;

/// <summary>Reads the results a run left in an Allure results folder.</summary>
public static class AllureResultsFolder
{
    public static IReadOnlyList<TestResult> ReadResults(string resultsDirectory) =>
        Directory.EnumerateFiles(resultsDirectory, "*-result.json")
            .Order(StringComparer.Ordinal)
            .Select(path => JsonSerializer.Deserialize<TestResult>(File.ReadAllText(path), AllureJson.ReaderOptions)
                ?? throw new InvalidDataException($"{path} holds no result."))
            .ToList();

    public static IReadOnlyList<TestResultContainer> ReadContainers(string resultsDirectory) =>
        Directory.EnumerateFiles(resultsDirectory, "*-container.json")
            .Order(StringComparer.Ordinal)
            .Select(path => JsonSerializer.Deserialize<TestResultContainer>(File.ReadAllText(path), AllureJson.ReaderOptions)
                ?? throw new InvalidDataException($"{path} holds no container."))
            .ToList();
}
