using System.Text.Json;
using System.Text.Json.Nodes;
using ChaosHarness.Fleet.Api.Http.Tables;
using ChaosHarness.Fleet.Api.Patching;
using ChaosHarness.Fleet.FlowControl;
using ChaosHarness.Fleet.Hosting;
using ChaosHarness.Fleet.Physics;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using Microsoft.AspNetCore.Http;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// Turns each HTTP request into a call on the cluster's <see cref="ClusterApi"/> and its answer into the response a real
/// API server gives: public endpoints, authentication, API Priority and Fairness, discovery and OpenAPI, then resource
/// requests by verb. Every failure leaves as a <c>Status</c> body with its code, except flow control's plain-text 429.
/// While the cluster's region is dark, requests hang unanswered until it is back or the client gives up.
/// </summary>
internal sealed class ApiRequestHandler
{
    private const string DryRunAll = "All";

    private static readonly byte[] HealthyBody = "ok"u8.ToArray();

    private static readonly ApiException NotFoundPath = new(404, "NotFound", "the server could not find the requested resource");

    private readonly SimulatedCluster _cluster;
    private readonly DiscoveryDocuments _discovery;
    private readonly OpenApiDocuments _openApi;
    private readonly CancellationToken _serverStopping;

    public ApiRequestHandler(SimulatedCluster cluster, CancellationToken serverStopping)
    {
        _cluster = cluster;
        _discovery = new DiscoveryDocuments(cluster.Catalog);
        _openApi = new OpenApiDocuments(cluster.Catalog);
        _serverStopping = serverStopping;
    }

    private ClusterApi Api => _cluster.Api;

    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        try
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _serverStopping))
            {
                await _cluster.Infrastructure.WaitUntilReachableAsync(_cluster.Region, stop.Token).ConfigureAwait(false);
            }

            await DispatchAsync(http, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || _serverStopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            http.Response.Clear();
            await JsonResponses.WriteStatusAsync(http.Response, AsApiException(e), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A stream already under way cannot carry a Status any more: cut it, so the client sees it end early.
            http.Abort();
        }
    }

    private static ApiException AsApiException(Exception error) => error switch
    {
        ApiException api => api,
        JsonException json => ApiException.BadRequest($"the body of the request could not be decoded: {json.Message}"),
        InvalidOperationException or FormatException => ApiException.BadRequest($"the request could not be understood: {error.Message}"),
        _ => ApiException.InternalError($"an error on the server (\"{error.GetType().Name}: {error.Message}\") has prevented the request from succeeding"),
    };

    private async Task DispatchAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var path = http.Request.Path.Value ?? "/";
        var response = http.Response;

        // Reachable without credentials, as system:public-info-viewer makes them on a real cluster.
        var isPublic = path is "/version" or "/version/" or "/healthz" or "/livez" or "/readyz";
        var caller = isPublic
            ? BearerAuthenticator.TryAuthenticate(http.Request, _cluster.Tokens) ?? ApiCaller.Anonymous
            : BearerAuthenticator.Authenticate(http.Request, _cluster.Tokens);
        var resourcePath = ResourcePath.Parse(path);
        using var seat = await AdmitAsync(http, AttributesOf(http.Request, caller, path, resourcePath), cancellationToken).ConfigureAwait(false);
        if (seat is null) return;
        FlowController.Enter(seat);

        switch (path)
        {
            case "/version" or "/version/":
                await JsonResponses.WriteNodeAsync(response, 200, ServerVersion.Document(), cancellationToken).ConfigureAwait(false);
                return;
            case "/healthz" or "/livez" or "/readyz":
                response.ContentType = "text/plain; charset=utf-8";
                await response.Body.WriteAsync(HealthyBody, cancellationToken).ConfigureAwait(false);
                return;
        }

        if (OpenApiDocuments.Serves(path))
        {
            RequireRead(http);
            var document = _openApi.Find(path) ?? throw NotFoundPath;
            await JsonResponses.WriteRawAsync(response, 200, document, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (resourcePath is not null)
        {
            await HandleResourceAsync(http, caller, resourcePath, seat, cancellationToken).ConfigureAwait(false);
            return;
        }

        RequireRead(http);
        var discovery = _discovery.Find(path) ?? throw NotFoundPath;
        await JsonResponses.WriteRawAsync(response, 200, discovery, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Classifies the request (the classification's headers go on whatever response it ends with) and admits it to a
    /// seat of its priority level, waiting its turn when it was queued. Null when refused: the 429 is already written.
    /// </summary>
    private async Task<Seat?> AdmitAsync(HttpContext http, RequestAttributes attributes, CancellationToken cancellationToken)
    {
        var flowControl = Api.FlowControl;
        var classification = flowControl.Classify(attributes);
        FlowControlResponses.AddHeadersWhenStarting(http.Response, classification);
        var seat = flowControl.TryAdmit(classification, attributes, out var retryAfterSeconds);
        if (seat is null)
        {
            await FlowControlResponses.WriteTooManyRequestsAsync(http.Response, retryAfterSeconds, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var wait = seat.StartsAt - Api.Clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(wait, Api.Clock, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                seat.Dispose();
                throw;
            }
        }

        return seat;
    }

    private static RequestAttributes AttributesOf(HttpRequest request, ApiCaller caller, string path, ResourcePath? resourcePath)
    {
        if (resourcePath is null) return RequestAttributes.ForNonResource(caller, request.Method, path);
        var verb = ApiRequest.VerbOf(request.Method, resourcePath, ListQuery.IsTrue(request.Query, "watch"));
        return RequestAttributes.ForResource(caller, ApiRequest.KubernetesVerb(verb), resourcePath.Group, resourcePath.Plural,
            resourcePath.Subresource, resourcePath.Namespace);
    }

    private static void RequireRead(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }
    }

    private async Task HandleResourceAsync(HttpContext http, ApiCaller caller, ResourcePath path, Seat seat, CancellationToken cancellationToken)
    {
        var type = Api.Catalog.Find(path.Group, path.Version, path.Plural) ?? throw NotFoundPath;
        if (path.Namespace is not null && !type.Namespaced) throw NotFoundPath;
        if (!path.IsCollection && type.Namespaced && path.Namespace is null) throw NotFoundPath;

        var query = http.Request.Query;
        var request = new ApiRequest(caller, ApiRequest.VerbOf(http.Request.Method, path, ListQuery.IsTrue(query, "watch")), type, path);
        var dryRun = query["dryRun"].ToString() == DryRunAll;
        var format = ResponseFormat.Of(http.Request);

        switch (request.Verb)
        {
            case ApiVerb.Get:
                await GetAsync(http, request, format, cancellationToken).ConfigureAwait(false);
                break;
            case ApiVerb.List:
                await ListAsync(http, request, format, cancellationToken).ConfigureAwait(false);
                break;
            case ApiVerb.Watch:
                // Flow control counts a watch while it is set up, never once it is open.
                seat.Release();
                await WatchAsync(http, request, format).ConfigureAwait(false);
                break;
            case ApiVerb.Create:
                await CreateAsync(http, request, dryRun, cancellationToken).ConfigureAwait(false);
                break;
            case ApiVerb.Update:
                await UpdateAsync(http, request, dryRun, cancellationToken).ConfigureAwait(false);
                break;
            case ApiVerb.Patch:
                await PatchAsync(http, request, dryRun, cancellationToken).ConfigureAwait(false);
                break;
            case ApiVerb.Delete:
                await DeleteAsync(http, request, dryRun, cancellationToken).ConfigureAwait(false);
                break;
            case ApiVerb.DeleteCollection:
                await DeleteCollectionAsync(http, request, dryRun, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task GetAsync(HttpContext http, ApiRequest request, ResponseFormat format, CancellationToken cancellationToken)
    {
        switch (request.Path.Subresource)
        {
            case null:
                await WriteObjectAsync(http.Response, 200, Api.Get(request.Type, request.Namespace, request.Name), format, cancellationToken).ConfigureAwait(false);
                break;
            case "status" when request.Type.HasStatus:
                await WriteObjectAsync(http.Response, 200, Api.Get(request.Type, request.Namespace, request.Name), format, cancellationToken).ConfigureAwait(false);
                break;
            case "scale":
                await JsonResponses.WriteNodeAsync(http.Response, 200, ScaleSubresource.Get(Api, request.Type, request.Namespace, request.Name), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw MethodNotAllowedOn(request);
        }
    }

    private async Task ListAsync(HttpContext http, ApiRequest request, ResponseFormat format, CancellationToken cancellationToken)
    {
        var query = ListQuery.Parse(request.Type, http.Request.Query);
        var page = Api.List(request.Type, query.ToListRequest(request.Namespace));
        var continueToken = page.LastKey is { } last ? ContinueTokens.Encode(last, page.ResourceVersion) : null;
        var response = http.Response;
        response.StatusCode = 200;
        response.ContentType = JsonResponses.JsonContentType;
        await using var writer = JsonResponses.WriterFor(response);

        if (format.IsTable)
        {
            var now = Api.Clock.GetUtcNow();
            TableWriter.WriteStart(writer, request.Type, format.TableApiVersion!, page.ResourceVersion, continueToken, page.RemainingItemCount);
            foreach (var item in page.Items)
            {
                TableWriter.WriteRow(writer, item, format.TableApiVersion!, format.IncludeObject, now);
                await JsonResponses.FlushIfLargeAsync(writer, response, cancellationToken).ConfigureAwait(false);
            }

            TableWriter.WriteEnd(writer);
        }
        else
        {
            writer.WriteStartObject();
            writer.WriteString("kind", request.Type.ListKind);
            writer.WriteString("apiVersion", request.Type.ApiVersion);
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", page.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (continueToken is not null) writer.WriteString("continue", continueToken);
            if (page.RemainingItemCount > 0) writer.WriteNumber("remainingItemCount", page.RemainingItemCount);
            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var item in page.Items)
            {
                writer.WriteRawValue(item.Json.Span, skipInputValidation: true);
                await JsonResponses.FlushIfLargeAsync(writer, response, cancellationToken).ConfigureAwait(false);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await JsonResponses.FlushAsync(writer, response, cancellationToken).ConfigureAwait(false);
    }

    private Task WatchAsync(HttpContext http, ApiRequest request, ResponseFormat format)
    {
        var query = ListQuery.Parse(request.Type, http.Request.Query);
        if (request.Path.Name is { } name)
        {
            var outer = query.Filter;
            query = query with { Filter = obj => obj.Name == name && (outer is null || outer(obj)) };
        }

        return WatchStream.ServeAsync(Api, http, request.Type, request.Namespace, query, format,
            stop => _cluster.Infrastructure.WaitUntilReachableAsync(_cluster.Region, stop), _serverStopping);
    }

    private async Task CreateAsync(HttpContext http, ApiRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(http.Request, cancellationToken).ConfigureAwait(false);
        switch (request.Path.Subresource)
        {
            case null when request.Path.IsCollection:
                var created = Api.Create(request.Caller, request.Type, request.Namespace, body, dryRun);
                await WriteObjectAsync(http.Response, 201, created, ResponseFormat.Json, cancellationToken).ConfigureAwait(false);
                break;
            case "eviction" when request.Type == BuiltInResources.Pods:
                var outcome = _cluster.Eviction.Evict(request.Caller, request.Namespace!, request.Name, body, dryRun);
                await JsonResponses.WriteNodeAsync(http.Response, (int?)outcome["code"] ?? 201, outcome, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw MethodNotAllowedOn(request);
        }
    }

    private async Task UpdateAsync(HttpContext http, ApiRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadObjectAsync(http.Request, cancellationToken).ConfigureAwait(false);
        switch (request.Path.Subresource)
        {
            case "scale":
                var scale = ScaleSubresource.Update(Api, request.Caller, request.Type, request.Namespace, request.Name, body, dryRun);
                await JsonResponses.WriteNodeAsync(http.Response, 200, scale, cancellationToken).ConfigureAwait(false);
                break;
            case null:
            case "status" when request.Type.HasStatus:
            case "finalize" when request.Type == BuiltInResources.Namespaces:
                var replaced = Api.Replace(request.Caller, request.Type, request.Namespace, request.Name, body, request.Path.Subresource, dryRun);
                await WriteObjectAsync(http.Response, 200, replaced, ResponseFormat.Json, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw MethodNotAllowedOn(request);
        }
    }

    private async Task PatchAsync(HttpContext http, ApiRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        var patchType = RequestBody.PatchTypeOf(http.Request);
        if (patchType == PatchType.Apply)
        {
            // Refused before the object is looked up, as a server without server-side apply refuses it even for a new object.
            throw ApiException.UnsupportedMediaType(PatchContentTypes.ApplyPatch);
        }

        var patch = await RequestBody.ReadAsync(http.Request, cancellationToken).ConfigureAwait(false);
        switch (request.Path.Subresource)
        {
            case "scale":
                var scale = ScaleSubresource.Patch(Api, request.Caller, request.Type, request.Namespace, request.Name, patchType, patch, dryRun);
                await JsonResponses.WriteNodeAsync(http.Response, 200, scale, cancellationToken).ConfigureAwait(false);
                break;
            case null:
            case "status" when request.Type.HasStatus:
                var patched = Api.Patch(request.Caller, request.Type, request.Namespace, request.Name, patchType, patch, request.Path.Subresource, dryRun);
                await WriteObjectAsync(http.Response, 200, patched, ResponseFormat.Json, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw MethodNotAllowedOn(request);
        }
    }

    private async Task DeleteAsync(HttpContext http, ApiRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        if (request.Path.Subresource is not null) throw MethodNotAllowedOn(request);
        var options = await DeleteOptionsOf(http.Request, dryRun, cancellationToken).ConfigureAwait(false);
        var last = Api.Delete(request.Caller, request.Type, request.Namespace, request.Name, options);
        var stillThere = Api.Store.Get(request.Type, last.Key) is not null;
        if (stillThere || request.Type == BuiltInResources.Pods)
        {
            await WriteObjectAsync(http.Response, 200, last, ResponseFormat.Json, cancellationToken).ConfigureAwait(false);
            return;
        }

        var details = new JsonObject { ["name"] = last.Name };
        if (request.Type.Group.Length > 0) details["group"] = request.Type.Group;
        details["kind"] = request.Type.Plural;
        details["uid"] = last.Uid;
        await JsonResponses.WriteNodeAsync(http.Response, 200, JsonResponses.SuccessStatus(details), cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteCollectionAsync(HttpContext http, ApiRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        if (request.Path.Subresource is not null) throw MethodNotAllowedOn(request);
        var options = await DeleteOptionsOf(http.Request, dryRun, cancellationToken).ConfigureAwait(false);
        var query = ListQuery.Parse(request.Type, http.Request.Query);
        var page = Api.List(request.Type, query.ToListRequest(request.Namespace) with { Limit = null, After = null });
        var deleted = new List<StoredObject>();
        foreach (var item in page.Items)
        {
            try
            {
                deleted.Add(Api.Delete(request.Caller, request.Type, item.Namespace, item.Name, options));
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Gone meanwhile: what the caller wanted.
            }
        }

        var response = http.Response;
        response.StatusCode = 200;
        response.ContentType = JsonResponses.JsonContentType;
        await using var writer = JsonResponses.WriterFor(response);
        writer.WriteStartObject();
        writer.WriteString("kind", request.Type.ListKind);
        writer.WriteString("apiVersion", request.Type.ApiVersion);
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", Api.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteStartArray("items");
        foreach (var item in deleted) writer.WriteRawValue(item.Json.Span, skipInputValidation: true);
        writer.WriteEndArray();
        writer.WriteEndObject();
        await JsonResponses.FlushAsync(writer, response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DeleteRequest> DeleteOptionsOf(HttpRequest request, bool dryRun, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadOptionalObjectAsync(request, cancellationToken).ConfigureAwait(false);
        var options = DeleteRequest.FromOptions(body);
        var query = request.Query;
        if (query["propagationPolicy"].ToString() is { Length: > 0 } policy) options = options with { Propagation = DeleteRequest.ParsePropagation(policy) };
        if (query["orphanDependents"].ToString() == "true") options = options with { Propagation = DeletionPropagation.Orphan };
        if (query["gracePeriodSeconds"].ToString() is { Length: > 0 } grace)
        {
            options = options with
            {
                GracePeriodSeconds = long.TryParse(grace, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                    ? seconds
                    : throw ApiException.BadRequest($"invalid value for gracePeriodSeconds: \"{grace}\""),
            };
        }

        return dryRun ? options with { DryRun = true } : options;
    }

    private Task WriteObjectAsync(HttpResponse response, int statusCode, StoredObject obj, ResponseFormat format, CancellationToken cancellationToken)
    {
        if (!format.IsTable) return JsonResponses.WriteRawAsync(response, statusCode, obj.Json, cancellationToken);

        response.StatusCode = statusCode;
        response.ContentType = JsonResponses.JsonContentType;
        return WriteTableAsync(response, obj, format, cancellationToken);
    }

    private async Task WriteTableAsync(HttpResponse response, StoredObject obj, ResponseFormat format, CancellationToken cancellationToken)
    {
        await using var writer = JsonResponses.WriterFor(response);
        TableWriter.WriteSingle(writer, obj, format, Api.Clock.GetUtcNow());
        await JsonResponses.FlushAsync(writer, response, cancellationToken).ConfigureAwait(false);
    }

    private static ApiException MethodNotAllowedOn(ApiRequest request) =>
        request.Path.Subresource is { } sub && !IsServed(request.Type, sub)
            ? NotFoundPath
            : ApiException.MethodNotSupported(request.Type, request.Verb.ToString().ToLowerInvariant());

    private static bool IsServed(ResourceType type, string subresource) =>
        subresource switch
        {
            "status" => type.HasStatus,
            "scale" => type.HasScale,
            "finalize" => type == BuiltInResources.Namespaces,
            _ => type.ExtraSubresources.Any(s => s.Name == subresource),
        };
}
