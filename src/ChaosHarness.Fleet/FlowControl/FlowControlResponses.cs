using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace ChaosHarness.Fleet.FlowControl;

/// <summary>
/// What flow control adds to HTTP responses, as the real server writes it: the UIDs of the request's FlowSchema and
/// priority level on every classified response, and for a refused request 429 with <c>Retry-After</c> and a plain-text
/// body (not a <c>Status</c>).
/// </summary>
internal static class FlowControlResponses
{
    public const string FlowSchemaUidHeader = "X-Kubernetes-PF-FlowSchema-UID";
    public const string PriorityLevelUidHeader = "X-Kubernetes-PF-PriorityLevel-UID";

    private static readonly byte[] TooManyRequestsBody = System.Text.Encoding.UTF8.GetBytes(FlowController.TooManyRequestsMessage + "\n");

    /// <summary>Adds the classification headers to whatever response the request ends with, errors included.</summary>
    public static void AddHeadersWhenStarting(HttpResponse response, FlowClassification classification) =>
        response.OnStarting(() =>
        {
            response.Headers[FlowSchemaUidHeader] = classification.FlowSchemaUid;
            response.Headers[PriorityLevelUidHeader] = classification.PriorityLevelUid;
            return Task.CompletedTask;
        });

    public static async Task WriteTooManyRequestsAsync(HttpResponse response, int retryAfterSeconds, CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentType = "text/plain; charset=utf-8";
        response.ContentLength = TooManyRequestsBody.Length;
        await response.Body.WriteAsync(TooManyRequestsBody, cancellationToken).ConfigureAwait(false);
    }
}
