using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// One resource request once it is understood: who sends it, which verb on which resource. Built in exactly one place
/// (<see cref="ApiRequestHandler"/>), so that anything that decides per caller and verb — throttling among them — has one
/// place to look.
/// </summary>
internal sealed record ApiRequest(ApiCaller Caller, ApiVerb Verb, ResourceType Type, ResourcePath Path)
{
    public string? Namespace => Type.Namespaced ? Path.Namespace : null;

    public string Name => Path.Name ?? throw new InvalidOperationException($"A {Verb} request names no object.");

    /// <summary>The verb as authorization and flow control rules name it: <c>get</c>, <c>deletecollection</c>, …</summary>
    public static string KubernetesVerb(ApiVerb verb) => verb.ToString().ToLowerInvariant();

    public static ApiVerb VerbOf(string method, ResourcePath path, bool watchAsked) => method switch
    {
        "GET" when path.IsWatchPath || watchAsked => ApiVerb.Watch,
        "GET" => path.IsCollection ? ApiVerb.List : ApiVerb.Get,
        "POST" => ApiVerb.Create,
        "PUT" => ApiVerb.Update,
        "PATCH" => ApiVerb.Patch,
        "DELETE" => path.IsCollection ? ApiVerb.DeleteCollection : ApiVerb.Delete,
        _ => throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
    };
}
