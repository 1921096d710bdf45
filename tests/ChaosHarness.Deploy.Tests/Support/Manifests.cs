using ChaosHarness.Fleet.Tests.Support;

namespace ChaosHarness.Deploy.Tests.Support;

/// <summary>The deploy manifests as kubectl sees them: applied with <c>-k</c>, rendered by its built-in kustomize.</summary>
public static class Manifests
{
    public static async Task<KubectlResult> ApplyAsync(Kubectl kubectl, string kustomization)
        => await kubectl.RunAsync("apply", "-k", kustomization);

    public static async Task<string> RenderAsync(Kubectl kubectl, string kustomization)
        => (await kubectl.RunAsync("kustomize", kustomization)).Succeeded().Output;
}
