using System.Diagnostics;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SecurityManagement.Tests.Web.Browser;

/// <summary>An SOS from a resident's phone to two guard tablets, acknowledged by one and closed with a note.</summary>
[Collection(BrowserTests.Name)]
public sealed class SosTests(BrowserFixture fixture)
{
    private static readonly TimeSpan TwoSeconds = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task AnSosAlarmsTwoGuardTabletsWithinTwoSecondsAndStopsOnBothWhenOneAcknowledges()
    {
        await using var resident = await fixture.NewSessionAsync(390, 844, "resident");
        await using var landscape = await fixture.NewSessionAsync(1024, 768, "guard-landscape");
        await using var portrait = await fixture.NewSessionAsync(768, 1024, "guard-portrait");
        await resident.SignInAsync("9000000103", "/resident");
        await landscape.SignInAsync("9000000011", "/guard");
        await portrait.SignInAsync("9000000012", "/guard");

        // Two deliberate steps after the button: what is happening, then send (placed where no earlier tap lands).
        await resident.Page.GetByTestId("sos-open").ClickAsync();
        await resident.Page.GetByTestId("sos-kind-Fire").ClickAsync();
        await Expect(resident.Page.GetByTestId("sos-send")).ToBeVisibleAsync();
        await Expect(landscape.Page.GetByTestId("sos-alarm")).ToHaveCountAsync(0);
        await Accessibility.AssertNoSeriousViolationsAsync(resident.Page, "the SOS confirmation");
        await Shot(resident.Page, "resident-confirm");
        var clock = Stopwatch.StartNew();
        await resident.Page.GetByTestId("sos-send").ClickAsync();

        foreach (var guard in new[] { landscape.Page, portrait.Page })
        {
            await Expect(guard.GetByTestId("sos-alarm")).ToBeVisibleAsync(new() { Timeout = (float)TwoSeconds.TotalMilliseconds });
            await Expect(guard.GetByTestId("sos-ringing")).ToContainTextAsync("A-102");
            await Expect(guard.GetByTestId("sos-ringing")).ToContainTextAsync("9000000103");
        }

        Report($"SOS sent to the alarm on both tablets: {clock.ElapsedMilliseconds} ms");
        await Expect(resident.Page.GetByTestId("sos-status")).ToContainTextAsync("The guards' screens are ringing.");
        await Accessibility.AssertNoSeriousViolationsAsync(portrait.Page, "the SOS alarm");
        await Shot(landscape.Page, "alarm-landscape");
        await Shot(portrait.Page, "alarm-portrait");
        await Shot(resident.Page, "resident-sent");

        clock.Restart();
        await landscape.Page.GetByTestId("sos-acknowledge").ClickAsync();
        foreach (var guard in new[] { landscape.Page, portrait.Page })
        {
            await Expect(guard.GetByTestId("sos-alarm")).ToHaveCountAsync(0, new() { Timeout = (float)TwoSeconds.TotalMilliseconds });
        }

        Report($"Acknowledged on one tablet to the alarm gone from both: {clock.ElapsedMilliseconds} ms");
        await Expect(resident.Page.GetByTestId("sos-coming")).ToContainTextAsync("Ramesh Kumar is coming");
        await Expect(portrait.Page.GetByTestId("sos-going")).ToContainTextAsync("Ramesh Kumar is going");

        // Closing needs a note of what happened, said beside the field.
        await portrait.Page.GetByTestId("sos-close").ClickAsync();
        await Expect(portrait.Page.GetByTestId("sos-open-alert").Locator(".mud-input-error-text")).ToBeVisibleAsync();
        await Shot(portrait.Page, "close-without-note");
        await portrait.Page.GetByTestId("sos-note").FillAsync("Smoke from a kitchen; put out, nobody hurt");
        await portrait.Page.GetByTestId("sos-close").ClickAsync();

        foreach (var guard in new[] { landscape.Page, portrait.Page })
        {
            await Expect(guard.GetByTestId("sos-open-alert")).ToHaveCountAsync(0, new() { Timeout = (float)TwoSeconds.TotalMilliseconds });
        }

        await Expect(resident.Page.GetByTestId("sos-closed")).ToContainTextAsync("Suresh Yadav");
        await Expect(resident.Page.GetByTestId("sos-closed")).ToContainTextAsync("nobody hurt");
        await Expect(resident.Page.GetByTestId("sos-open")).ToBeVisibleAsync();
    }

    private static Task Shot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserSession.ScreenshotFolder);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotFolder, $"sos.{name}.png"), FullPage = true });
    }

    private static void Report(string line)
    {
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }
}
