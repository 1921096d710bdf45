namespace ChaosHarness.Fleet.Api;

/// <summary>The random suffix Kubernetes appends to <c>generateName</c> and pod-template hashes use: consonants and digits that spell no words.</summary>
public static class NameSuffix
{
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Next(int length = 5) =>
        string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = Alphabet[Random.Shared.Next(Alphabet.Length)];
        });
}
