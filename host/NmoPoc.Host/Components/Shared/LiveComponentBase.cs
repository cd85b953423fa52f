using Microsoft.AspNetCore.Components;
using NmoPoc.Host.Dashboard;

namespace NmoPoc.Host.Components.Shared;

/// <summary>
/// A page that reloads itself when <see cref="WardEvents"/> reports a change it shows. Subscribes once the circuit
/// is interactive (not during prerendering), reloads once right after subscribing so nothing between the first
/// load and the subscription is missed, and unsubscribes with the circuit.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private IDisposable? _subscription;

    [Inject] protected WardEvents Events { get; set; } = null!;

    /// <summary>When the page last reloaded because of a live change (shown as "updated").</summary>
    protected DateTimeOffset? LiveUpdatedAt { get; private set; }

    /// <summary>True when the change names something this page shows.</summary>
    protected abstract bool Concerns(WardChange change);

    /// <summary>Loads the page's data again.</summary>
    protected abstract Task ReloadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _subscription is null)
        {
            _subscription = Events.Subscribe(OnChangeAsync);
            await ReloadAsync();
            StateHasChanged();
        }
    }

    private Task OnChangeAsync(WardChange change) => !Concerns(change) ? Task.CompletedTask : InvokeAsync(async () =>
    {
        await ReloadAsync();
        LiveUpdatedAt = DateTimeOffset.UtcNow;
        StateHasChanged();
    });

    public virtual void Dispose()
    {
        _subscription?.Dispose();
        GC.SuppressFinalize(this);
    }
}
