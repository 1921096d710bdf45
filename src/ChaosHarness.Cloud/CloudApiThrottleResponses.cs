using System.Globalization;
using System.Net;
using System.Security;
using System.Text;

namespace ChaosHarness.Cloud;

/// <summary>The throttling answers the real APIs give, byte for byte in their published shapes.</summary>
internal static class CloudApiThrottleResponses
{
    public static HttpResponseMessage Ec2(Ec2ThrottleCode code)
    {
        var (status, message) = code switch
        {
            Ec2ThrottleCode.RequestLimitExceeded => (HttpStatusCode.ServiceUnavailable, "Request limit exceeded."),
            _ => (HttpStatusCode.BadRequest, "Rate exceeded"),
        };
        var requestId = Guid.NewGuid().ToString();
        var body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
                   $"<Response><Errors><Error><Code>{code}</Code><Message>{SecurityElement.Escape(message)}</Message></Error></Errors><RequestID>{requestId}</RequestID></Response>";
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", requestId);
        return response;
    }

    public static HttpResponseMessage Arm(CloudApiCall call, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var body = "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"The request is being throttled as the limit has been reached for operation group " +
                   call.Action + ". Please retry after " + seconds.ToString(CultureInfo.InvariantCulture) + " seconds.\"}}";
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        response.Headers.TryAddWithoutValidation("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
        response.Headers.TryAddWithoutValidation("x-ms-request-id", Guid.NewGuid().ToString());
        response.Headers.TryAddWithoutValidation("x-ms-failure-cause", "service");
        return response;
    }
}
