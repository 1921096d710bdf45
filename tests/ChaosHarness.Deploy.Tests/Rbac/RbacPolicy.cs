using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace ChaosHarness.Deploy.Tests.Rbac;

/// <summary>
/// What a set of manifests grants one ServiceAccount: the rules of the ClusterRoles bound to it cluster-wide, and per
/// namespace the rules of the Roles and ClusterRoles bound to it there. Authorizes like the RBAC authorizer.
/// </summary>
public sealed class RbacPolicy
{
    private RbacPolicy(IReadOnlyList<PolicyRule> clusterWide, IReadOnlyDictionary<string, IReadOnlyList<PolicyRule>> byNamespace, IReadOnlyList<PolicyRule> allRules)
    {
        ClusterWide = clusterWide;
        ByNamespace = byNamespace;
        AllRules = allRules;
    }

    public IReadOnlyList<PolicyRule> ClusterWide { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<PolicyRule>> ByNamespace { get; }

    /// <summary>Every rule of every Role and ClusterRole in the manifests, bound or not.</summary>
    public IReadOnlyList<PolicyRule> AllRules { get; }

    /// <summary>The rule that allows the call, or null when the ServiceAccount may not make it.</summary>
    public PolicyRule? Authorize(ApiCall call)
        => ClusterWide.FirstOrDefault(r => r.Allows(call))
           ?? (call.Namespace is { } ns && ByNamespace.TryGetValue(ns, out var rules) ? rules.FirstOrDefault(r => r.Allows(call)) : null);

    /// <summary>Every (verb, group, resource) granted to the ServiceAccount anywhere.</summary>
    public IReadOnlySet<string> GrantedTriples
        => ClusterWide.Concat(ByNamespace.Values.SelectMany(r => r)).SelectMany(r => r.Triples).ToHashSet();

    public static RbacPolicy ForServiceAccount(string yaml, string serviceAccountNamespace, string serviceAccountName)
    {
        var documents = Documents(yaml).ToList();
        var clusterRoles = new Dictionary<string, IReadOnlyList<PolicyRule>>(StringComparer.Ordinal);
        var roles = new Dictionary<(string Namespace, string Name), IReadOnlyList<PolicyRule>>();
        foreach (var doc in documents)
        {
            var kind = Str(doc, "kind");
            if (kind is not ("ClusterRole" or "Role"))
            {
                continue;
            }

            var name = Str(Map(doc, "metadata"), "name") ?? throw new FormatException($"A {kind} without a name.");
            var source = kind == "Role" ? $"Role {Str(Map(doc, "metadata"), "namespace")}/{name}" : $"ClusterRole {name}";
            var rules = List(doc, "rules").Select(r => (Dictionary<object, object>)r).Select((r, i) => new PolicyRule(
                $"{source} rule {i + 1}", Strings(r, "verbs"), Strings(r, "apiGroups"), Strings(r, "resources"), Strings(r, "resourceNames"))).ToList();
            if (kind == "ClusterRole")
            {
                clusterRoles[name] = rules;
            }
            else
            {
                roles[(Str(Map(doc, "metadata"), "namespace") ?? throw new FormatException($"Role {name} has no namespace."), name)] = rules;
            }
        }

        var clusterWide = new List<PolicyRule>();
        var byNamespace = new Dictionary<string, List<PolicyRule>>(StringComparer.Ordinal);
        foreach (var doc in documents)
        {
            var kind = Str(doc, "kind");
            if (kind is not ("ClusterRoleBinding" or "RoleBinding"))
            {
                continue;
            }

            var metadata = Map(doc, "metadata");
            var bindingName = $"{kind} {Str(metadata, "namespace")}/{Str(metadata, "name")}";
            var subjects = List(doc, "subjects").Select(s => (Dictionary<object, object>)s);
            if (!subjects.Any(s => Str(s, "kind") == "ServiceAccount" && Str(s, "name") == serviceAccountName && Str(s, "namespace") == serviceAccountNamespace))
            {
                continue;
            }

            var roleRef = Map(doc, "roleRef");
            var refName = Str(roleRef, "name")!;
            var bindingNamespace = Str(metadata, "namespace");
            IReadOnlyList<PolicyRule> bound = Str(roleRef, "kind") switch
            {
                "ClusterRole" => clusterRoles.GetValueOrDefault(refName) ?? throw new FormatException($"{bindingName} refers to ClusterRole {refName}, which the manifests do not define."),
                "Role" when kind == "RoleBinding" => roles.GetValueOrDefault((bindingNamespace!, refName)) ?? throw new FormatException($"{bindingName} refers to Role {bindingNamespace}/{refName}, which the manifests do not define."),
                var other => throw new FormatException($"{bindingName} has a roleRef of kind {other}."),
            };
            if (kind == "ClusterRoleBinding")
            {
                clusterWide.AddRange(bound);
            }
            else
            {
                if (!byNamespace.TryGetValue(bindingNamespace!, out var list))
                {
                    byNamespace[bindingNamespace!] = list = [];
                }

                list.AddRange(bound);
            }
        }

        return new RbacPolicy(
            clusterWide,
            byNamespace.ToDictionary(p => p.Key, p => (IReadOnlyList<PolicyRule>)p.Value),
            [.. clusterRoles.Values.SelectMany(r => r), .. roles.Values.SelectMany(r => r)]);
    }

    /// <summary>Every object of a multi-document YAML stream, as nested dictionaries and lists.</summary>
    public static IEnumerable<Dictionary<object, object>> Documents(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (deserializer.Deserialize<Dictionary<object, object>?>(parser) is { } doc)
            {
                yield return doc;
            }
        }
    }

    private static string? Str(Dictionary<object, object> map, string key) => map.TryGetValue(key, out var value) ? value as string : null;

    private static Dictionary<object, object> Map(Dictionary<object, object> map, string key)
        => map.TryGetValue(key, out var value) && value is Dictionary<object, object> m ? m : [];

    private static List<object> List(Dictionary<object, object> map, string key)
        => map.TryGetValue(key, out var value) && value is List<object> l ? l : [];

    private static IReadOnlyList<string> Strings(Dictionary<object, object> map, string key) => [.. List(map, key).Select(o => (string)o)];
}
