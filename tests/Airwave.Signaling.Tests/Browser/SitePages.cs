using System.Collections.Concurrent;
using System.Globalization;
using Airwave.Sandbox.Aws;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Airwave.Signaling.Tests.Browser;

/// <summary>A website that embeds the script: pages the test writes, served at <see cref="Origin"/>.</summary>
public sealed class SitePages : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (string Body, string Type)> _pages = new();

    private SitePages(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    public string Origin { get; }

    public static async Task<SitePages> StartAsync(string address)
    {
        var port = LoopbackPorts.Reserve(System.Net.IPAddress.Parse(address));
        var origin = $"http://{address}:{port.ToString(CultureInfo.InvariantCulture)}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(origin);
        var app = builder.Build();
        var pages = new SitePages(app, origin);
        app.MapGet("/{name}", (string name) => pages._pages.TryGetValue(name, out var page) ? Results.Content(page.Body, page.Type) : Results.NotFound());
        await app.StartAsync();
        return pages;
    }

    /// <summary>Serves <paramref name="html"/> at /<paramref name="name"/>; returns its URL.</summary>
    public string Put(string name, string html) => Put(name, html, "text/html; charset=utf-8");

    /// <summary>Serves a JavaScript module at /<paramref name="name"/>, which the site's pages import.</summary>
    public string PutScript(string name, string script) => Put(name, script, "text/javascript; charset=utf-8");

    private string Put(string name, string body, string type)
    {
        _pages[name] = (body, type);
        return $"{Origin}/{name}";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
