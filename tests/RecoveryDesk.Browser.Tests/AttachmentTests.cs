using System.Text;
using Microsoft.Playwright;
using RecoveryDesk.Browser.Tests.Support;

namespace RecoveryDesk.Browser.Tests;

/// <summary>Files both ways: a reply with a file the customer saves from their page, and a customer's file that reaches the console.</summary>
public sealed class AttachmentTests : DeskFixture
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    [Test]
    public async Task ReplyWithAFile_TheCustomerSavesIt_AndTheirOwnFileReachesTheConsole()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Attachments: the returns label");
        var ava = await ConsoleOf("ava");
        await ava.GotoAsync($"/console#case/{staged.Id}");
        await ava.GetByLabel("Reply to the customer").FillAsync("Your returns label is attached: print it and stick it on the box.");
        await ava.Locator("#reply-files").SetInputFilesAsync(new FilePayload { Name = "returns-label.txt", MimeType = "text/plain", Buffer = "RETURN TO: Depot 4, Unit 9"u8.ToArray() });
        await ava.GetByRole(AriaRole.Button, new() { Name = "Send reply" }).ClickAsync();
        await Assertions.Expect(ava.Locator("#case-message")).ToHaveTextAsync("Reply sent to the customer.");
        await Assertions.Expect(ava.Locator(".timeline .kind-Reply").First.GetByRole(AriaRole.Link, new() { Name = "returns-label.txt" })).ToBeVisibleAsync();

        var customer = await Desk.StatusPageAsync(staged);
        var file = customer.GetByRole(AriaRole.Button, new() { Name = "returns-label.txt" });
        await Assertions.Expect(file).ToBeVisibleAsync();
        await Accessibility.AssertNoAxeViolationsAsync(customer, "the status page with a reply's file");
        var download = await customer.RunAndWaitForDownloadAsync(() => file.ClickAsync());
        Assert.That(download.SuggestedFilename, Is.EqualTo("returns-label.txt"));
        var saved = await download.PathAsync();
        Assert.That(await File.ReadAllTextAsync(saved!), Is.EqualTo("RETURN TO: Depot 4, Unit 9"));

        await customer.GetByLabel("Write to Ava").FillAsync("Here is a photo of the box as it came.");
        await customer.Locator("#message-files").SetInputFilesAsync(new FilePayload { Name = "box.png", MimeType = "image/png", Buffer = Png });
        await customer.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        await Assertions.Expect(customer.Locator(".public-timeline").GetByRole(AriaRole.Button, new() { Name = "box.png" })).ToBeVisibleAsync();

        var entry = ava.Locator(".timeline li.from-customer", new() { HasText = "a photo of the box" });
        await Assertions.Expect(entry.GetByRole(AriaRole.Link, new() { Name = "box.png" })).ToBeVisibleAsync();
        await Accessibility.AssertNoAxeViolationsAsync(ava, "the case view with files on its timeline");
    }

    [Test]
    public async Task AFileThatIsNotWhatItsNameSays_IsRefusedInWords_AndNothingIsSent()
    {
        var staged = await Stage.OwnedCaseAsync("ava", "Attachments: a page called a photo");
        var customer = await Desk.StatusPageAsync(staged);

        await customer.GetByLabel("Write to Ava").FillAsync("See the photo.");
        await customer.Locator("#message-files").SetInputFilesAsync(new FilePayload
        {
            Name = "photo.png", MimeType = "image/png", Buffer = Encoding.UTF8.GetBytes("<html><script>window.__pwned = 1</script></html>"),
        });
        await customer.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();

        await Assertions.Expect(customer.Locator("form.write")).ToContainTextAsync("“photo.png” is not a PNG image: its content is plain text.");
        await Assertions.Expect(customer.GetByLabel("Write to Ava")).ToHaveValueAsync("See the photo.");
        await Assertions.Expect(customer.Locator(".public-timeline")).Not.ToContainTextAsync("See the photo.");
        await Accessibility.AssertNoAxeViolationsAsync(customer, "the status page refusing a file");
    }
}
