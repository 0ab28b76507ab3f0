using CrmHub.Grains.Hosting.Storage;
using CrmHub.Grains.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Grains.Tests.Persistence;

/// <summary>
/// A grain whose state file is damaged does not start from empty state: its activation fails with an error naming
/// the file, the silo lists the file as damaged, and the file stays as it was; other grains are not affected.
/// </summary>
[Collection(FileStorageCluster.Collection)]
public sealed class DamagedStateFileTests(FileStorageCluster cluster)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly TestCustomer _customer = new(cluster.Grains);

    private DamagedStateFiles Damaged => cluster.Cluster.Silos[0].ServiceProvider.GetRequiredService<DamagedStateFiles>();

    private string CustomerFile => Path.Combine(cluster.RootDirectory, "customer", "customer", _customer.Id + ".json");

    [Fact]
    public async Task A_customer_whose_file_was_torn_fails_to_activate_and_its_file_is_kept_and_reported()
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada"), _customer.Purchase(Build.At(1), 10m));
        await cluster.Deactivate(_customer.Grain);
        var whole = await File.ReadAllBytesAsync(CustomerFile, Cancel);
        var torn = whole[..(whole.Length / 2)];
        await File.WriteAllBytesAsync(CustomerFile, torn, Cancel);

        var failure = await Should.ThrowAsync<Exception>(() => _customer.View());
        failure.ToString().ShouldContain(CustomerFile);
        await Should.ThrowAsync<Exception>(() => _customer.Apply(_customer.Purchase(Build.At(2), 5m)));

        (await File.ReadAllBytesAsync(CustomerFile, Cancel)).ShouldBe(torn, "nothing was written over the damaged file");
        Damaged.Current().ShouldContain(file => file.Path == CustomerFile && file.GrainId == _customer.Grain.GetGrainId().ToString());
        var other = new TestCustomer(cluster.Grains);
        await other.Apply(other.Profile(Build.At(0), "Bea"));
        (await other.View()).Profile.Name.ShouldBe("Bea");
    }

    [Fact]
    public async Task A_customer_whose_file_is_restored_starts_again_with_its_state()
    {
        await _customer.Apply(_customer.Profile(Build.At(0), "Ada"));
        await cluster.Deactivate(_customer.Grain);
        var whole = await File.ReadAllBytesAsync(CustomerFile, Cancel);
        await File.WriteAllTextAsync(CustomerFile, "{", Cancel);
        await Should.ThrowAsync<Exception>(() => _customer.View());

        await File.WriteAllBytesAsync(CustomerFile, whole, Cancel);

        (await _customer.View()).Profile.Name.ShouldBe("Ada");
        Damaged.Current().ShouldNotContain(file => file.Path == CustomerFile);
    }
}
