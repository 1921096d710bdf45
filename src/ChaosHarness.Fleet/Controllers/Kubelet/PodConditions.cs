using k8s.Models;

namespace ChaosHarness.Fleet.Controllers.Kubelet;

/// <summary>Setting a pod condition as Kubernetes does: the transition time moves only when the status changes.</summary>
public static class PodConditions
{
    public static void Set(V1PodStatus status, string type, string value, DateTime now, string? reason = null, string? message = null)
    {
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            status.Conditions.Add(new V1PodCondition { Type = type, Status = value, Reason = reason, Message = message, LastTransitionTime = now });
            return;
        }

        if (existing.Status != value) existing.LastTransitionTime = now;
        existing.Status = value;
        existing.Reason = reason;
        existing.Message = message;
    }
}
