using System.Security.Cryptography;
using System.Text;

namespace NmoPoc.Host.Units;

/// <summary>Unit secrets: random, shown once, stored only as salted PBKDF2-SHA256, compared in constant time.</summary>
public static class SecretHasher
{
    public const int SaltBytes = 16;
    public const int HashBytes = 32;
    public const int MinimumIterations = 100_000;

    /// <summary>A new 32-byte random secret, base64url without padding (43 chars, safe in any MQTT client's password field).</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (byte[] Salt, byte[] Hash) Hash(string secret, int iterations)
    {
        if (iterations < MinimumIterations)
        {
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, $"at least {MinimumIterations} iterations");
        }

        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return (salt, Derive(secret, salt, iterations));
    }

    public static bool Verify(string? secret, byte[] salt, byte[] expectedHash, int iterations)
    {
        // Derive even for a null secret so a wrong and a missing password cost the same.
        var actual = Derive(secret ?? "", salt, iterations);
        return secret is not null && CryptographicOperations.FixedTimeEquals(actual, expectedHash);
    }

    private static byte[] Derive(string secret, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
}
