using System.Text;
using k8s;

namespace ChaosHarness.Testing;

/// <summary>
/// The credentials a fleet's kubeconfig holds — bearer tokens (inline or from a token file), passwords, client keys
/// (as written and decoded), auth-provider tokens and secrets — which must never reach a result or a report.
/// </summary>
internal static class KubeconfigSecrets
{
    public static IReadOnlyList<string> Read(string kubeconfigPath)
    {
        if (!File.Exists(kubeconfigPath))
        {
            return [];
        }

        var config = KubernetesClientConfiguration.LoadKubeConfig(kubeconfigPath);
        var secrets = new List<string>();
        foreach (var user in config.Users ?? [])
        {
            if (user.UserCredentials is not { } credentials)
            {
                continue;
            }

            secrets.Add(credentials.Token);
            secrets.Add(credentials.Password);
            secrets.Add(credentials.ClientKeyData);
            foreach (var key in new[] { Decoded(credentials.ClientKeyData), ReadIfExists(credentials.ClientKey) })
            {
                // The whole key, and each line of its body, in case something prints it wrapped differently.
                secrets.Add(key);
                secrets.AddRange(key.Split('\n').Where(line => !line.StartsWith("-----", StringComparison.Ordinal)));
            }

            foreach (var (key, value) in credentials.AuthProvider?.Config ?? [])
            {
                if (key.Contains("token", StringComparison.OrdinalIgnoreCase) || key.Contains("secret", StringComparison.OrdinalIgnoreCase))
                {
                    secrets.Add(value);
                }
            }
        }

        return [.. secrets.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Where(s => s.Length >= Reporting.Allure.SecretRedactor.MinimumSecretLength).Distinct(StringComparer.Ordinal)];
    }

    private static string Decoded(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return "";
        }

        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? Encoding.UTF8.GetString(bytes, 0, written) : "";
    }

    private static string ReadIfExists(string? path)
    {
        try
        {
            return !string.IsNullOrEmpty(path) && File.Exists(path) ? File.ReadAllText(path) : "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
