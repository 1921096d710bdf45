using System.Globalization;
using ChaosHarness.Fleet.Api.Selectors;
using ChaosHarness.Fleet.Resources;
using ChaosHarness.Fleet.Storage;
using Microsoft.AspNetCore.Http;

namespace ChaosHarness.Fleet.Api.Http;

/// <summary>The query string of a list or watch: selectors, paging, the resource version to start from and watch options.</summary>
internal sealed record ListQuery(
    Func<StoredObject, bool>? Filter,
    int? Limit,
    ObjectKey? After,
    long? ResourceVersion,
    TimeSpan? Timeout,
    bool AllowBookmarks,
    bool SendInitialEvents)
{
    public static ListQuery Parse(ResourceType type, IQueryCollection query)
    {
        var filters = new List<Func<StoredObject, bool>>();
        try
        {
            if (query["labelSelector"].ToString() is { Length: > 0 } labels && LabelSelector.Parse(labels) is { IsEverything: false } labelSelector)
            {
                filters.Add(obj => labelSelector.Matches(obj.Labels));
            }

            if (query["fieldSelector"].ToString() is { Length: > 0 } fields && FieldSelector.Parse(fields) is { IsEverything: false } fieldSelector)
            {
                if (fieldSelector.Requirements.FirstOrDefault(r => !type.IsFieldLabel(r.Field)) is { } unsupported)
                {
                    throw ApiException.BadRequest($"field label not supported: {unsupported.Field}");
                }

                filters.Add(obj => fieldSelector.Matches(obj.FieldValue));
            }
        }
        catch (SelectorException e)
        {
            throw ApiException.BadRequest(e.Message);
        }

        ObjectKey? after = null;
        if (query["continue"].ToString() is { Length: > 0 } token) after = ContinueTokens.Decode(type, token);

        return new ListQuery(
            filters.Count switch
            {
                0 => null,
                1 => filters[0],
                _ => obj => filters.TrueForAll(f => f(obj)),
            },
            NumberOf(query, "limit") is { } limit and > 0 ? (int)Math.Min(limit, int.MaxValue) : null,
            after,
            NumberOf(query, "resourceVersion"),
            NumberOf(query, "timeoutSeconds") is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : null,
            IsTrue(query, "allowWatchBookmarks"),
            IsTrue(query, "sendInitialEvents"));
    }

    public ListRequest ToListRequest(string? ns) => new(ns, Filter, Limit, After);

    public static bool IsTrue(IQueryCollection query, string name) =>
        query[name].ToString() is "true" or "1" or "True";

    private static long? NumberOf(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.BadRequest($"invalid value for {name}: \"{text}\"");
    }
}
