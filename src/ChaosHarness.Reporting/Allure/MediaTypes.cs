namespace ChaosHarness.Reporting.Allure;

/// <summary>The attachment kinds an experiment produces, with the file extension the report needs to show each.</summary>
public static class MediaTypes
{
    public const string Text = "text/plain";
    public const string Json = "application/json";
    public const string Yaml = "application/yaml";
    public const string Png = "image/png";
    public const string Svg = "image/svg+xml";
    public const string Csv = "text/csv";
    public const string Html = "text/html";
    public const string Xml = "application/xml";

    public static string ExtensionOf(string mediaType) => mediaType switch
    {
        Text => "txt",
        Json => "json",
        Yaml or "text/yaml" or "application/x-yaml" => "yaml",
        Png => "png",
        Svg => "svg",
        Csv => "csv",
        Html => "html",
        Xml or "text/xml" => "xml",
        "image/jpeg" => "jpg",
        _ => "bin",
    };

    /// <summary>Whether the content is text, which the writer can and must search for secrets.</summary>
    public static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.Ordinal)
        || mediaType is Json or Yaml or Svg or Xml or "application/x-yaml";
}
