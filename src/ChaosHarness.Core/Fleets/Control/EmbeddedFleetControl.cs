using System.Net.Http.Json;
using System.Text.Json;

namespace ChaosHarness.Core.Fleets.Control;

/// <summary>
/// A client of the embedded fleet's control API (<c>controlUrl</c> in fleet.json): reads the fleet's physical state and
/// injects or reverts its failures — zone power loss, zone network partition, region loss, seeded defects, image
/// behaviours. Every change is idempotent and answers with the fleet's state after it. Refusals throw
/// <see cref="FleetControlException"/>.
/// </summary>
public sealed class EmbeddedFleetControl : IDisposable, IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    public EmbeddedFleetControl(Uri controlUrl, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(controlUrl);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient();
        BaseUrl = new Uri(controlUrl.ToString().TrimEnd('/') + "/");
    }

    public Uri BaseUrl { get; }

    public Task<FleetControlState> GetStateAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "state", null, cancellationToken);

    /// <summary>Cuts (true) or restores (false) the power of every machine in <paramref name="zone"/>.</summary>
    public Task<FleetControlState> SetZonePowerLossAsync(string zone, bool lost, CancellationToken cancellationToken = default) =>
        SendAsync(lost ? HttpMethod.Put : HttpMethod.Delete, $"zones/{Uri.EscapeDataString(zone)}/power-loss", null, cancellationToken);

    /// <summary>Cuts (true) or heals (false) the network between <paramref name="zone"/> and the rest of the fleet.</summary>
    public Task<FleetControlState> SetZonePartitionAsync(string zone, bool partitioned, CancellationToken cancellationToken = default) =>
        SendAsync(partitioned ? HttpMethod.Put : HttpMethod.Delete, $"zones/{Uri.EscapeDataString(zone)}/partition", null, cancellationToken);

    /// <summary>Loses (true) or restores (false) <paramref name="region"/>: its API servers hang, its workloads fail.</summary>
    public Task<FleetControlState> SetRegionOutageAsync(string region, bool lost, CancellationToken cancellationToken = default) =>
        SendAsync(lost ? HttpMethod.Put : HttpMethod.Delete, $"regions/{Uri.EscapeDataString(region)}/outage", null, cancellationToken);

    public Task<FleetControlState> SetDefectAsync(string defect, bool on, CancellationToken cancellationToken = default) =>
        SendAsync(on ? HttpMethod.Put : HttpMethod.Delete, $"defects/{Uri.EscapeDataString(defect)}", null, cancellationToken);

    /// <summary>Gives <paramref name="image"/> (<c>repository:tag</c>, or a bare repository) a behaviour.</summary>
    public Task<FleetControlState> SetImageBehaviourAsync(string image, ImageBehaviourChange change, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Put, $"images/{image}", change, cancellationToken);

    /// <summary>Removes the catalogue entry of <paramref name="image"/>: it behaves by its tag suffix, its repository, or healthy.</summary>
    public Task<FleetControlState> ResetImageAsync(string image, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, $"images/{image}", null, cancellationToken);

    private async Task<FleetControlState> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl, path));
        if (body is not null) request.Content = JsonContent.Create(body, options: FleetControlJson.Options);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new FleetControlException((int)response.StatusCode, ErrorOf(text) ?? $"{(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return JsonSerializer.Deserialize<FleetControlState>(text, FleetControlJson.Options)
               ?? throw new FleetControlException((int)response.StatusCode, "The control API answered with an empty state.");
    }

    private static string? ErrorOf(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("error", out var error) ? error.GetString() : null;
        }
        catch (JsonException)
        {
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
