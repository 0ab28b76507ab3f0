using System.Text;

namespace CrmHub.Abstractions;

/// <summary>A hash that is the same on every silo and run (unlike <see cref="string.GetHashCode()"/>), for bucketing grains.</summary>
public static class StableHash
{
    /// <summary>The bucket (0 … <paramref name="count"/> − 1) of <paramref name="key"/>: 32-bit FNV-1a of its UTF-8 bytes, modulo the count.</summary>
    public static int Bucket(string key, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)(Fnv1a(key) % (uint)count);
    }

    /// <summary>
    /// The bucket of <paramref name="key"/> under a second, independent spread: the same hash with its bits mixed
    /// (MurmurHash3's finaliser) before the modulo, so the keys of one <see cref="Bucket"/> still spread over every
    /// bucket here, even when both counts are powers of two.
    /// </summary>
    public static int Mixed(string key, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var hash = Fnv1a(key);
        hash = unchecked((hash ^ (hash >> 16)) * 0x85EBCA6B);
        hash = unchecked((hash ^ (hash >> 13)) * 0xC2B2AE35);
        hash ^= hash >> 16;
        return (int)(hash % (uint)count);
    }

    /// <summary>32-bit FNV-1a of the key's UTF-8 bytes.</summary>
    private static uint Fnv1a(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(key))
            hash = unchecked((hash ^ b) * prime);
        return hash;
    }
}
