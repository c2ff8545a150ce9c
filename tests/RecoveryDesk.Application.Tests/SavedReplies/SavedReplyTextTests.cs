using FluentValidation.TestHelper;
using RecoveryDesk.Application.SavedReplies;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Tests.SavedReplies;

/// <summary>What a saved reply's placeholders become on a case, and which are refused when it is saved.</summary>
public sealed class SavedReplyTextTests
{
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly Guid Team = Guid.Parse("0a0a0a0a-0000-4000-8000-00000000000a");

    private static readonly Actor Ava = Actor.Staff(Guid.Parse("a1a1a1a1-0000-4000-8000-0000000000a1"), "Ava Thompson", [Team], StaffRoles.Agent);

    [Test]
    public void Fill_EveryPlaceholder_TakesTheCasesValues_AndTheEarliestOpenPromiseAsTheNextDueTime()
    {
        var @case = Case.Open(Ava, new Customer("Margaret Hill", null, "020 7946 0000", "Mrs Hill"), "Vase", "Broken.", Channel.Phone, null, Priority.P2, Team, Monday, out _);
        @case.Claim(Ava, Monday);
        @case.Reply(Ava, "On it.", Monday);
        @case.MakePromise(Ava, "Call back", Monday.AddHours(2.5), Monday);

        var (text, unfilled) = SavedReplyText.Fill("{addressAs}: {ownerFirstName} on { reference } by {nextDueAt}.", @case, Monday.AddMinutes(5));

        Assert.That(text, Is.EqualTo($"Mrs Hill: Ava on {@case.Reference} by Monday 2 March at 11:30 UTC."));
        Assert.That(unfilled, Is.Empty);
    }

    [Test]
    public void Fill_WithoutAPreferredAddress_UsesTheName_AndLeavesWhatHasNoValueAsWritten()
    {
        var @case = Case.Open(Ava, new Customer("Margaret Hill", null, "020 7946 0000", null), "Vase", "Broken.", Channel.Phone, null, Priority.P2, Team, Monday, out _);
        @case.Claim(Ava, Monday);
        @case.WaitOnCustomer(Ava, Monday);

        var (text, unfilled) = SavedReplyText.Fill("Dear {addressAs}, by {nextDueAt}; {nextDueAt}.", @case, Monday);

        Assert.That(text, Is.EqualTo("Dear Margaret Hill, by {nextDueAt}; {nextDueAt}."));
        Assert.That(unfilled, Is.EqualTo(new[] { "nextDueAt" }));
    }

    [Test]
    public void Validator_UnknownPlaceholders_AreNamedPerField_WithTheFourThatExist()
    {
        var result = new CreateSavedReplyValidator().TestValidate(new CreateSavedReplyCommand(Guid.NewGuid(), Team, "For {customer}", "Hi {addressAs} and {nickname}, re {{reference}}."));

        result.ShouldHaveValidationErrorFor("title").WithErrorMessage("Unknown placeholder {customer}; a saved reply can use {addressAs}, {ownerFirstName}, {nextDueAt}, {reference}.");
        result.ShouldHaveValidationErrorFor("text").WithErrorMessage("Unknown placeholder {nickname}; a saved reply can use {addressAs}, {ownerFirstName}, {nextDueAt}, {reference}.");
    }

    [Test]
    public void Validator_TitleAndText_HaveTheirLimits()
    {
        var result = new UpdateSavedReplyValidator().TestValidate(new UpdateSavedReplyCommand(Guid.NewGuid(), Team, Guid.NewGuid(), new string('t', 101), new string('x', 4001)));

        result.ShouldHaveValidationErrorFor(c => c.Title);
        result.ShouldHaveValidationErrorFor(c => c.Text);
    }
}
