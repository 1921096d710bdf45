using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ChaosHarness.Core.Observation;

namespace ChaosHarness.Core.Tests.Support;

/// <summary>
/// An in-process Kubernetes API for unit tests: answers requests itself (no socket) with an object store,
/// resource versions, merge patches with resourceVersion preconditions, lists and streaming watches.
/// Tests can drop open watches, expire resource versions, and intercept any request.
/// </summary>
internal sealed class FakeKubernetesApi : DelegatingHandler
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<(long Rv, string Type, string Collection, JsonObject Object)> _history = [];
    private readonly List<(string Collection, string? Namespace, Pipe Pipe)> _watches = [];
    private readonly HashSet<string> _served = new(StringComparer.Ordinal) { "/api/v1/nodes", "/api/v1/pods", "/api/v1/configmaps", "/api/v1/namespaces", "/apis/apps/v1/deployments", "/apis/apps/v1/replicasets", "/apis/coordination.k8s.io/v1/leases" };
    private long _rv = 100;
    private long _expiredBefore;

    public List<HttpRequestMessage> Requests { get; } = [];

    /// <summary>Answers a request before the store does (return null to let it through).</summary>
    public Func<HttpRequestMessage, HttpResponseMessage?>? Intercept { get; set; }

    public int OpenWatches
    {
        get
        {
            lock (_gate)
            {
                return _watches.Count;
            }
        }
    }

    public long ResourceVersion => Interlocked.Read(ref _rv);

    public void Serve(ResourceKind kind) => _served.Add(Collection(kind));

    public JsonObject Put(ResourceKind kind, JsonObject body)
    {
        lock (_gate)
        {
            var ns = body.Str("metadata.namespace");
            var key = Key(Collection(kind), ns, body.Str("metadata.name")!);
            var type = _objects.ContainsKey(key) ? "MODIFIED" : "ADDED";
            body["kind"] ??= kind.Kind;
            body["apiVersion"] ??= kind.ApiVersion;
            return Store(Collection(kind), key, body, type);
        }
    }

    public JsonObject? Get(ResourceKind kind, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(Key(Collection(kind), ns, name), out var o) ? (JsonObject)o.DeepClone() : null;
        }
    }

    public IReadOnlyList<JsonObject> All(ResourceKind kind)
    {
        lock (_gate)
        {
            var c = Collection(kind);
            return _objects.Where(p => p.Key.StartsWith(c + "|", StringComparison.Ordinal)).Select(p => (JsonObject)p.Value.DeepClone()).ToList();
        }
    }

    /// <summary>Closes every open watch stream, as a proxy or a restarting API server would.</summary>
    public void DropWatches()
    {
        lock (_gate)
        {
            foreach (var w in _watches)
            {
                w.Pipe.Writer.Complete();
            }

            _watches.Clear();
        }
    }

    /// <summary>Forgets the history: a watch from an older version gets 410 Expired; open watches get an ERROR 410 and close.</summary>
    public void ExpireHistory()
    {
        lock (_gate)
        {
            _expiredBefore = _rv;
            foreach (var w in _watches)
            {
                Write(w.Pipe, "ERROR", new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = "Expired", ["code"] = 410, ["message"] = $"too old resource version" });
                w.Pipe.Writer.Complete();
            }

            _watches.Clear();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Requests.Add(request);
        }

        var intercepted = Intercept?.Invoke(request);
        if (intercepted is not null)
        {
            intercepted.RequestMessage = request;
            return intercepted;
        }

        var text = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var parsed = text is null ? null : JsonNode.Parse(text);
        HttpResponseMessage response;
        if (parsed is JsonArray operations)
        {
            lock (_gate)
            {
                response = JsonPatch(request, operations);
            }
        }
        else
        {
            response = Handle(request, parsed as JsonObject);
        }

        response.RequestMessage = request;
        return response;
    }

    private HttpResponseMessage Handle(HttpRequestMessage request, JsonObject? body)
    {
        var path = request.RequestUri!.AbsolutePath.TrimEnd('/');
        var query = System.Web.HttpUtility.ParseQueryString(request.RequestUri.Query);
        var (collection, ns, name) = Parse(path);
        if (collection is null || !_served.Contains(collection))
        {
            return Status(HttpStatusCode.NotFound, "NotFound", $"the server could not find the requested resource ({path})");
        }

        lock (_gate)
        {
            if (request.Method == HttpMethod.Get && name is null && query["watch"] == "true")
            {
                return Watch(collection, ns, long.TryParse(query["resourceVersion"], out var from) ? from : 0);
            }

            if (request.Method == HttpMethod.Get && name is null)
            {
                var selector = query["labelSelector"];
                var items = new JsonArray();
                foreach (var (_, o) in _objects.Where(p => p.Key.StartsWith(collection + "|", StringComparison.Ordinal)).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if ((ns is null || o.Str("metadata.namespace") == ns) && Matches(o, selector))
                    {
                        items.Add(o.DeepClone());
                    }
                }

                return Json(HttpStatusCode.OK, new JsonObject { ["kind"] = "List", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = _rv.ToString() }, ["items"] = items });
            }

            var key = name is null ? null : Key(collection, ns, name);
            if (request.Method == HttpMethod.Get)
            {
                return _objects.TryGetValue(key!, out var o) ? Json(HttpStatusCode.OK, o) : Status(HttpStatusCode.NotFound, "NotFound", $"\"{name}\" not found");
            }

            if (request.Method == HttpMethod.Post)
            {
                var newKey = Key(collection, ns ?? body!.Str("metadata.namespace"), body!.Str("metadata.name")!);
                if (_objects.ContainsKey(newKey))
                {
                    return Status(HttpStatusCode.Conflict, "AlreadyExists", "already exists");
                }

                return Json(HttpStatusCode.Created, Store(collection, newKey, body!, "ADDED"));
            }

            if (!_objects.TryGetValue(key!, out var existing))
            {
                return Status(HttpStatusCode.NotFound, "NotFound", $"\"{name}\" not found");
            }

            if (request.Method == HttpMethod.Delete)
            {
                _objects.Remove(key!);
                var rv = ++_rv;
                var gone = (JsonObject)existing.DeepClone();
                gone["metadata"]!["resourceVersion"] = rv.ToString();
                _history.Add((rv, "DELETED", collection, gone));
                foreach (var w in _watches.Where(w => w.Collection == collection))
                {
                    Write(w.Pipe, "DELETED", gone);
                }

                return Json(HttpStatusCode.OK, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Success" });
            }

            var precondition = body!.Str("metadata.resourceVersion");
            if (precondition is not null && precondition != existing.Str("metadata.resourceVersion"))
            {
                return Status(HttpStatusCode.Conflict, "Conflict", "the object has been modified; please apply your changes to the latest version and try again");
            }

            if (request.Method == HttpMethod.Put)
            {
                return Json(HttpStatusCode.OK, Store(collection, key!, body!, "MODIFIED"));
            }

            if (request.Method == HttpMethod.Patch)
            {
                var patched = (JsonObject)MergePatch(existing.DeepClone(), body)!;
                return Json(HttpStatusCode.OK, Store(collection, key!, patched, "MODIFIED"));
            }

            return Status(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", request.Method.Method);
        }
    }

    private HttpResponseMessage JsonPatch(HttpRequestMessage request, JsonArray operations)
    {
        var (collection, ns, name) = Parse(request.RequestUri!.AbsolutePath.TrimEnd('/'));
        if (collection is null || name is null || !_objects.TryGetValue(Key(collection, ns, name), out var existing))
        {
            return Status(HttpStatusCode.NotFound, "NotFound", $"\"{name}\" not found");
        }

        var patched = (JsonObject)existing.DeepClone();
        foreach (var op in operations.OfType<JsonObject>())
        {
            var path = op.Str("path")!.TrimStart('/').Split('/');
            JsonNode parent = patched;
            foreach (var part in path[..^1])
            {
                parent = parent is JsonArray array ? array[int.Parse(part)]! : parent[part]!;
            }

            var last = path[^1];
            switch (op.Str("op"))
            {
                case "test" when parent[last]?.ToJsonString() != op["value"]?.ToJsonString():
                    return Status(HttpStatusCode.UnprocessableEntity, "Invalid", $"test operation failed at {op.Str("path")}");
                case "test":
                    break;
                case "replace" or "add" when parent is JsonArray array:
                    array[int.Parse(last)] = op["value"]?.DeepClone();
                    break;
                case "replace" or "add":
                    parent[last] = op["value"]?.DeepClone();
                    break;
                case "remove":
                    ((JsonObject)parent).Remove(last);
                    break;
            }
        }

        return Json(HttpStatusCode.OK, Store(collection, Key(collection, ns, name), patched, "MODIFIED"));
    }

    private HttpResponseMessage Watch(string collection, string? ns, long from)
    {
        if (from != 0 && from < _expiredBefore)
        {
            var expired = new Pipe();
            Write(expired, "ERROR", new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["reason"] = "Expired", ["code"] = 410, ["message"] = $"too old resource version: {from} ({_expiredBefore})" });
            expired.Writer.Complete();
            return Stream(expired);
        }

        var pipe = new Pipe();
        foreach (var e in _history.Where(h => h.Rv > from && h.Collection == collection && (ns is null || h.Object.Str("metadata.namespace") == ns)))
        {
            Write(pipe, e.Type, e.Object);
        }

        _watches.Add((collection, ns, pipe));
        return Stream(pipe);
    }

    private JsonObject Store(string collection, string key, JsonObject body, string type)
    {
        var rv = ++_rv;
        var meta = body["metadata"] as JsonObject ?? [];
        body["metadata"] = meta;
        meta["resourceVersion"] = rv.ToString();
        meta["uid"] ??= Guid.NewGuid().ToString();
        _objects[key] = body;
        var copy = (JsonObject)body.DeepClone();
        _history.Add((rv, type, collection, copy));
        foreach (var w in _watches.Where(w => w.Collection == collection && (w.Namespace is null || copy.Str("metadata.namespace") == w.Namespace)))
        {
            Write(w.Pipe, type, copy);
        }

        return (JsonObject)body.DeepClone();
    }

    private static void Write(Pipe pipe, string type, JsonObject obj)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";
        pipe.Writer.Write(Encoding.UTF8.GetBytes(line));
        _ = pipe.Writer.FlushAsync().AsTask();
    }

    private static HttpResponseMessage Stream(Pipe pipe)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(pipe.Reader.AsStream()) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return response;
    }

    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target as JsonObject ?? [];
        foreach (var (k, v) in patchObject)
        {
            if (v is null)
            {
                result.Remove(k);
            }
            else
            {
                var merged = MergePatch(result[k]?.DeepClone(), v);
                result[k] = merged;
            }
        }

        return result;
    }

    private static bool Matches(JsonObject o, string? selector)
    {
        if (string.IsNullOrEmpty(selector))
        {
            return true;
        }

        return selector.Split(',').All(term =>
        {
            var parts = term.Split('=');
            return (o.At("metadata.labels") as JsonObject)?[parts[0]]?.GetValue<string>() == parts[1];
        });
    }

    private static (string? Collection, string? Namespace, string? Name) Parse(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        int root;
        if (parts.Length >= 2 && parts[0] == "api")
        {
            root = 2;
        }
        else if (parts.Length >= 3 && parts[0] == "apis")
        {
            root = 3;
        }
        else
        {
            return (null, null, null);
        }

        var prefix = "/" + string.Join('/', parts[..root]);
        var rest = parts[root..];
        if (rest.Length >= 3 && rest[0] == "namespaces" && rest[2] is not "finalize" and not "status")
        {
            return ($"{prefix}/{rest[2]}", rest[1], rest.Length > 3 ? Uri.UnescapeDataString(rest[3]) : null);
        }

        return rest.Length switch
        {
            1 => ($"{prefix}/{rest[0]}", null, null),
            2 => ($"{prefix}/{rest[0]}", null, Uri.UnescapeDataString(rest[1])),
            _ => (null, null, null),
        };
    }

    private static string Collection(ResourceKind kind) => kind.CollectionPath();

    private static string Key(string collection, string? ns, string name) => $"{collection}|{ns}|{name}";

    private static HttpResponseMessage Json(HttpStatusCode code, JsonNode body)
        => new(code) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Status(HttpStatusCode code, string reason, string message)
        => Json(code, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Failure", ["reason"] = reason, ["message"] = message, ["code"] = (int)code });

    public static JsonObject Node(string name, string zone, bool unschedulable = false, params JsonObject[] taints)
        => new()
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["topology.kubernetes.io/zone"] = zone } },
            ["spec"] = new JsonObject { ["unschedulable"] = unschedulable ? true : null, ["taints"] = taints.Length == 0 ? null : new JsonArray([.. taints.Select(t => (JsonNode)t.DeepClone())]) },
            ["status"] = new JsonObject { ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }) },
        };
}
