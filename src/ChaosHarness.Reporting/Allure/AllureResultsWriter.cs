using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ChaosHarness.Reporting.Allure;

/// <summary>
/// Writes the Allure 2 results format into one folder. Every file is written whole to a temporary name and then
/// renamed, so a report generated while tests still run never reads half a file. Every string goes through the
/// <see cref="SecretRedactor"/> first. Thread-safe.
/// </summary>
public sealed class AllureResultsWriter
{
    private readonly JsonSerializerOptions _json;

    public AllureResultsWriter(string resultsDirectory, SecretRedactor? secrets = null)
    {
        ResultsDirectory = Path.GetFullPath(resultsDirectory);
        Secrets = secrets ?? new SecretRedactor();
        _json = AllureJson.WriterOptions(Secrets);
        Directory.CreateDirectory(ResultsDirectory);
    }

    public string ResultsDirectory { get; }
    public SecretRedactor Secrets { get; }

    public void WriteResult(TestResult result) =>
        WriteJson($"{result.Uuid}-result.json", result);

    public void WriteContainer(TestResultContainer container) =>
        WriteJson($"{container.Uuid}-container.json", container);

    /// <summary>Writes an attachment's content and says how a result refers to it.</summary>
    public Attachment WriteAttachment(string name, string mediaType, ReadOnlySpan<byte> content)
    {
        var source = $"{Guid.NewGuid()}-attachment.{MediaTypes.ExtensionOf(mediaType)}";
        if (MediaTypes.IsText(mediaType) && !Secrets.IsEmpty)
        {
            WriteAtomically(source, Encoding.UTF8.GetBytes(Secrets.Redact(Encoding.UTF8.GetString(content))));
        }
        else
        {
            WriteAtomically(source, content);
        }

        return new Attachment(Secrets.Redact(name), source, mediaType);
    }

    public Attachment WriteAttachment(string name, string mediaType, string text) =>
        WriteAttachment(name, mediaType, Encoding.UTF8.GetBytes(text));

    /// <summary><c>environment.properties</c>: the report's Environment panel (fleet, clusters, versions, seed, clock speed).</summary>
    public void WriteEnvironment(IReadOnlyDictionary<string, string> properties)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(EscapeProperty(Secrets.Redact(key), isKey: true))
                .Append('=')
                .Append(EscapeProperty(Secrets.Redact(value), isKey: false))
                .Append('\n');
        }

        WriteAtomically("environment.properties", Encoding.UTF8.GetBytes(text.ToString()));
    }

    public void WriteExecutor(ExecutorInfo executor) => WriteJson("executor.json", executor);

    public void WriteCategories(IEnumerable<Category> categories) => WriteJson("categories.json", categories.ToList());

    private void WriteJson<T>(string fileName, T value) =>
        WriteAtomically(fileName, JsonSerializer.SerializeToUtf8Bytes(value, _json));

    private void WriteAtomically(string fileName, ReadOnlySpan<byte> content)
    {
        var target = Path.Combine(ResultsDirectory, fileName);
        var temporary = Path.Combine(ResultsDirectory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(content);
        }

        File.Move(temporary, target, overwrite: true);
    }

    // Java properties syntax: the report reads the file with java.util.Properties, as ISO-8859-1 with \u escapes.
    private static string EscapeProperty(string text, bool isKey)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': escaped.Append(@"\\"); break;
                case '\n': escaped.Append(@"\n"); break;
                case '\r': escaped.Append(@"\r"); break;
                case '\t': escaped.Append(@"\t"); break;
                case '=' or ':' or '#' or '!' when isKey || i == 0: escaped.Append('\\').Append(c); break;
                case ' ' when isKey || i == 0: escaped.Append(@"\ "); break;
                case < ' ' or > '~': escaped.Append(@"\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }
}
