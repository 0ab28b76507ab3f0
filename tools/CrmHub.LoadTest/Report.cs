using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace CrmHub.LoadTest;

/// <summary>The machine a run measured on.</summary>
public sealed record MachineFigures(DateTimeOffset StartedAt, int Cores, string LoadAverage, string Storage)
{
    public static MachineFigures Now(LoadOptions options) => new(
        DateTimeOffset.Now,
        Environment.ProcessorCount,
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a",
        options.Storage);

    /// <summary>The load average now (it moves during a run).</summary>
    public static string LoadAverageNow() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}

/// <summary>Tables for the terminal and JSON for <c>--json</c>.</summary>
public static class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Json(object report) => JsonSerializer.Serialize(report, report.GetType(), JsonOptions);

    /// <summary>A table of (what, CrmHub, baseline, ratio, target) rows.</summary>
    public static void Table(string title, IEnumerable<(string What, string CrmHub, string Baseline, string Ratio, string Target)> rows)
    {
        // Redirected output would otherwise wrap the table at 80 columns.
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        var table = new Table().Title(title).Border(TableBorder.Rounded)
            .AddColumn("measure").AddColumn("CrmHub").AddColumn("baseline").AddColumn("ratio").AddColumn("target");
        foreach (var row in rows)
            table.AddRow(Markup.Escape(row.What), Markup.Escape(row.CrmHub), Markup.Escape(row.Baseline), Markup.Escape(row.Ratio), Markup.Escape(row.Target));
        AnsiConsole.Write(table);
    }

    public static string Rate(double perSecond, string unit) => string.Create(CultureInfo.InvariantCulture, $"{perSecond:#,0} {unit}/s");

    public static string Ratio(double value, double baseline) =>
        baseline > 0 ? string.Create(CultureInfo.InvariantCulture, $"{value / baseline:0.00}×") : "n/a";

    public static string Host(ProcessFigures? figures) => figures is null
        ? "n/a"
        : string.Create(CultureInfo.InvariantCulture, $"CPU {figures.CpuPercent:0}% (100% = 1 core), RSS {figures.ResidentMiB:0} MiB, peak {figures.PeakResidentMiB:0} MiB");

    /// <summary>Runs <paramref name="work"/> under a Spectre progress display.</summary>
    public static Task<T> WithProgress<T>(Func<ProgressContext, Task<T>> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(work);
}
