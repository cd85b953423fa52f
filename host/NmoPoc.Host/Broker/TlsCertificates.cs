using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using NmoPoc.Host.Configuration;

namespace NmoPoc.Host.Broker;

/// <summary>Loads the broker's TLS certificate (PFX or PEM) and makes the self-signed dev certificate.</summary>
public static class TlsCertificates
{
    public const string DevPfxName = "dev-cert.pfx";
    public const string DevPemName = "dev-cert.pem";

    public static X509Certificate2 Load(MqttTlsOptions tls)
    {
        var path = tls.CertificatePath ?? throw new InvalidOperationException("NmoPoc:Mqtt:Tls:CertificatePath is required when TLS is enabled");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"TLS certificate not found: {path} (run `./run.sh dev-cert` for a development one)", path);
        }

        X509Certificate2 cert;
        if (tls.KeyPath is not null)
        {
            using var pem = X509Certificate2.CreateFromPemFile(path, tls.KeyPath);
            cert = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null); // SslStream on Linux wants a PKCS#12-backed key
        }
        else
        {
            cert = X509CertificateLoader.LoadPkcs12FromFile(path, tls.Password);
        }

        if (!cert.HasPrivateKey)
        {
            throw new InvalidOperationException($"TLS certificate {path} has no private key");
        }

        return cert;
    }

    /// <summary>Writes a self-signed certificate for localhost and this machine's name (PFX without password + PEM for clients).</summary>
    public static (string PfxPath, string PemPath) CreateDevCertificate(string dataDirectory, TimeProvider clock)
    {
        Directory.CreateDirectory(dataDirectory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=NmoPoc development broker", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddDnsName(Environment.MachineName);
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true)); // its own CA, so clients can --cafile it
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = clock.GetUtcNow();
        using var cert = req.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        var pfx = Path.Combine(dataDirectory, DevPfxName);
        var pem = Path.Combine(dataDirectory, DevPemName);
        File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pkcs12));
        File.WriteAllText(pem, cert.ExportCertificatePem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(pfx, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return (pfx, pem);
    }
}
