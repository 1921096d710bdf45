using System.Text;

namespace ChaosHarness.Reporting.Tests;

/// <summary>Looks for a secret in every file under a folder, as raw bytes and in the encodings a report could hide it in.</summary>
internal static class SecretSearch
{
    private static readonly System.Text.Json.JsonSerializerOptions RelaxedJson =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IReadOnlyList<string> FilesContaining(string directory, string secret)
    {
        var forms = new[]
        {
            Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))),
            Encoding.UTF8.GetBytes(Uri.EscapeDataString(secret)),
            Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(secret)[1..^1]),
            Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(secret, RelaxedJson)[1..^1]),
        }.Distinct(new ByteArrayComparer()).ToList();

        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(path =>
            {
                var content = File.ReadAllBytes(path);
                return forms.Any(form => content.AsSpan().IndexOf(form) >= 0);
            })
            .ToList();
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
