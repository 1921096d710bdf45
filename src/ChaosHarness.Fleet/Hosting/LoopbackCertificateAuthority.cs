using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChaosHarness.Fleet.Hosting;

/// <summary>
/// The TLS identity of the embedded fleet's API servers: a certificate authority made for this process, and a serving
/// certificate it signed for 127.0.0.1, ::1 and localhost. TLS is not optional: client-go (kubectl) sends a kubeconfig's
/// credentials only to servers it reaches over TLS, so a plain-HTTP server would see every kubectl request as anonymous.
/// The kubeconfig carries the authority as <c>certificate-authority-data</c>.
/// </summary>
public static class LoopbackCertificateAuthority
{
    private static readonly Lazy<(X509Certificate2 Authority, X509Certificate2 Serving)> Certificates = new(Create);

    /// <summary>The authority's certificate, PEM-encoded, without its key.</summary>
    public static string AuthorityPem => Certificates.Value.Authority.ExportCertificatePem();

    /// <summary>The serving certificate, with its private key.</summary>
    public static X509Certificate2 ServingCertificate => Certificates.Value.Serving;

    private static (X509Certificate2, X509Certificate2) Create()
    {
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=chaosharness-embedded-fleet-ca", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(10));

        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var servingRequest = new CertificateRequest("CN=kube-apiserver", servingKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        servingRequest.CertificateExtensions.Add(names.Build());
        servingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        servingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        servingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = servingRequest.Create(authority, now.AddDays(-1), now.AddYears(10), serial);
        var serving = signed.CopyWithPrivateKey(servingKey);

        // Kestrel on Linux takes the in-memory key as is; exported and re-imported, the key is usable on every platform.
        var portable = X509CertificateLoader.LoadPkcs12(serving.Export(X509ContentType.Pkcs12), null);
        serving.Dispose();
        return (X509CertificateLoader.LoadCertificate(authority.RawData), portable);
    }
}
