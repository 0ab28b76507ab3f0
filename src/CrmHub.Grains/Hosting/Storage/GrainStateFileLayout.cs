using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CrmHub.Grains.Hosting.Storage;

/// <summary>
/// Where <see cref="AtomicFileGrainStorage"/> keeps a grain's state: <c>{root}/{grain type}/{state name}/{grain key}.json</c>,
/// e.g. <c>data/customer/customer/cust-42.json</c>. Also where Orleans' own file storage (<c>AddFileGrainStorage</c>)
/// kept it, so state written before the switch is still found (<see cref="LegacyPath"/>).
/// </summary>
/// <remarks>
/// Every path segment is the name itself when it only holds <c>a-z A-Z 0-9 . _ -</c> (not starting with a dot);
/// any other byte of its UTF-8 form is written <c>%XX</c>, so every key — slashes, colons, "..", any script — gives
/// a safe file name and different keys give different names. Two further rules keep names distinct and short
/// everywhere: a name with an upper-case letter (which a case-insensitive file system would fold) or one longer
/// than <see cref="MaxReadableLength"/> characters gets <c>~</c> and 16 hex digits of the SHA-256 of the exact
/// segment appended (and is cut to that length first). <c>~</c> never appears otherwise, because it is escaped.
/// </remarks>
public static class GrainStateFileLayout
{
    /// <summary>The extension of state files.</summary>
    public const string Extension = ".json";

    /// <summary>Longest readable part of a segment before it is cut and a hash is appended.</summary>
    public const int MaxReadableLength = 120;

    private const string LegacyExtension = ".grain";

    /// <summary>The state file of one grain's state.</summary>
    public static string PathOf(string root, string stateName, GrainId grainId) => Path.Combine(
        root,
        Segment(grainId.Type.ToString() ?? ""),
        Segment(stateName),
        Segment(grainId.Key.ToString() ?? "") + Extension);

    /// <summary>
    /// Where Orleans' built-in file storage of version 10 kept the same state: one file per grain in the root, named
    /// by the SHA-256 of the length-prefixed service id, grain type, grain key and state name.
    /// </summary>
    public static string LegacyPath(string root, string serviceId, string stateName, GrainId grainId)
    {
        using var identity = new MemoryStream();
        WriteComponent(identity, Encoding.UTF8.GetBytes(serviceId));
        WriteComponent(identity, grainId.Type.AsSpan());
        WriteComponent(identity, grainId.Key.AsSpan());
        WriteComponent(identity, Encoding.UTF8.GetBytes(stateName));
        var hash = SHA256.HashData(identity.GetBuffer().AsSpan(0, checked((int)identity.Length)));
        return Path.Combine(root, Convert.ToHexString(hash) + LegacyExtension);
    }

    /// <summary>One path segment for a name (see the remarks of <see cref="GrainStateFileLayout"/>).</summary>
    public static string Segment(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var escaped = new StringBuilder(name.Length);
        var needsHash = name.Length == 0;
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in name.EnumerateRunes())
        {
            if (IsKept(rune, first: escaped.Length == 0))
            {
                escaped.Append((char)rune.Value);
                needsHash |= Rune.IsUpper(rune);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
                escaped.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (escaped.Length > MaxReadableLength)
        {
            escaped.Length = MaxReadableLength;
            needsHash = true;
        }
        if (needsHash)
            escaped.Append('~').Append(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0, 8));
        return escaped.ToString();
    }

    private static bool IsKept(Rune rune, bool first) => rune.Value switch
    {
        >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' => true,
        '.' => !first,
        _ => false,
    };

    private static void WriteComponent(Stream destination, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        destination.Write(length);
        destination.Write(value);
    }
}
