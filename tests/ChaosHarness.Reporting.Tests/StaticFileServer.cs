using System.Net;
using System.Net.Sockets;

namespace ChaosHarness.Reporting.Tests;

/// <summary>Serves a folder on 127.0.0.1, as a person opening the report would: Allure's report does not load from file://.</summary>
internal sealed class StaticFileServer : IAsyncDisposable
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript", [".css"] = "text/css",
        [".json"] = "application/json", [".png"] = "image/png", [".svg"] = "image/svg+xml",
        [".txt"] = "text/plain; charset=utf-8", [".yaml"] = "text/plain; charset=utf-8", [".ico"] = "image/x-icon",
        [".woff"] = "font/woff", [".woff2"] = "font/woff2",
    };

    private readonly string _root;
    private readonly HttpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;

    private StaticFileServer(string root, HttpListener listener, Uri address)
    {
        _root = Path.GetFullPath(root);
        _listener = listener;
        Address = address;
        _serving = ServeAsync();
    }

    public Uri Address { get; }

    public static StaticFileServer Start(string root)
    {
        // A free port from the kernel; retried in case another process takes it between asking and listening.
        for (var attempt = 1; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener();
            var address = new Uri($"http://127.0.0.1:{port}/");
            listener.Prefixes.Add(address.ToString());
            try
            {
                listener.Start();
                return new StaticFileServer(root, listener, address);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _listener.Close();
        _stopping.Dispose();
    }

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync();
            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        using var response = context.Response;
        var relative = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath).TrimStart('/');
        var path = Path.GetFullPath(Path.Combine(_root, relative.Length == 0 ? "index.html" : relative));
        if (!path.StartsWith(_root, StringComparison.Ordinal) || !File.Exists(path))
        {
            response.StatusCode = 404;
            return;
        }

        response.ContentType = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
        var content = await File.ReadAllBytesAsync(path);
        response.ContentLength64 = content.Length;
        await response.OutputStream.WriteAsync(content);
    }
}
