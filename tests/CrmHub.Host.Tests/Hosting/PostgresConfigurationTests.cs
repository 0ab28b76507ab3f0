using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace CrmHub.Host.Tests.Hosting;

/// <summary>The PostgreSQL profile's configuration and its bundled schema, checked without a server.</summary>
public sealed partial class PostgresConfigurationTests
{
    /// <summary>Every query key Orleans' ADO.NET grain storage, clustering and reminder providers read from <c>OrleansQuery</c>.</summary>
    private static readonly string[] ProviderQueryKeys =
    [
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "MembershipReadRowKey",
        "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private static void AddOrleans(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Configuration.AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, (string?)setting.Value)));
        builder.AddCrmHubOrleans();
    }

    [Fact]
    public void The_host_carries_the_deploy_postgres_scripts_in_file_name_order()
    {
        PostgresSchema.ScriptNames.ShouldBe(["00-orleans-query.sql", "10-grain-storage.sql", "20-clustering.sql", "30-reminders.sql"]);
    }

    [Fact]
    public void The_scripts_store_every_query_the_providers_read_and_no_other()
    {
        var keys = PostgresSchema.ScriptNames.SelectMany(name => QueryKey().Matches(PostgresSchema.Read(name)).Select(match => match.Groups[1].Value)).ToList();

        keys.ShouldBe(ProviderQueryKeys, ignoreOrder: true);
    }

    [Fact]
    public void Every_script_can_run_again_on_a_database_that_has_it()
    {
        foreach (var name in PostgresSchema.ScriptNames)
        {
            var script = PostgresSchema.Read(name);
            CreateWithoutGuard().IsMatch(script).ShouldBeFalse($"{name} creates something without IF NOT EXISTS");
            if (script.Contains("INSERT INTO orleansquery", StringComparison.Ordinal))
                script.ShouldContain("ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext");
        }
    }

    [Fact]
    public void An_unknown_cluster_provider_stops_the_host_naming_the_key()
    {
        Should.Throw<CrmHubConfigurationException>(() => AddOrleans(("CrmHub:Cluster:Provider", "Carrier-Pigeon")))
            .Message.ShouldContain("CrmHub:Cluster:Provider 'Carrier-Pigeon' is not supported");
    }

    [Fact]
    public void Postgres_clustering_without_a_connection_string_stops_the_host_naming_it()
    {
        Should.Throw<CrmHubConfigurationException>(() => AddOrleans(("CrmHub:Cluster:Provider", "Postgres")))
            .Message.ShouldContain("ConnectionStrings:CrmHub");
    }

    [Fact]
    public void An_advertised_address_that_is_not_an_ip_address_stops_the_host()
    {
        Should.Throw<CrmHubConfigurationException>(() => AddOrleans(
                ("CrmHub:Cluster:Provider", "Postgres"), ("ConnectionStrings:CrmHub", "Host=db"), ("CrmHub:Cluster:AdvertisedAddress", "silo-a")))
            .Message.ShouldContain("CrmHub:Cluster:AdvertisedAddress 'silo-a' is not an IP address");
    }

    [GeneratedRegex(@"^\('(\w+Key)',", RegexOptions.Multiline)]
    private static partial Regex QueryKey();

    [GeneratedRegex(@"CREATE (UNIQUE )?(TABLE|INDEX) (?!IF NOT EXISTS)")]
    private static partial Regex CreateWithoutGuard();
}
