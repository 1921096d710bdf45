namespace ChaosHarness.Fleet.Rollouts;

/// <summary>Kubernetes' rand.SafeEncodeString: digits mapped to an alphabet without vowels, so hashes never spell words.</summary>
internal static class SafeEncoding
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Encode(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++) span[i] = Alphabet[source[i] % Alphabet.Length];
    });
}
