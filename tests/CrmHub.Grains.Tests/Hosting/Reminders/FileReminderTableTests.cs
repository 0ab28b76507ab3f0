using CrmHub.Grains.Hosting.Reminders;

namespace CrmHub.Grains.Tests.Hosting.Reminders;

/// <summary>The file-backed reminder table keeps Orleans' <see cref="IReminderTable"/> contract and survives restarts.</summary>
public sealed class FileReminderTableTests : IDisposable
{
    private static readonly DateTime StartAt = new(2025, 3, 3, 9, 0, 0, DateTimeKind.Utc);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "crmhub-reminder-tests", Guid.NewGuid().ToString("N"));

    public FileReminderTableTests() => Directory.CreateDirectory(_directory);

    private string LegacyPath => Path.Combine(_directory, FileReminderTable.LegacyFileName);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    private async Task<FileReminderTable> Started()
    {
        var table = FileReminderTable.InDirectory(_directory);
        await table.StartAsync(TestContext.Current.CancellationToken);
        return table;
    }

    private static GrainId Grain(string key) => GrainId.Create("probe", key);

    private static ReminderEntry Entry(GrainId grain, string name, int periodMinutes = 1, string? eTag = null) => new()
    {
        GrainId = grain,
        ReminderName = name,
        StartAt = StartAt,
        Period = TimeSpan.FromMinutes(periodMinutes),
        ETag = eTag,
    };

    private static string[] Names(ReminderTableData data) => [.. data.Reminders.Select(row => $"{row.GrainId}:{row.ReminderName}").Order(StringComparer.Ordinal)];

    /// <summary>Stores a reminder "r" for three grains and returns the grains by ascending hash.</summary>
    private static async Task<(GrainId Low, GrainId Middle, GrainId High)> ThreeRowsByHash(FileReminderTable table)
    {
        var grains = Enumerable.Range(1, 3).Select(index => Grain($"g{index}")).OrderBy(grain => grain.GetUniformHashCode()).ToArray();
        foreach (var grain in grains)
            await table.UpsertRow(Entry(grain, "r"));
        return (grains[0], grains[1], grains[2]);
    }

    private static string[] Expected(params GrainId[] grains) => [.. grains.Select(grain => $"{grain}:r").Order(StringComparer.Ordinal)];

    [Fact]
    public async Task An_upserted_row_is_read_back_by_grain_and_by_name_with_its_new_etag()
    {
        var table = await Started();
        var grain = Grain("a");

        var eTag = (await table.UpsertRow(Entry(grain, "sla"))).ShouldNotBeNull();
        await table.UpsertRow(Entry(Grain("b"), "sla"));

        var row = (await table.ReadRow(grain, "sla")).ShouldNotBeNull();
        row.ETag.ShouldBe(eTag);
        row.StartAt.ShouldBe(StartAt);
        row.Period.ShouldBe(TimeSpan.FromMinutes(1));
        Names(await table.ReadRows(grain)).ShouldBe([$"{grain}:sla"]);
        (await table.ReadRow(grain, "other")).ShouldBeNull();
    }

    [Fact]
    public async Task Upserting_without_an_etag_replaces_the_row_and_gives_it_a_new_etag()
    {
        var table = await Started();
        var grain = Grain("a");
        var first = await table.UpsertRow(Entry(grain, "sla"));

        var second = await table.UpsertRow(Entry(grain, "sla", periodMinutes: 5));

        second.ShouldNotBe(first);
        var row = (await table.ReadRow(grain, "sla")).ShouldNotBeNull();
        (row.ETag, row.Period).ShouldBe((second, TimeSpan.FromMinutes(5)));
        (await table.ReadRows(grain)).Reminders.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Upserting_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var table = await Started();
        var grain = Grain("a");
        var stale = await table.UpsertRow(Entry(grain, "sla"));
        var current = await table.UpsertRow(Entry(grain, "sla"));

        (await table.UpsertRow(Entry(grain, "sla", periodMinutes: 9, eTag: stale))).ShouldBeNull();
        (await table.UpsertRow(Entry(grain, "missing", eTag: current))).ShouldBeNull();

        var row = (await table.ReadRow(grain, "sla")).ShouldNotBeNull();
        (row.ETag, row.Period).ShouldBe((current, TimeSpan.FromMinutes(1)));
        (await table.ReadRow(grain, "missing")).ShouldBeNull();
        (await table.UpsertRow(Entry(grain, "sla", periodMinutes: 9, eTag: current))).ShouldNotBeNull();
    }

    [Fact]
    public async Task A_row_is_removed_only_with_its_current_etag()
    {
        var table = await Started();
        var grain = Grain("a");
        var eTag = (await table.UpsertRow(Entry(grain, "sla"))).ShouldNotBeNull();

        (await table.RemoveRow(grain, "sla", "not-the-etag")).ShouldBeFalse();
        (await table.ReadRow(grain, "sla")).ShouldNotBeNull();

        (await table.RemoveRow(grain, "sla", eTag)).ShouldBeTrue();
        (await table.ReadRow(grain, "sla")).ShouldBeNull();
        (await table.RemoveRow(grain, "sla", eTag)).ShouldBeFalse();
        (await FileReminderTable.InDirectory(_directory).ReadRows(grain)).Reminders.ShouldBeEmpty();
    }

    [Fact]
    public async Task Rows_are_read_by_hash_range_excluding_the_start_and_including_the_end()
    {
        var table = await Started();
        var (low, middle, high) = await ThreeRowsByHash(table);
        uint Hash(GrainId grain) => grain.GetUniformHashCode();

        Names(await table.ReadRows(Hash(low), Hash(high))).ShouldBe(Expected(middle, high));
        Names(await table.ReadRows(Hash(low), Hash(middle))).ShouldBe(Expected(middle));
        Names(await table.ReadRows(Hash(middle), Hash(middle))).ShouldBe(Expected(low, middle, high), "begin = end is the whole ring");
    }

    [Fact]
    public async Task A_range_whose_start_is_after_its_end_wraps_around_the_ring()
    {
        var table = await Started();
        var (low, middle, high) = await ThreeRowsByHash(table);

        Names(await table.ReadRows(middle.GetUniformHashCode(), low.GetUniformHashCode()))
            .ShouldBe(Expected(high, low));
        Names(await table.ReadRows(high.GetUniformHashCode(), 0)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData(5u, 1u, 10u, true)]
    [InlineData(1u, 1u, 10u, false)]
    [InlineData(10u, 1u, 10u, true)]
    [InlineData(11u, 1u, 10u, false)]
    [InlineData(uint.MaxValue, 10u, 1u, true)]
    [InlineData(0u, 10u, 1u, true)]
    [InlineData(1u, 10u, 1u, true)]
    [InlineData(5u, 10u, 1u, false)]
    [InlineData(10u, 10u, 1u, false)]
    [InlineData(7u, 7u, 7u, true)]
    [InlineData(8u, 7u, 7u, true)]
    public void The_range_test_follows_the_ring_rule(uint hash, uint begin, uint end, bool inRange)
    {
        FileReminderTable.InRange(hash, begin, end).ShouldBe(inRange);
    }

    [Fact]
    public async Task The_rows_survive_a_new_table_instance_on_the_same_file()
    {
        var table = await Started();
        var grain = Grain("durable");
        var eTag = await table.UpsertRow(Entry(grain, "sla", periodMinutes: 3));
        await table.UpsertRow(Entry(Grain("other"), "visit"));

        var reopened = await Started();

        var row = (await reopened.ReadRow(grain, "sla")).ShouldNotBeNull();
        (row.GrainId, row.ETag, row.StartAt, row.StartAt.Kind, row.Period).ShouldBe((grain, eTag, StartAt, DateTimeKind.Utc, TimeSpan.FromMinutes(3)));
        (await reopened.ReadRows(0, 0)).Reminders.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_changes_committed_together_are_each_stored_with_their_own_etag_and_survive_a_new_instance()
    {
        var table = await Started();
        var stale = await table.UpsertRow(Entry(Grain("contested"), "sla"));
        await table.UpsertRow(Entry(Grain("contested"), "sla"));

        var upserts = Enumerable.Range(0, 200).Select(index => table.UpsertRow(Entry(Grain($"c{index}"), "insights"))).ToList();
        var refused = table.UpsertRow(Entry(Grain("contested"), "sla", eTag: stale));
        var eTags = await Task.WhenAll(upserts);

        (await refused).ShouldBeNull("a stale etag is refused in a group commit too");
        eTags.ShouldAllBe(eTag => eTag != null);
        eTags.ShouldBeUnique();
        var reopened = await Started();
        for (var index = 0; index < 200; index++)
            (await reopened.ReadRow(Grain($"c{index}"), "insights")).ShouldNotBeNull().ETag.ShouldBe(eTags[index]);
    }

    [Fact]
    public async Task Clearing_the_table_empties_the_file_too()
    {
        var table = await Started();
        await table.UpsertRow(Entry(Grain("a"), "sla"));

        await table.TestOnlyClearTable();

        (await table.ReadRows(0, 0)).Reminders.ShouldBeEmpty();
        (await (await Started()).ReadRows(0, 0)).Reminders.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_file_is_an_empty_table_and_the_first_write_creates_it()
    {
        var table = await Started();
        var segment = table.SegmentPath(Grain("a"));
        (await table.ReadRows(0, 0)).Reminders.ShouldBeEmpty();
        File.Exists(segment).ShouldBeFalse();

        await table.UpsertRow(Entry(Grain("a"), "sla"));

        File.Exists(segment).ShouldBeTrue();
        File.Exists(segment + ".tmp").ShouldBeFalse("the temporary file is renamed over the segment");
    }

    [Fact]
    public async Task A_change_rewrites_only_the_segment_of_its_grain()
    {
        var table = await Started();
        var grains = Enumerable.Range(0, 200).Select(index => Grain($"spread{index}")).ToList();
        foreach (var grain in grains)
            await table.UpsertRow(Entry(grain, "insights"));
        var changed = grains[0];
        var untouched = grains.First(grain => table.SegmentPath(grain) != table.SegmentPath(changed));
        var before = await File.ReadAllBytesAsync(table.SegmentPath(untouched), TestContext.Current.CancellationToken);
        var writtenAt = File.GetLastWriteTimeUtc(table.SegmentPath(untouched));

        await table.UpsertRow(Entry(changed, "insights", periodMinutes: 5));

        File.GetLastWriteTimeUtc(table.SegmentPath(untouched)).ShouldBe(writtenAt);
        (await File.ReadAllBytesAsync(table.SegmentPath(untouched), TestContext.Current.CancellationToken)).ShouldBe(before);
        var reopened = await Started();
        (await reopened.ReadRow(changed, "insights")).ShouldNotBeNull().Period.ShouldBe(TimeSpan.FromMinutes(5));
        (await reopened.ReadRows(0, 0)).Reminders.Count.ShouldBe(200);
    }

    [Fact]
    public async Task A_table_an_earlier_version_kept_in_one_file_is_read_and_moves_into_segments_with_the_next_change()
    {
        await File.WriteAllTextAsync(LegacyPath, """
            {"version":1,"rows":[
              {"grainId":"probe/old","reminderName":"sla","startAt":"2025-03-03T09:00:00Z","period":"00:01:00","eTag":"e1"},
              {"grainId":"probe/older","reminderName":"visit","startAt":"2025-03-03T09:00:00Z","period":"00:02:00","eTag":"e2"}
            ]}
            """, TestContext.Current.CancellationToken);
        var table = await Started();
        (await table.ReadRow(Grain("old"), "sla")).ShouldNotBeNull().ETag.ShouldBe("e1");

        await table.UpsertRow(Entry(Grain("new"), "sla"));

        File.Exists(LegacyPath).ShouldBeFalse("the rows live in the segments now");
        var reopened = await Started();
        Names(await reopened.ReadRows(0, 0)).ShouldBe(["probe/new:sla", "probe/old:sla", "probe/older:visit"]);
        (await reopened.ReadRow(Grain("older"), "visit")).ShouldNotBeNull().ETag.ShouldBe("e2");
    }

    [Theory]
    [InlineData("{\"version\":1,\"rows\":[{\"grainId\":\"probe/a\",\"reminderName\":\"sla\",")]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"version\":99,\"rows\":[]}")]
    [InlineData("{\"version\":1,\"rows\":[{\"grainId\":\"\",\"reminderName\":\"sla\",\"startAt\":\"2025-03-03T09:00:00Z\",\"period\":\"00:01:00\",\"eTag\":\"x\"}]}")]
    public async Task A_torn_or_corrupt_file_is_reported_naming_the_file_and_left_untouched(string content)
    {
        var table = FileReminderTable.InDirectory(_directory);
        foreach (var path in new[] { table.SegmentPath(Grain("a")), LegacyPath })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, TestContext.Current.CancellationToken);
            var damaged = FileReminderTable.InDirectory(_directory);

            var failure = await Should.ThrowAsync<ReminderTableCorruptException>(() => damaged.StartAsync(TestContext.Current.CancellationToken));

            failure.Message.ShouldContain(path);
            await Should.ThrowAsync<ReminderTableCorruptException>(() => damaged.UpsertRow(Entry(Grain("a"), "sla")));
            (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ShouldBe(content);
        }
    }

    [Fact]
    public async Task A_temporary_file_left_by_a_crash_mid_write_does_not_hide_the_table()
    {
        var grain = Grain("a");
        var table = await Started();
        var eTag = await table.UpsertRow(Entry(grain, "sla"));
        await File.WriteAllTextAsync(table.SegmentPath(grain) + ".tmp", "{\"version\":1,\"ro", TestContext.Current.CancellationToken);

        var reopened = await Started();

        (await reopened.ReadRow(grain, "sla")).ShouldNotBeNull().ETag.ShouldBe(eTag);
        await reopened.UpsertRow(Entry(Grain("b"), "sla"));
        (await (await Started()).ReadRows(0, 0)).Reminders.Count.ShouldBe(2);
    }
}
