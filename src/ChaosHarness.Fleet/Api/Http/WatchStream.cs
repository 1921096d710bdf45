using System.Buffers;
using System.Globalization;
using System.Text.Json;
using ChaosHarness.Fleet.Api.Http.Tables;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using Microsoft.AspNetCore.Http;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>
/// Serves one watch: HTTP 200, then newline-delimited <c>{"type","object"}</c> events, flushed as they come, until the
/// timeout (wall time: clients time their watches on their own wall clock), the client leaves or the server stops.
/// A resource version too old to resume from becomes one ERROR event carrying a 410 Expired Status, as the real server
/// sends it. While the API server does not answer (its region is dark) the stream stalls: no events, no bookmarks, until
/// it answers again.
/// </summary>
internal sealed class WatchStream
{
    /// <summary>Without <c>timeoutSeconds</c>, a watch ends after this long, as the real server's minimum request timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    /// <summary>How often an idle watch that allows bookmarks receives one.</summary>
    public static readonly TimeSpan BookmarkInterval = TimeSpan.FromSeconds(10);

    private const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    private static readonly byte[] Newline = "\n"u8.ToArray();

    private readonly ClusterApi _api;
    private readonly HttpResponse _response;
    private readonly ResourceType _type;
    private readonly ResponseFormat _format;
    private readonly Utf8JsonWriter _writer;
    private readonly Func<CancellationToken, Task> _untilAnswering;
    private long _lastResourceVersion;
    private WatchSubscription? _subscription;

    private WatchStream(ClusterApi api, HttpResponse response, ResourceType type, ResponseFormat format, Func<CancellationToken, Task> untilAnswering)
    {
        _untilAnswering = untilAnswering;
        _api = api;
        _response = response;
        _type = type;
        _format = format;
        _writer = JsonResponses.WriterFor(response);
    }

    /// <param name="untilAnswering">Completes once the API server answers; the stream waits on it before writing anything.</param>
    public static async Task ServeAsync(ClusterApi api, HttpContext http, ResourceType type, string? ns, ListQuery query,
        ResponseFormat format, Func<CancellationToken, Task> untilAnswering, CancellationToken serverStopping)
    {
        var stream = new WatchStream(api, http.Response, type, format, untilAnswering);
        using var timeout = new CancellationTokenSource(query.Timeout ?? DefaultTimeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, serverStopping, timeout.Token);
        try
        {
            await stream.RunAsync(ns, query, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            if (timeout.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested && !serverStopping.IsCancellationRequested
                && query.AllowBookmarks && http.Response.HasStarted)
            {
                // As the real server does, a watch that ends on its timeout tells the client where to resume.
                using var leaving = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, serverStopping);
                await untilAnswering(leaving.Token).ConfigureAwait(false);
                stream.WriteBookmark(stream.ResumeVersion(), initialEventsEnd: false);
                await JsonResponses.FlushAsync(stream._writer, http.Response, http.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            await stream._writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task RunAsync(string? ns, ListQuery query, CancellationToken stop)
    {
        var startedAt = _api.Store.ResourceVersion;
        var from = query.ResourceVersion is > 0 && !query.SendInitialEvents ? query.ResourceVersion : null;
        _lastResourceVersion = from ?? startedAt;
        WatchSubscription subscription;
        try
        {
            subscription = _api.Watch(_type, ns, from, query.Filter);
        }
        catch (ApiException expired) when (expired.Code == 410)
        {
            await StartAsync(stop).ConfigureAwait(false);
            WriteEvent("ERROR", w => w.WriteRawValue(JsonResponses.Serialize(expired.ToStatus()), skipInputValidation: true));
            await JsonResponses.FlushAsync(_writer, _response, stop).ConfigureAwait(false);
            return;
        }

        using (subscription)
        {
            _subscription = subscription;
            await StartAsync(stop).ConfigureAwait(false);
            var events = subscription.Events;
            if (from is null && query.SendInitialEvents)
            {
                await _untilAnswering(stop).ConfigureAwait(false);
                while (events.TryRead(out var initial)) WriteChange(initial);
                if (query.AllowBookmarks) WriteBookmark(Math.Max(startedAt, _lastResourceVersion), initialEventsEnd: true);
                await JsonResponses.FlushAsync(_writer, _response, stop).ConfigureAwait(false);
            }

            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
                if (query.AllowBookmarks) idle.CancelAfter(BookmarkInterval);
                bool more;
                try
                {
                    more = await events.WaitToReadAsync(idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await _untilAnswering(stop).ConfigureAwait(false);
                    WriteBookmark(ResumeVersion(), initialEventsEnd: false);
                    await JsonResponses.FlushAsync(_writer, _response, stop).ConfigureAwait(false);
                    continue;
                }

                if (!more) return;
                await _untilAnswering(stop).ConfigureAwait(false);
                while (events.TryRead(out var change))
                {
                    WriteChange(change);
                    await JsonResponses.FlushIfLargeAsync(_writer, _response, stop).ConfigureAwait(false);
                }

                await JsonResponses.FlushAsync(_writer, _response, stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The version a client may resume from having seen what this watch sent. Every change was offered to the watch as it
    /// was committed, so once its queue is empty, the watch has seen everything up to the store's version.
    /// </summary>
    private long ResumeVersion()
    {
        var current = _api.Store.ResourceVersion;
        return _subscription is { } subscription && !subscription.Events.TryPeek(out _) ? Math.Max(current, _lastResourceVersion) : _lastResourceVersion;
    }

    private async Task StartAsync(CancellationToken stop)
    {
        _response.StatusCode = 200;
        _response.ContentType = JsonResponses.JsonContentType;
        _response.Headers.CacheControl = "no-cache, private";
        await _response.StartAsync(stop).ConfigureAwait(false);
        await _response.BodyWriter.FlushAsync(stop).ConfigureAwait(false);
    }

    private void WriteChange(WatchEvent change)
    {
        _lastResourceVersion = Math.Max(_lastResourceVersion, change.Object.ResourceVersion);
        var type = change.Type switch
        {
            WatchEventType.Added => "ADDED",
            WatchEventType.Modified => "MODIFIED",
            _ => "DELETED",
        };
        if (_format.IsTable)
        {
            WriteEvent(type, w => TableWriter.WriteSingle(w, change.Object, _format, _api.Clock.GetUtcNow()));
        }
        else
        {
            WriteEvent(type, w => w.WriteRawValue(change.Object.Json.Span, skipInputValidation: true));
        }
    }

    private void WriteBookmark(long resourceVersion, bool initialEventsEnd)
    {
        WriteEvent("BOOKMARK", w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", _type.Kind);
            w.WriteString("apiVersion", _type.ApiVersion);
            w.WriteStartObject("metadata");
            w.WriteString("resourceVersion", resourceVersion.ToString(CultureInfo.InvariantCulture));
            if (initialEventsEnd)
            {
                w.WriteStartObject("annotations");
                w.WriteString(InitialEventsEndAnnotation, "true");
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private void WriteEvent(string type, Action<Utf8JsonWriter> writeObject)
    {
        _writer.WriteStartObject();
        _writer.WriteString("type", type);
        _writer.WritePropertyName("object");
        writeObject(_writer);
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _response.BodyWriter.Write(Newline.AsSpan());
    }
}
