using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Resources;

namespace ChaosHarness.Fleet.Api;

/// <summary>
/// A request the API server refuses. Carries what goes into the <c>Status</c> body: HTTP code, reason, message and details,
/// worded as a real Kubernetes API server words them.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException(int code, string reason, string message, ResourceType? type = null, string? name = null,
        IReadOnlyList<StatusCause>? causes = null, int? retryAfterSeconds = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Type = type;
        Name = name;
        Causes = causes ?? [];
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Code { get; }
    public string Reason { get; }
    public ResourceType? Type { get; }
    public string? Name { get; }
    public IReadOnlyList<StatusCause> Causes { get; }
    public int? RetryAfterSeconds { get; }

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found", type, name);

    public static ApiException NamespaceNotFound(string ns) =>
        new(404, "NotFound", $"namespaces \"{ns}\" not found", BuiltInResources.Namespaces, ns);

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists", type, name);

    public static ApiException Conflict(ResourceType type, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            type, name);

    /// <summary>422, worded as field.ErrorList's aggregate: one error as is, several in brackets.</summary>
    public static ApiException Invalid(ResourceType type, string name, params StatusCause[] causes)
    {
        var errors = causes.Select(c => c.Field is null ? c.Message : $"{c.Field}: {c.Message}").Distinct().ToList();
        var aggregate = errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]";
        return new(422, "Invalid", $"{type.Kind}{(type.Group.Length == 0 ? "" : "." + type.Group)} \"{name}\" is invalid: {aggregate}",
            type, name, causes);
    }

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Expired(string message) => new(410, "Expired", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json (got {contentType})");

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    public static ApiException MethodNotSupported(ResourceType type, string verb) =>
        new(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource", type);

    public static ApiException TooManyRequests(string message, int? retryAfterSeconds, IReadOnlyList<StatusCause>? causes = null) =>
        new(429, "TooManyRequests", message, causes: causes, retryAfterSeconds: retryAfterSeconds);

    public static ApiException InternalError(string message) => new(500, "InternalError", message);

    /// <summary>The <c>Status</c> object a real API server sends for this error.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        var details = new JsonObject();
        if (Name is not null) details["name"] = Name;
        if (Type is not null)
        {
            if (Type.Group.Length > 0) details["group"] = Type.Group;
            details["kind"] = Type.Plural;
        }

        if (Causes.Count > 0)
        {
            details["causes"] = new JsonArray([.. Causes.Select(c =>
            {
                var cause = new JsonObject { ["reason"] = c.Reason, ["message"] = c.Message };
                if (c.Field is not null) cause["field"] = c.Field;
                return (JsonNode)cause;
            })]);
        }

        if (RetryAfterSeconds is { } retry) details["retryAfterSeconds"] = retry;
        if (details.Count > 0) status["details"] = details;
        status["code"] = Code;
        return status;
    }
}
