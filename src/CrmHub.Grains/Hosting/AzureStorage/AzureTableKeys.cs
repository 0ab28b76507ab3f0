using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CrmHub.Grains.Hosting.AzureStorage;

/// <summary>
/// Partition and row keys for any name. Azure forbids <c>/ \ # ?</c> and control characters in keys and limits them to
/// 1 KiB; <c>%</c> and quotes are troublesome in the URLs of point operations. So every character other than
/// <c>A-Z a-z 0-9 - _ .</c> is written as <c>!XX</c> per byte of its UTF-8 form (<c>!</c> itself included), and a key
/// longer than <see cref="MaxReadableLength"/> is cut there and gets <c>~</c> and the SHA-256 of the exact name
/// (<c>~</c> never appears otherwise). Different names give different keys; keys stay case-sensitive, as Azure's are.
/// </summary>
public static class AzureTableKeys
{
    /// <summary>Longest escaped key kept whole; longer ones are cut and hashed (well under Azure's 1 KiB).</summary>
    public const int MaxReadableLength = 512;

    public static string Escape(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = new StringBuilder(name.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in name.EnumerateRunes())
        {
            if (rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '_' or '.'))
            {
                key.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
                key.Append('!').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        if (key.Length == 0)
            key.Append('!');
        if (key.Length > MaxReadableLength)
        {
            key.Length = MaxReadableLength;
            key.Append('~').Append(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))));
        }
        return key.ToString();
    }
}
