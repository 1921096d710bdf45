namespace ChaosHarness.Reporting.Allure;

/// <summary>The folder holding <c>ChaosHarness.sln</c>, found by walking up from where the tests run.</summary>
public static class RepositoryRoot
{
    public const string Marker = "ChaosHarness.sln";

    public static string Find(string startDirectory)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"No {Marker} above {startDirectory}; set {ResultsLocation.EnvironmentVariable} to say where Allure results go.");
    }
}
