using Airwave.Sandbox.Mux;

namespace Airwave.Mux.Tests;

/// <summary>One Mux emulator on loopback for a test class.</summary>
public sealed class MuxEmulatorFixture : IAsyncLifetime
{
    public MuxEmulator Emulator { get; private set; } = null!;

    public MuxCredentials Credentials => new(Emulator.Options.TokenId, Emulator.Options.TokenSecret);

    public async Task InitializeAsync() => Emulator = await MuxEmulator.StartAsync(new MuxEmulatorOptions(), CancellationToken.None);

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}
