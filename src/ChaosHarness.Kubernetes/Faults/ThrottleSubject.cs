using System.Text.Json.Nodes;

namespace ChaosHarness.Kube.Faults;

/// <summary>Whose API requests a throttle holds back: a service account (a controller's identity) or a user.</summary>
public sealed record ThrottleSubject
{
    private ThrottleSubject(string? serviceAccountNamespace, string name)
    {
        ServiceAccountNamespace = serviceAccountNamespace;
        Name = name;
    }

    /// <summary>The service account's namespace; null for a user.</summary>
    public string? ServiceAccountNamespace { get; }

    public string Name { get; }

    public bool IsServiceAccount => ServiceAccountNamespace is not null;

    public static ThrottleSubject ServiceAccount(string @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new ThrottleSubject(@namespace, name);
    }

    public static ThrottleSubject User(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new ThrottleSubject(null, name);
    }

    /// <summary>The FlowSchema subject (<c>flowcontrol.apiserver.k8s.io/v1</c>) that matches this identity.</summary>
    public JsonObject ToFlowSchemaSubject() => IsServiceAccount
        ? new JsonObject { ["kind"] = "ServiceAccount", ["serviceAccount"] = new JsonObject { ["namespace"] = ServiceAccountNamespace, ["name"] = Name } }
        : new JsonObject { ["kind"] = "User", ["user"] = new JsonObject { ["name"] = Name } };

    public override string ToString() => IsServiceAccount ? $"service account {ServiceAccountNamespace}/{Name}" : $"user {Name}";
}
