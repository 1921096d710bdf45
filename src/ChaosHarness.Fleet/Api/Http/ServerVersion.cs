using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// What <c>/version</c> reports. Minor 31 makes the kubectl dispatcher run kubectl 1.31, which sends JSON request bodies
/// (1.32+ sends protobuf for some <c>kubectl create</c> subcommands).
/// </summary>
internal static class ServerVersion
{
    public const string Major = "1";
    public const string Minor = "31";
    public const string GitVersion = "v1.31.4";

    public static JsonObject Document() => new()
    {
        ["major"] = Major,
        ["minor"] = Minor,
        ["gitVersion"] = GitVersion,
        ["gitCommit"] = "a78aa47129b8539636eb86a9d00e31b2720fe06b",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2024-12-10T11:36:10Z",
        ["goVersion"] = "go1.22.9",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };
}
