using System.Text.Json;

namespace ChaosHarness.Reporting.Generation;

/// <summary>
/// Checks a results folder against the Allure 2 results format as written on disk (read as plain JSON, not through
/// this project's model, so a model that drifted from the format is caught): every required field, its type, the
/// status and stage words, and that every attachment and container child refers to something that exists.
/// </summary>
public static class ResultsFormatValidator
{
    private static readonly HashSet<string> Statuses = ["passed", "failed", "broken", "skipped"];
    private static readonly HashSet<string> Stages = ["scheduled", "running", "finished", "pending", "interrupted"];

    /// <summary>Every problem found, each naming its file and place; empty when the folder is valid.</summary>
    public static IReadOnlyList<string> Validate(string resultsDirectory)
    {
        var problems = new List<string>();
        var resultUuids = new HashSet<string>(StringComparer.Ordinal);
        var results = Directory.GetFiles(resultsDirectory, "*-result.json");
        if (results.Length == 0)
        {
            problems.Add($"{resultsDirectory}: no *-result.json");
        }

        foreach (var path in results)
        {
            var file = Path.GetFileName(path);
            using var document = Parse(path, problems);
            if (document is null)
            {
                continue;
            }

            var root = document.RootElement;
            var uuid = RequireString(root, "uuid", file, problems);
            if (uuid is not null)
            {
                resultUuids.Add(uuid);
                if (file != $"{uuid}-result.json")
                {
                    problems.Add($"{file}: named for another uuid than {uuid}");
                }
            }

            RequireHex(root, "historyId", file, problems);
            RequireHex(root, "testCaseId", file, problems);
            RequireString(root, "fullName", file, problems);
            CheckLabels(root, file, problems);
            CheckLinks(root, file, problems);
            CheckExecutable(root, file, "", resultsDirectory, problems);
        }

        foreach (var path in Directory.GetFiles(resultsDirectory, "*-container.json"))
        {
            var file = Path.GetFileName(path);
            using var document = Parse(path, problems);
            if (document is null)
            {
                continue;
            }

            var root = document.RootElement;
            RequireString(root, "uuid", file, problems);
            if (RequireArray(root, "children", file, "", problems) is { } children)
            {
                foreach (var child in children.EnumerateArray())
                {
                    if (child.ValueKind != JsonValueKind.String || !resultUuids.Contains(child.GetString()!))
                    {
                        problems.Add($"{file}: child {child} is no result in the folder");
                    }
                }
            }

            foreach (var kind in new[] { "befores", "afters" })
            {
                if (root.TryGetProperty(kind, out var fixtures))
                {
                    var index = 0;
                    foreach (var fixture in fixtures.EnumerateArray())
                    {
                        CheckExecutable(fixture, file, $"{kind}[{index++}].", resultsDirectory, problems);
                    }
                }
            }
        }

        CheckSideFiles(resultsDirectory, problems);
        return problems;
    }

    private static void CheckExecutable(JsonElement item, string file, string at, string directory, List<string> problems)
    {
        RequireString(item, "name", file, problems, at);
        if (RequireString(item, "status", file, problems, at) is { } status && !Statuses.Contains(status))
        {
            problems.Add($"{file}: {at}status '{status}' is not one of passed, failed, broken, skipped");
        }

        if (RequireString(item, "stage", file, problems, at) is { } stage && !Stages.Contains(stage))
        {
            problems.Add($"{file}: {at}stage '{stage}' is unknown");
        }

        var start = RequireLong(item, "start", file, at, problems);
        var stop = RequireLong(item, "stop", file, at, problems);
        if (start > stop)
        {
            problems.Add($"{file}: {at}stops before it starts");
        }

        if (item.TryGetProperty("statusDetails", out var details) && details.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{file}: {at}statusDetails is not an object");
        }

        if (RequireArray(item, "parameters", file, at, problems) is { } parameters)
        {
            foreach (var parameter in parameters.EnumerateArray())
            {
                RequireString(parameter, "name", file, problems, $"{at}parameters.");
                if (parameter.TryGetProperty("mode", out var mode) && mode.GetString() is not ("default" or "masked" or "hidden"))
                {
                    problems.Add($"{file}: {at}parameter mode {mode} is unknown");
                }
            }
        }

        if (RequireArray(item, "attachments", file, at, problems) is { } attachments)
        {
            foreach (var attachment in attachments.EnumerateArray())
            {
                RequireString(attachment, "name", file, problems, $"{at}attachments.");
                RequireString(attachment, "type", file, problems, $"{at}attachments.");
                if (RequireString(attachment, "source", file, problems, $"{at}attachments.") is { } source
                    && !File.Exists(Path.Combine(directory, source)))
                {
                    problems.Add($"{file}: {at}attachment {source} does not exist");
                }
            }
        }

        if (RequireArray(item, "steps", file, at, problems) is { } steps)
        {
            var index = 0;
            foreach (var step in steps.EnumerateArray())
            {
                CheckExecutable(step, file, $"{at}steps[{index++}].", directory, problems);
            }
        }
    }

    private static void CheckLabels(JsonElement root, string file, List<string> problems)
    {
        if (RequireArray(root, "labels", file, "", problems) is not { } labels)
        {
            return;
        }

        foreach (var label in labels.EnumerateArray())
        {
            RequireString(label, "name", file, problems, "labels.");
            RequireString(label, "value", file, problems, "labels.");
        }
    }

    private static void CheckLinks(JsonElement root, string file, List<string> problems)
    {
        if (!root.TryGetProperty("links", out var links))
        {
            return;
        }

        foreach (var link in links.EnumerateArray())
        {
            RequireString(link, "url", file, problems, "links.");
        }
    }

    private static void CheckSideFiles(string directory, List<string> problems)
    {
        var categories = Path.Combine(directory, "categories.json");
        if (File.Exists(categories))
        {
            using var document = Parse(categories, problems);
            if (document is not null && document.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add("categories.json: not an array");
            }
            else if (document is not null)
            {
                foreach (var category in document.RootElement.EnumerateArray())
                {
                    RequireString(category, "name", "categories.json", problems);
                }
            }
        }

        var executor = Path.Combine(directory, "executor.json");
        if (File.Exists(executor))
        {
            using var document = Parse(executor, problems);
            if (document is not null)
            {
                RequireString(document.RootElement, "name", "executor.json", problems);
            }
        }

        var environment = Path.Combine(directory, "environment.properties");
        if (File.Exists(environment))
        {
            foreach (var line in File.ReadLines(environment).Where(l => l.Length > 0 && l[0] is not ('#' or '!')))
            {
                if (!line.Contains('=', StringComparison.Ordinal))
                {
                    problems.Add($"environment.properties: '{line}' is no key=value");
                }
            }
        }
    }

    private static JsonDocument? Parse(string path, List<string> problems)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            problems.Add($"{Path.GetFileName(path)}: not JSON: {e.Message}");
            return null;
        }
    }

    private static string? RequireString(JsonElement item, string name, string file, List<string> problems, string at = "")
    {
        if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0)
        {
            return value.GetString();
        }

        problems.Add($"{file}: {at}{name} missing or not a non-empty string");
        return null;
    }

    private static void RequireHex(JsonElement item, string name, string file, List<string> problems)
    {
        if (RequireString(item, name, file, problems) is { } value && (value.Length != 32 || !value.All(char.IsAsciiHexDigitLower)))
        {
            problems.Add($"{file}: {name} '{value}' is not an md5 in lower-case hex");
        }
    }

    private static long RequireLong(JsonElement item, string name, string file, string at, List<string> problems)
    {
        if (item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number > 0)
        {
            return number;
        }

        problems.Add($"{file}: {at}{name} missing or not epoch milliseconds");
        return 0;
    }

    private static JsonElement? RequireArray(JsonElement item, string name, string file, string at, List<string> problems)
    {
        if (item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            return value;
        }

        problems.Add($"{file}: {at}{name} missing or not an array");
        return null;
    }
}
