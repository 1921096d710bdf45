using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChaosHarness.Core.Journal;

public static class JournalJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(JournalEntry entry) => JsonSerializer.Serialize(entry, Options);

    /// <summary>Reads journal lines; a torn last line (the process died while writing it) is skipped.</summary>
    public static IReadOnlyList<JournalEntry> ReadLines(IEnumerable<string> lines)
    {
        var entries = new List<JournalEntry>();
        foreach (var line in lines)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var entry = JsonSerializer.Deserialize<JournalEntry>(line, Options);
                if (entry is not null)
                {
                    entries.Add(entry);
                }
            }
            catch (JsonException)
            {
                // Only the last write of a crashed process can be torn; everything before it was flushed whole.
            }
        }

        return entries;
    }
}
