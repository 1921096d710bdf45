using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Admission;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.FlowControl;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;

namespace ChaosHarness.Fleet.Api;

/// <summary>
/// The semantics of one cluster's API server, independent of HTTP: defaulting of server-set metadata, generations,
/// status and spec kept apart, optimistic concurrency, graceful deletion and finalizers, admission.
/// The HTTP front end and the fleet's own controllers both go through it, and every call that names its caller is
/// admitted by API Priority and Fairness (<see cref="FlowControl"/>) first. Reads without a caller are the server's own
/// loopback reads (as <c>system:apiserver</c>, a member of <c>system:masters</c>): exempt.
/// </summary>
public sealed class ClusterApi
{
    /// <summary>The API server's guaranteed update retries until it wins; in-process, a hundred tries is the same.</summary>
    private const int ConflictRetries = 100;

    private readonly IReadOnlyList<IAdmissionPlugin> _admission;

    public ClusterApi(string clusterName, ObjectStore store, ResourceCatalog catalog, TimeProvider clock,
        IEnumerable<IAdmissionPlugin>? admission = null)
    {
        ClusterName = clusterName;
        Store = store;
        Catalog = catalog;
        Clock = clock;
        _admission = [.. admission ?? []];
        FlowControl = new FlowController(store, clock);
        ObjectCreated += ReconfigureFlowControl;
        ObjectUpdated += ReconfigureFlowControl;
        ObjectDeleted += ReconfigureFlowControl;
    }

    public string ClusterName { get; }
    public ObjectStore Store { get; }
    public ResourceCatalog Catalog { get; }
    public TimeProvider Clock { get; }

    /// <summary>API Priority and Fairness: classifies and admits every request that names its caller.</summary>
    public FlowController FlowControl { get; }

    public StoredObject Get(ApiCaller caller, ResourceType type, string? ns, string name)
    {
        using var seat = Admit(caller, "get", type, ns);
        return Get(type, ns, name);
    }

    public ListPage List(ApiCaller caller, ResourceType type, ListRequest request)
    {
        using var seat = Admit(caller, "list", type, request.Namespace);
        return List(type, request);
    }

    /// <summary>Opens a watch: admitted as a new request, and never cut by flow control once open.</summary>
    public WatchSubscription Watch(ApiCaller caller, ResourceType type, string? ns, long? fromResourceVersion, Func<StoredObject, bool>? filter = null)
    {
        using var seat = Admit(caller, "watch", type, ns);
        return Watch(type, ns, fromResourceVersion, filter);
    }

    /// <summary>A loopback read, exempt from flow control.</summary>
    public StoredObject Get(ResourceType type, string? ns, string name) =>
        Store.Get(type, new ObjectKey(ScopeOf(type, ns), name)) ?? throw ApiException.NotFound(type, name);

    /// <summary>A loopback list, exempt from flow control.</summary>
    public ListPage List(ResourceType type, ListRequest request)
    {
        var snapshot = Store.List(type, ScopeOf(type, request.Namespace), request.Filter);
        IEnumerable<StoredObject> items = snapshot.Items;
        if (request.After is { } after) items = items.SkipWhile(o => o.Key.CompareTo(after) <= 0);
        var remaining = items.ToList();
        if (request.Limit is not > 0 || remaining.Count <= request.Limit) return new ListPage(remaining, snapshot.ResourceVersion, null, 0);
        var page = remaining.Take(request.Limit.Value).ToList();
        return new ListPage(page, snapshot.ResourceVersion, page[^1].Key, remaining.Count - page.Count);
    }

    /// <summary>A loopback watch, exempt from flow control.</summary>
    public WatchSubscription Watch(ResourceType type, string? ns, long? fromResourceVersion, Func<StoredObject, bool>? filter = null) =>
        Store.Watch(type, ScopeOf(type, ns), fromResourceVersion, filter);

    private const int GenerateNameRetries = 7;

    public StoredObject Create(ApiCaller caller, ResourceType type, string? ns, JsonObject body, bool dryRun = false)
    {
        using var seat = Admit(caller, "create", type, ns ?? (string?)body["metadata"]?["namespace"]);
        CheckTypeOf(type, body);
        var metadata = MetadataOf(body);
        ns = ResolveNamespace(type, ns, metadata);
        if (ns is not null) RequireWritableNamespace(ns);

        var name = (string?)metadata["name"];
        var generated = false;
        if (string.IsNullOrEmpty(name))
        {
            generated = true;
            var prefix = (string?)metadata["generateName"];
            if (string.IsNullOrEmpty(prefix))
            {
                throw ApiException.Invalid(type, "", new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name"));
            }

            name = prefix + NameSuffix.Next();
            metadata["name"] = name;
        }

        if (metadata["resourceVersion"] is JsonValue rv && rv.ToString().Length > 0)
        {
            throw ApiException.Invalid(type, name, new StatusCause("FieldValueForbidden", "Forbidden: resourceVersion may not be set on objects to be created", "metadata.resourceVersion"));
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = KubernetesTime.Format(Clock.GetUtcNow());
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        if (type.HasStatus)
        {
            metadata["generation"] = 1;
            body.Remove("status");
        }

        if (type == BuiltInResources.Namespaces)
        {
            body["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            body["status"] = new JsonObject { ["phase"] = "Active" };
        }

        Admit(new AdmissionRequest(AdmissionOperation.Create, type, body, null, caller, null));
        if (dryRun) return StoredObject.Freeze(type, body, 0);
        var stored = CreateInStore(type, body, generated);
        ObjectCreated?.Invoke(stored);
        return stored;
    }

    /// <summary>
    /// A generated name that is taken is generated again, as the API server does since 1.31 (RetryGenerateName: up to
    /// seven more tries); five characters of 27 collide often enough (one in seven runs of 2,000 names) to matter.
    /// </summary>
    private StoredObject CreateInStore(ResourceType type, JsonObject body, bool generated)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return Store.Create(type, body);
            }
            catch (ApiException e) when (generated && e.Code == 409 && e.Reason == "AlreadyExists" && attempt < GenerateNameRetries)
            {
                var metadata = MetadataOf(body);
                metadata["name"] = (string?)metadata["generateName"] + NameSuffix.Next();
            }
        }
    }

    /// <summary>PUT: replaces the object (or, with <paramref name="subresource"/> <c>status</c>, only its status).</summary>
    public StoredObject Replace(ApiCaller caller, ResourceType type, string? ns, string name, JsonObject body,
        string? subresource = null, bool dryRun = false)
    {
        using var seat = Admit(caller, "update", type, ns, subresource);
        CheckTypeOf(type, body);
        var metadata = MetadataOf(body);
        var bodyName = (string?)metadata["name"];
        if (bodyName is not null && bodyName != name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        metadata["name"] = name;
        ns = ResolveNamespace(type, ns, metadata);
        var current = Store.Get(type, new ObjectKey(ns, name)) ?? throw ApiException.NotFound(type, name);
        var expected = ResourceVersionOf(metadata);
        return Write(caller, type, current, body, subresource, expected, dryRun);
    }

    public StoredObject Patch(ApiCaller caller, ResourceType type, string? ns, string name, PatchType patchType,
        ReadOnlyMemory<byte> patch, string? subresource = null, bool dryRun = false)
    {
        using var seat = Admit(caller, "patch", type, ns, subresource);
        for (var attempt = 0; ; attempt++)
        {
            var current = Get(type, ns, name);
            var patched = ObjectPatcher.Apply(type, current.ToJsonObject(), patchType, patch.Span);
            var asked = ResourceVersionOf(MetadataOf(patched));
            if (asked is not null && asked != current.ResourceVersion) throw ApiException.Conflict(type, name);
            try
            {
                return Write(caller, type, current, patched, subresource, current.ResourceVersion, dryRun);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && asked is null && attempt < ConflictRetries)
            {
                // Someone wrote in between: a patch applies to the latest version, so apply it again.
            }
        }
    }

    /// <summary>
    /// <c>POST pods/{name}/binding</c>: assigns a pod to a node and marks it scheduled in one write, as the scheduler's
    /// binding does. 409 if the pod is already assigned or being deleted.
    /// </summary>
    public StoredObject Bind(ApiCaller caller, string ns, string podName, string nodeName)
    {
        using var seat = Admit(caller, "create", BuiltInResources.Pods, ns, "binding");
        for (var attempt = 0; ; attempt++)
        {
            var current = Get(BuiltInResources.Pods, ns, podName);
            var body = current.ToJsonObject();
            if (body["spec"] is not JsonObject spec) body["spec"] = spec = [];
            var assigned = (string?)spec["nodeName"];
            if (!string.IsNullOrEmpty(assigned))
            {
                throw new ApiException(409, "Conflict",
                    $"Operation cannot be fulfilled on pods/binding \"{podName}\": pod {podName} is already assigned to node \"{assigned}\"",
                    BuiltInResources.Pods, podName);
            }

            if (current.IsTerminating)
            {
                throw new ApiException(409, "Conflict",
                    $"Operation cannot be fulfilled on pods/binding \"{podName}\": pod {podName} is being deleted, cannot be assigned to a host",
                    BuiltInResources.Pods, podName);
            }

            spec["nodeName"] = nodeName;
            if (body["status"] is not JsonObject status) body["status"] = status = [];
            if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = [];
            var scheduled = new JsonObject
            {
                ["type"] = "PodScheduled",
                ["status"] = "True",
                ["lastProbeTime"] = null,
                ["lastTransitionTime"] = KubernetesTime.Format(Clock.GetUtcNow()),
            };
            var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "PodScheduled");
            if (existing is null) conditions.Add(scheduled);
            else conditions[conditions.IndexOf(existing)] = scheduled;
            try
            {
                return Store.Update(BuiltInResources.Pods, body, current.ResourceVersion);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && attempt < ConflictRetries)
            {
                // The pod changed in between (its status, say): bind the latest version.
            }
        }
    }

    /// <summary>
    /// DELETE. Objects with finalizers, namespaces and pods bound to a node with a grace period are marked for deletion
    /// and returned; everything else is removed at once and its last version returned.
    /// </summary>
    public StoredObject Delete(ApiCaller caller, ResourceType type, string? ns, string name, DeleteRequest request)
    {
        using var seat = Admit(caller, "delete", type, ns);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return DeleteOnce(caller, type, ns, name, request);
            }
            catch (ApiException e) when (e.Reason == "Conflict" && request.ExpectedResourceVersion is null && request.ExpectedUid is null && attempt < ConflictRetries)
            {
                // Someone wrote in between: without preconditions, a deletion applies to the latest version.
            }
        }
    }

    private StoredObject DeleteOnce(ApiCaller caller, ResourceType type, string? ns, string name, DeleteRequest request)
    {
        var current = Get(type, ns, name);
        if ((request.ExpectedResourceVersion is { } rv && rv != current.ResourceVersion) ||
            (request.ExpectedUid is not null && request.ExpectedUid != current.Uid))
        {
            throw ApiException.Conflict(type, name);
        }

        var body = current.ToJsonObject();
        var metadata = MetadataOf(body);
        var grace = GracePeriodOf(type, body, request.GracePeriodSeconds);
        var finalizers = FinalizersOf(type, body);
        if (request.Propagation == DeletionPropagation.Orphan) finalizers.Add("orphan");
        if (request.Propagation == DeletionPropagation.Foreground) finalizers.Add("foregroundDeletion");

        if (finalizers.Count == 0 && grace <= 0)
        {
            if (request.DryRun) return current;
            var last = Store.Delete(type, current.Key, current.ResourceVersion);
            ObjectDeleted?.Invoke(last);
            return last;
        }

        if (metadata["deletionTimestamp"] is not null && grace > 0) return current;
        var now = Clock.GetUtcNow();
        metadata["deletionTimestamp"] ??= KubernetesTime.Format(now.AddSeconds(Math.Max(grace, 0)));
        metadata["deletionGracePeriodSeconds"] = Math.Max(grace, 0);
        var metadataFinalizers = finalizers.Except(NamespaceFinalizersOf(type, body)).Distinct().ToList();
        if (metadataFinalizers.Count > 0) metadata["finalizers"] = new JsonArray([.. metadataFinalizers.Select(f => (JsonNode)JsonValue.Create(f))]);
        if (type == BuiltInResources.Namespaces && body["status"] is JsonObject nsStatus) nsStatus["phase"] = "Terminating";
        if (request.DryRun) return StoredObject.Freeze(type, body, current.ResourceVersion);
        return Store.Update(type, body, current.ResourceVersion);
    }

    /// <summary>Raised after an object is created; lets the fleet react to new custom resource definitions and the like.</summary>
    public event Action<StoredObject>? ObjectCreated;

    /// <summary>Raised after an update through the API (replace, patch, status) is stored.</summary>
    public event Action<StoredObject>? ObjectUpdated;

    /// <summary>Raised after an object is removed from the store.</summary>
    public event Action<StoredObject>? ObjectDeleted;

    private Seat? Admit(ApiCaller caller, string verb, ResourceType type, string? ns, string? subresource = null) =>
        FlowControl.Admit(RequestAttributes.ForResource(caller, verb, type.Group, type.Plural, subresource, type.Namespaced ? ns : null));

    private void ReconfigureFlowControl(StoredObject changed)
    {
        if (FlowController.Configures(changed.Type)) FlowControl.ConfigurationChanged();
    }

    private StoredObject Write(ApiCaller caller, ResourceType type, StoredObject current, JsonObject body, string? subresource,
        long? expectedResourceVersion, bool dryRun)
    {
        var existing = current.ToJsonObject();
        var merged = subresource switch
        {
            "status" when type.HasStatus => WithStatusFrom(existing, body),
            "finalize" when type == BuiltInResources.Namespaces => WithNamespaceFinalizersFrom(existing, body),
            null => WithServerFieldsFrom(type, existing, body),
            _ => throw ApiException.NotFound(type, $"{current.Name}/{subresource}"),
        };

        Admit(new AdmissionRequest(AdmissionOperation.Update, type, merged, current, caller, subresource));
        if (dryRun) return StoredObject.Freeze(type, merged, current.ResourceVersion);

        var metadata = MetadataOf(merged);
        var stillFinalized = FinalizersOf(type, merged).Count > 0;
        if (metadata["deletionTimestamp"] is not null && !stillFinalized && !IsAwaitingGracefulTermination(type, merged))
        {
            Store.Update(type, merged, expectedResourceVersion);
            var last = Store.Delete(type, current.Key);
            ObjectDeleted?.Invoke(last);
            return last;
        }

        var updated = Store.Update(type, merged, expectedResourceVersion);
        ObjectUpdated?.Invoke(updated);
        return updated;
    }

    /// <summary>The main resource never changes server-set metadata or status; a changed spec bumps the generation.</summary>
    private static JsonObject WithServerFieldsFrom(ResourceType type, JsonObject existing, JsonObject body)
    {
        var metadata = MetadataOf(body);
        var existingMetadata = MetadataOf(existing);
        foreach (var field in (string[])["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace"])
        {
            metadata[field] = existingMetadata[field]?.DeepClone();
            if (metadata[field] is null) metadata.Remove(field);
        }

        if (!type.HasStatus) return body;

        body["status"] = existing["status"]?.DeepClone();
        if (body["status"] is null) body.Remove("status");
        if (!TypedJson.Equal(WithoutMetadataAndStatus(existing), WithoutMetadataAndStatus(body)))
        {
            metadata["generation"] = ((long?)existingMetadata["generation"] ?? 0) + 1;
        }

        return body;
    }

    private static JsonObject WithStatusFrom(JsonObject existing, JsonObject body)
    {
        existing["status"] = body["status"]?.DeepClone();
        if (existing["status"] is null) existing.Remove("status");
        return existing;
    }

    private static JsonObject WithNamespaceFinalizersFrom(JsonObject existing, JsonObject body)
    {
        if (existing["spec"] is not JsonObject spec) existing["spec"] = spec = [];
        spec["finalizers"] = body["spec"]?["finalizers"]?.DeepClone() ?? new JsonArray();
        return existing;
    }

    /// <summary>Everything that holds an object back from removal: metadata finalizers, and a namespace's spec finalizers.</summary>
    private static List<string> FinalizersOf(ResourceType type, JsonObject body)
    {
        var finalizers = (MetadataOf(body)["finalizers"] as JsonArray)?.Select(f => (string?)f).OfType<string>().ToList() ?? [];
        finalizers.AddRange(NamespaceFinalizersOf(type, body));
        return finalizers;
    }

    private static IEnumerable<string> NamespaceFinalizersOf(ResourceType type, JsonObject body) =>
        type == BuiltInResources.Namespaces && body["spec"]?["finalizers"] is JsonArray specFinalizers
            ? specFinalizers.Select(f => (string?)f).OfType<string>()
            : [];

    private static JsonObject WithoutMetadataAndStatus(JsonObject obj)
    {
        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is not ("metadata" or "status" or "apiVersion" or "kind")) copy[key] = value?.DeepClone();
        }

        return copy;
    }

    private static bool IsAwaitingGracefulTermination(ResourceType type, JsonObject body) =>
        type == BuiltInResources.Pods && (long?)MetadataOf(body)["deletionGracePeriodSeconds"] > 0;

    private static long GracePeriodOf(ResourceType type, JsonObject body, long? asked)
    {
        if (type != BuiltInResources.Pods) return 0;
        var boundToNode = !string.IsNullOrEmpty((string?)body["spec"]?["nodeName"]);
        if (!boundToNode) return 0;
        return asked ?? (long?)body["spec"]?["terminationGracePeriodSeconds"] ?? 30;
    }

    private void Admit(AdmissionRequest request)
    {
        foreach (var plugin in _admission) plugin.Admit(request);
    }

    private void RequireWritableNamespace(string ns)
    {
        var found = Store.Get(BuiltInResources.Namespaces, new ObjectKey(null, ns)) ?? throw ApiException.NamespaceNotFound(ns);
        if (found.IsTerminating)
        {
            throw new ApiException(403, "Forbidden", $"unable to create new content in namespace {ns} because it is being terminated");
        }
    }

    private static string? ScopeOf(ResourceType type, string? ns) => type.Namespaced ? ns : null;

    private static string? ResolveNamespace(ResourceType type, string? urlNamespace, JsonObject metadata)
    {
        if (!type.Namespaced)
        {
            metadata.Remove("namespace");
            return null;
        }

        var bodyNamespace = (string?)metadata["namespace"];
        if (bodyNamespace is { Length: > 0 } && urlNamespace is not null && bodyNamespace != urlNamespace)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var ns = urlNamespace ?? bodyNamespace ?? "default";
        metadata["namespace"] = ns;
        return ns;
    }

    private static void CheckTypeOf(ResourceType type, JsonObject body)
    {
        var apiVersion = (string?)body["apiVersion"];
        var kind = (string?)body["kind"];
        if (apiVersion is not null && apiVersion != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        if (kind is not null && kind != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
    }

    private static JsonObject MetadataOf(JsonObject body)
    {
        if (body["metadata"] is JsonObject metadata) return metadata;
        metadata = [];
        body["metadata"] = metadata;
        return metadata;
    }

    private static long? ResourceVersionOf(JsonObject metadata)
    {
        var text = metadata["resourceVersion"]?.ToString();
        if (string.IsNullOrEmpty(text)) return null;
        return long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var rv)
            ? rv
            : throw ApiException.BadRequest($"invalid resourceVersion: {text}");
    }
}
