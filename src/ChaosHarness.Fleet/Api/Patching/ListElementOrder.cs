using System.Text.Json.Nodes;

namespace ChaosHarness.Fleet.Api.Patching;

/// <summary>
/// The order of a merged list, as apimachinery decides it: elements the patch names follow the patch's order (or its
/// <c>$setElementOrder</c> list), elements only the server has keep their live order, and the two are interleaved by
/// their live positions. An element the live list lacks is placed before the server-only elements not yet placed.
/// </summary>
internal static class ListElementOrder
{
    /// <param name="merged">The merged elements.</param>
    /// <param name="patchOrder">Keys of the elements the patch names, in the wanted order.</param>
    /// <param name="serverOrder">Keys of the live list's elements, in live order.</param>
    /// <param name="keyOf">An element's identity: its merge key value, or the element itself in a list of primitives.</param>
    public static List<JsonNode?> Arrange(IReadOnlyList<JsonNode?> merged, IReadOnlyList<JsonNode?> patchOrder,
        IReadOnlyList<JsonNode?> serverOrder, Func<JsonNode?, JsonNode?> keyOf)
    {
        var named = merged
            .Select(element => (element, index: IndexOf(patchOrder, keyOf(element))))
            .Where(entry => entry.index >= 0)
            .OrderBy(entry => entry.index)
            .Select(entry => entry.element)
            .ToList();
        var serverOnly = merged
            .Where(element => IndexOf(patchOrder, keyOf(element)) < 0)
            .OrderBy(element => IndexOf(serverOrder, keyOf(element)) is var index and >= 0 ? index : int.MaxValue)
            .ToList();

        var arranged = new List<JsonNode?>(merged.Count);
        int s = 0, n = 0;
        while (s < serverOnly.Count || n < named.Count)
        {
            if (n == named.Count || (s < serverOnly.Count && LiveBefore(serverOnly[s], named[n])))
            {
                arranged.Add(serverOnly[s++]);
            }
            else
            {
                arranged.Add(named[n++]);
            }
        }

        return arranged;

        bool LiveBefore(JsonNode? serverElement, JsonNode? namedElement)
        {
            var serverIndex = IndexOf(serverOrder, keyOf(serverElement));
            var namedIndex = IndexOf(serverOrder, keyOf(namedElement));
            return serverIndex >= 0 && namedIndex >= 0 && serverIndex < namedIndex;
        }
    }

    /// <summary>
    /// The live order a <c>$setElementOrder</c> list is arranged against after a keyed merge. apimachinery merges the
    /// live list in place: deleting an element shifts the later ones forward, and elements the patch adds are written
    /// over the vacated tail, so the live order it then consults has the additions where the deleted elements were.
    /// Reproducing that keeps results identical to a real API server's (e.g. live [1,2,4], delete 1, add 3, order
    /// [2,3] gives [2,4,3]).
    /// </summary>
    /// <param name="liveKeys">Merge keys of the live list.</param>
    /// <param name="deletedKeys">Keys the patch deletes with <c>$patch: delete</c>.</param>
    /// <param name="addedKeys">Keys of the patch's other elements; null when the patch replaces the list.</param>
    public static List<JsonNode?> LiveOrderAfterKeyedMerge(IReadOnlyList<JsonNode?> liveKeys, IEnumerable<JsonNode?> deletedKeys,
        IEnumerable<JsonNode?>? addedKeys)
    {
        var memory = liveKeys.ToArray();
        var length = memory.Length;
        foreach (var deleted in deletedKeys)
        {
            for (var i = 0; i < length;)
            {
                if (JsonNode.DeepEquals(memory[i], deleted))
                {
                    Array.Copy(memory, i + 1, memory, i, length - i - 1);
                    length--;
                }
                else
                {
                    i++;
                }
            }
        }

        var merged = memory.Take(length).ToList();
        foreach (var added in addedKeys ?? [])
        {
            if (IndexOf(merged, added) >= 0)
            {
                continue;
            }

            if (merged.Count < memory.Length)
            {
                memory[merged.Count] = added;
            }

            merged.Add(added);
        }

        return memory.ToList();
    }

    /// <summary>
    /// Checks that the elements of a patch list appear in its <c>$setElementOrder</c> list, in the same relative order;
    /// elements carrying a <c>$patch</c> directive are exempt.
    /// </summary>
    public static void Validate(JsonArray patchList, JsonArray setElementOrder, IReadOnlyList<JsonNode?> orderKeys, Func<JsonNode?, JsonNode?> keyOf)
    {
        var ordered = patchList.Where(element => element is not JsonObject map || !map.ContainsKey(StrategicMergeDirectives.Patch)).ToList();
        int p = 0, o = 0;
        while (p < ordered.Count && o < orderKeys.Count)
        {
            if (JsonNode.DeepEquals(keyOf(ordered[p]), orderKeys[o]))
            {
                p++;
            }

            o++;
        }

        if (p < ordered.Count)
        {
            throw PatchException.Invalid(
                $"The order in patch list: {patchList.ToJsonString()} doesn't match {StrategicMergeDirectives.SetElementOrderPrefix} list: {setElementOrder.ToJsonString()}");
        }
    }

    private static int IndexOf(IReadOnlyList<JsonNode?> keys, JsonNode? key)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (JsonNode.DeepEquals(keys[i], key))
            {
                return i;
            }
        }

        return -1;
    }
}
