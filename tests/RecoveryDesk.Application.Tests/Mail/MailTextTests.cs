using RecoveryDesk.Application.Mail;

namespace RecoveryDesk.Application.Tests.Mail;

public sealed class MailTextTests
{
    [TestCase("Refund\r\nBcc: someone@example.com", "Refund Bcc: someone@example.com")]
    [TestCase("  two   spaces\tand a tab ", "two spaces and a tab")]
    [TestCase("", "")]
    public void OneLine_NeverKeepsALineBreak(string text, string expected) =>
        Assert.That(MailText.OneLine(text), Is.EqualTo(expected));

    [Test]
    public void Clip_CutsAtTheLimit() =>
        Assert.That(MailText.Clip("abcdef", 4), Is.EqualTo("abcd"));

    [Test]
    public void Clip_LeavesShortTextAndNothingAlone()
    {
        Assert.That(MailText.Clip("abc", 4), Is.EqualTo("abc"));
        Assert.That(MailText.Clip(null, 4), Is.Null);
    }

    [Test]
    public void Clip_NeverSplitsASurrogatePair()
    {
        var clipped = MailText.Clip("abc\U0001F600d", 4);

        Assert.That(clipped, Is.EqualTo("abc"));
    }
}
