using CrmHub.LoadTest;
using Spectre.Console;

LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"{e.Message}\n{LoadOptions.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var machine = MachineFigures.Now(options);
AnsiConsole.MarkupLineInterpolated($"[bold]CrmHub load test[/] — mode {options.Mode}, {machine.Cores} cores, load average {machine.LoadAverage}, storage {options.Storage}");
object report = options.Mode switch
{
    LoadMode.Run => await LoadRun.RunAsync(options, machine, cancel.Token),
    LoadMode.Grains or LoadMode.Restart => await ScaleRun.RunAsync(options, machine, cancel.Token),
    _ => throw new InvalidOperationException(),
};
if (options.JsonPath is { } path)
{
    await File.WriteAllTextAsync(path, Report.Json(report), cancel.Token);
    AnsiConsole.MarkupLineInterpolated($"Written to [bold]{path}[/]");
}
return 0;
