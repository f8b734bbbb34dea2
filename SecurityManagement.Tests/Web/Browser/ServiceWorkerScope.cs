using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>
/// Runs script inside the app's service worker, as DevTools' console does: Playwright for .NET gives no handle
/// on service workers, so this attaches to the worker's target over the DevTools protocol and evaluates there.
/// </summary>
internal sealed class ServiceWorkerScope : IAsyncDisposable
{
    private readonly ICDPSession _browser;
    private readonly string _session;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _replies = new();
    private int _next;

    private ServiceWorkerScope(ICDPSession browser, string session)
    {
        _browser = browser;
        _session = session;
    }

    /// <summary>Attaches to the app's worker in the browser context of <paramref name="page"/> (every context has its own).</summary>
    public static async Task<ServiceWorkerScope> AttachAsync(IBrowser browser, IPage page, Uri app)
    {
        var pageSession = await page.Context.NewCDPSessionAsync(page);
        var context = (await pageSession.SendAsync("Target.getTargetInfo"))!.Value.GetProperty("targetInfo").GetProperty("browserContextId").GetString();
        await pageSession.DetachAsync();
        var session = await browser.NewBrowserCDPSessionAsync();
        var targets = (await session.SendAsync("Target.getTargets"))!.Value.GetProperty("targetInfos").EnumerateArray();
        var worker = targets.FirstOrDefault(t => t.GetProperty("type").GetString() == "service_worker"
            && t.GetProperty("browserContextId").GetString() == context
            && t.GetProperty("url").GetString() == new Uri(app, "/sw.js").ToString());
        Assert.True(worker.ValueKind == JsonValueKind.Object, "The app's service worker is not running in the browser.");
        var attached = await session.SendAsync("Target.attachToTarget", new Dictionary<string, object>
        {
            ["targetId"] = worker.GetProperty("targetId").GetString()!,
            ["flatten"] = false,
        });
        var scope = new ServiceWorkerScope(session, attached!.Value.GetProperty("sessionId").GetString()!);
        session.Event("Target.receivedMessageFromTarget").OnEvent += (_, received) => scope.Receive(received);
        return scope;
    }

    /// <summary>Evaluates an expression in the worker (a promise is awaited); returns its value as text.</summary>
    public async Task<string> EvaluateAsync(string expression)
    {
        var id = Interlocked.Increment(ref _next);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[id] = reply;
        var message = JsonSerializer.Serialize(new
        {
            id,
            method = "Runtime.evaluate",
            @params = new { expression, awaitPromise = true, returnByValue = true },
        });
        await _browser.SendAsync("Target.sendMessageToTarget", new Dictionary<string, object> { ["sessionId"] = _session, ["message"] = message });
        var result = await reply.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.False(result.TryGetProperty("exceptionDetails", out var error), $"The service worker threw: {error}");
        return result.GetProperty("result").GetProperty("value").GetString() ?? "";
    }

    public async ValueTask DisposeAsync() => await _browser.DetachAsync();

    private void Receive(JsonElement? received)
    {
        if (received?.GetProperty("sessionId").GetString() != _session)
        {
            return;
        }

        var message = JsonDocument.Parse(received.Value.GetProperty("message").GetString()!).RootElement;
        if (message.TryGetProperty("id", out var id) && _replies.TryRemove(id.GetInt32(), out var reply))
        {
            reply.TrySetResult(message.GetProperty("result"));
        }
    }
}
