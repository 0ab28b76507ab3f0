using Microsoft.AspNetCore.Identity;

namespace CrmHub.Host.Auth;

/// <summary>Password hashes in the ASP.NET Core Identity <see cref="PasswordHasher{TUser}"/> format.</summary>
public static class CrmHubPasswords
{
    // The default hasher ignores the user; it is stateless and safe to share.
    private static readonly PasswordHasher<CrmHubUserOptions> Hasher = new();
    private static readonly CrmHubUserOptions NoUser = new();

    /// <summary>Hashes a password (PBKDF2 with a random salt, Identity V3 format).</summary>
    public static string Hash(string password) => Hasher.HashPassword(NoUser, password);

    /// <summary>Whether the password matches the hash; a malformed hash never matches.</summary>
    public static bool Verify(string hash, string password)
    {
        if (!LooksLikeHash(hash))
            return false;
        return Hasher.VerifyHashedPassword(NoUser, hash, password) is not PasswordVerificationResult.Failed;
    }

    /// <summary>Whether the text is base64 with an Identity format marker (0x00 = V2, 0x01 = V3).</summary>
    public static bool LooksLikeHash(string? hash)
    {
        if (string.IsNullOrEmpty(hash))
            return false;
        var bytes = new byte[hash.Length];
        return Convert.TryFromBase64String(hash, bytes, out var length) && length > 1 && bytes[0] is 0x00 or 0x01;
    }
}
