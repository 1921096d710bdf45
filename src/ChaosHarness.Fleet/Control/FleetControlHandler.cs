using System.Text.Json;
using ChaosHarness.Core.Fleets.Control;
using ChaosHarness.Fleet.Physics;
using Microsoft.AspNetCore.Http;

namespace ChaosHarness.Fleet.Control;

/// <summary>
/// The routes of the fleet's control API. Faults are sub-resources: <c>PUT</c> injects, <c>DELETE</c> reverts, both
/// idempotent, both answer 200 with the fleet's state (<see cref="FleetControlState"/>). Errors are
/// <c>{"error": "…"}</c>: 400 for bad input, 404 for unknown routes, zones, regions and defects (naming the known ones),
/// 405 with <c>Allow</c> for a wrong method.
/// <code>
/// GET          /state
/// PUT|DELETE   /zones/{zone}/power-loss
/// PUT|DELETE   /zones/{zone}/partition
/// PUT|DELETE   /regions/{region}/outage
/// PUT|DELETE   /defects/{name}
/// PUT|DELETE   /images/{repository[:tag]}      PUT body: {"behaviour": "errors", "errorPercent": 40, …}
/// </code>
/// </summary>
internal sealed class FleetControlHandler
{
    private const int MaxBodyBytes = 64 * 1024;
    private const string Routes = "GET /state; PUT|DELETE /zones/{zone}/power-loss, /zones/{zone}/partition, /regions/{region}/outage, /defects/{name}, /images/{image}";

    private readonly FleetPhysics _physics;

    public FleetControlHandler(FleetPhysics physics) => _physics = physics;

    public async Task HandleAsync(HttpContext http)
    {
        var cancellationToken = http.RequestAborted;
        try
        {
            await DispatchAsync(http, cancellationToken).ConfigureAwait(false);
            await WriteAsync(http.Response, 200, _physics.Describe(), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (ErrorOf(e) is var (status, message))
        {
            if (e is ControlRequestException { Allow: { } allow }) http.Response.Headers.Allow = allow;
            await WriteAsync(http.Response, status, new { error = message }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var method = http.Request.Method;
        var segments = (http.Request.Path.Value ?? "/").Trim('/').Split('/');
        switch (segments)
        {
            case ["state"]:
                RequireMethod(method, HttpMethods.Get);
                break;
            case ["zones", var zone, "power-loss"]:
                _physics.SetZonePower(zone, on: !IsInjection(method));
                break;
            case ["zones", var zone, "partition"]:
                _physics.SetZonePartitioned(zone, IsInjection(method));
                break;
            case ["regions", var region, "outage"]:
                _physics.SetRegionDark(region, IsInjection(method));
                break;
            case ["defects", var defect]:
                _physics.SetDefect(defect, IsInjection(method));
                break;
            case ["images", .. var parts] when parts.Length > 0 && parts.All(p => p.Length > 0):
                var image = string.Join('/', parts);
                if (IsInjection(method)) _physics.SetImageBehaviour(image, await ReadChangeAsync(http.Request, cancellationToken).ConfigureAwait(false));
                else _physics.ResetImage(image);
                break;
            default:
                throw new ControlRequestException(404, $"no such route: {method} {http.Request.Path}; routes: {Routes}");
        }
    }

    /// <summary>PUT injects (or sets), DELETE reverts; anything else is refused.</summary>
    private static bool IsInjection(string method)
    {
        RequireMethod(method, HttpMethods.Put, HttpMethods.Delete);
        return HttpMethods.IsPut(method);
    }

    private static void RequireMethod(string method, params string[] allowed)
    {
        if (!allowed.Any(a => string.Equals(a, method, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ControlRequestException(405, $"method {method} not allowed here; use {string.Join(" or ", allowed)}", string.Join(", ", allowed));
        }
    }

    private static async Task<ImageBehaviourChange> ReadChangeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) throw new ControlRequestException(400, $"the body is larger than {MaxBodyBytes} bytes");
        ImageBehaviourChange? change;
        try
        {
            change = await JsonSerializer.DeserializeAsync<ImageBehaviourChange>(request.Body, FleetControlJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ControlRequestException(400, $"the body is not an image behaviour ({{\"behaviour\": \"errors\", \"errorPercent\": 40}}): {e.Message}");
        }

        return change is { Behaviour.Length: > 0 }
            ? change
            : throw new ControlRequestException(400, "the body needs a behaviour: healthy, crashloop, unready, errors, slowstart or noreconcile");
    }

    private static (int Status, string Message)? ErrorOf(Exception error) => error switch
    {
        ControlRequestException request => (request.StatusCode, request.Message),
        UnknownTargetException unknown => (404, unknown.Message),
        FormatException format => (400, format.Message),
        _ => null,
    };

    private static async Task WriteAsync<T>(HttpResponse response, int status, T body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(response.Body, body, FleetControlJson.Options, cancellationToken).ConfigureAwait(false);
    }
}
