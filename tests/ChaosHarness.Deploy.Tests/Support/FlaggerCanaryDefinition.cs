namespace ChaosHarness.Deploy.Tests.Support;

/// <summary>
/// Flagger's Canary resource, as a cluster with Flagger serves it (schema left open): the embedded fleet has no Flagger,
/// and without the resource the harness's Canary watcher stops at a 404 list and never opens its watch.
/// </summary>
public static class FlaggerCanaryDefinition
{
    public const string Yaml = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: canaries.flagger.app
        spec:
          group: flagger.app
          scope: Namespaced
          names: {plural: canaries, singular: canary, kind: Canary, listKind: CanaryList}
          versions:
            - name: v1beta1
              served: true
              storage: true
              subresources: {status: {}}
              schema:
                openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;
}
