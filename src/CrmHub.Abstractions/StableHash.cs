using System.Text;

namespace CrmHub.Abstractions;

/// <summary>A hash that is the same on every silo and run (unlike <see cref="string.GetHashCode()"/>), for bucketing grains.</summary>
public static class StableHash
{
    /// <summary>The bucket (0 … <paramref name="count"/> − 1) of <paramref name="key"/>: 32-bit FNV-1a of its UTF-8 bytes, modulo the count.</summary>
    public static int Bucket(string key, int count)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(key))
            hash = unchecked((hash ^ b) * prime);
        return (int)(hash % (uint)count);
    }
}
