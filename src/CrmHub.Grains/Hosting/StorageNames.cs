namespace CrmHub.Grains.Hosting;

/// <summary>The grain storage provider every CrmHub grain persists to.</summary>
public static class StorageNames
{
    public const string Crm = "crm";
}
