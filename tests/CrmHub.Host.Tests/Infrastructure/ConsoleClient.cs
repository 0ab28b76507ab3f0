using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace CrmHub.Host.Tests.Infrastructure;

/// <summary>A notification as a console receives it: <c>{"seq","kind","occurredAt","data"}</c>.</summary>
public sealed record ConsoleNotification(long Seq, string Kind, DateTimeOffset OccurredAt, JsonElement Data)
{
    /// <summary>A string field of <see cref="Data"/>, or null when it is missing or not a string.</summary>
    public string? DataString(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public string? ComplaintId => DataString("complaintId");

    public bool IsAbout(string complaintId) => string.Equals(ComplaintId, complaintId, StringComparison.Ordinal);

    public override string ToString() => $"#{Seq} {Kind} {Data.GetRawText()}";
}

/// <summary>The answer to <c>Resync(afterSeq)</c>.</summary>
public sealed record ConsoleResync(IReadOnlyList<ConsoleNotification> Items, long LastSeq, bool Complete);

/// <summary>
/// A real SignalR console (<see cref="HubConnection"/>, JSON protocol) of one user. It records every
/// <c>Notify</c> it receives and can wait for one.
/// </summary>
public sealed class ConsoleClient : IAsyncDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly List<ConsoleNotification> _received = [];
    private TaskCompletionSource _changed = NewSignal();

    private ConsoleClient(HubConnection connection, string userName)
    {
        Connection = connection;
        UserName = userName;
        connection.On<ConsoleNotification>("Notify", Record);
    }

    public HubConnection Connection { get; }

    public string UserName { get; }

    /// <summary>The inbox's last sequence number when the console (re)connected (from a Resync round trip).</summary>
    public long LastSeqAtConnect { get; private set; }

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<ConsoleNotification> Received
    {
        get
        {
            lock (_gate)
                return [.. _received];
        }
    }

    /// <summary>
    /// Connects with the token (sent as <c>access_token</c> for WebSockets, as a bearer header otherwise),
    /// then makes one hub call: the server runs <c>OnConnectedAsync</c> (which registers the console)
    /// before it dispatches any call, so the console is known to the cluster when this returns.
    /// </summary>
    public static Task<ConsoleClient> ConnectAsync(
        Uri hubUrl, string userName, Func<string?> accessToken, CancellationToken cancellationToken = default) =>
        ConnectAsync(hubUrl, userName, accessToken, transport: null, cancellationToken);

    /// <summary>
    /// As above, on one <paramref name="transport"/> (null: negotiated, WebSockets first). With a null
    /// <paramref name="accessToken"/> the client sends no token of its own (put one in the URL, or test refusal).
    /// </summary>
    public static async Task<ConsoleClient> ConnectAsync(
        Uri hubUrl, string userName, Func<string?>? accessToken, HttpTransportType? transport, CancellationToken cancellationToken = default)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, options =>
            {
                if (accessToken is not null)
                    options.AccessTokenProvider = () => Task.FromResult(accessToken());
                if (transport is { } only)
                    options.Transports = only;
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        var console = new ConsoleClient(connection, userName);
        try
        {
            await console.StartAsync(cancellationToken);
            return console;
        }
        catch
        {
            await console.DisposeAsync();
            throw;
        }
    }

    /// <summary>(Re)starts the connection and waits until the server has registered it.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await Connection.StartAsync(cancellationToken);
        LastSeqAtConnect = (await ResyncAsync(long.MaxValue / 2, cancellationToken)).LastSeq;
    }

    /// <summary>Closes the connection (the console goes offline); <see cref="StartAsync"/> reconnects it.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => Connection.StopAsync(cancellationToken);

    public Task<ConsoleResync> ResyncAsync(long afterSeq, CancellationToken cancellationToken = default) =>
        Connection.InvokeAsync<ConsoleResync>("Resync", afterSeq, cancellationToken);

    /// <summary>The first received notification matching <paramref name="predicate"/>, waiting up to <paramref name="timeout"/> for it.</summary>
    public async Task<ConsoleNotification> WaitForAsync(
        Func<ConsoleNotification, bool> predicate, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var wait = timeout ?? DefaultWait;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(wait);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var match = _received.FirstOrDefault(predicate);
                if (match is not null)
                    return match;
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"{UserName}'s console received no matching notification within {wait.TotalSeconds:0.#} s; it received:\n"
                    + string.Join('\n', Received));
            }
        }
    }

    /// <summary>Waits for a notification of <paramref name="kind"/> about <paramref name="complaintId"/>.</summary>
    public Task<ConsoleNotification> WaitForAsync(
        string kind, string complaintId, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForAsync(n => n.Kind == kind && n.IsAbout(complaintId), timeout, cancellationToken);

    /// <summary>Every received notification about <paramref name="complaintId"/>.</summary>
    public IReadOnlyList<ConsoleNotification> ReceivedAbout(string complaintId) =>
        [.. Received.Where(n => n.IsAbout(complaintId))];

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Connection.StopAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or HttpRequestException)
        {
            // Never connected, or the host is already gone.
        }
        await Connection.DisposeAsync();
    }

    private void Record(ConsoleNotification notification)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _received.Add(notification);
            changed = _changed;
            _changed = NewSignal();
        }
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
