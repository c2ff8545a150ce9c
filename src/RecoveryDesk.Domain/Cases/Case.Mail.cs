using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

/// <summary>What the desk may mail the customer about this case.</summary>
public sealed partial class Case
{
    /// <summary>
    /// Whether the customer wants update mail (a promise made or moved, the resolution, a reopen). Answers
    /// to them — replies and the questions we wait on — are mailed either way.
    /// </summary>
    public bool WantsUpdateMail { get; private set; } = true;

    /// <summary>When mail to the customer's address came back as undeliverable; nothing more is sent to it.</summary>
    public DateTimeOffset? EmailBouncedAt { get; private set; }

    /// <summary>A delivery report said the customer's address does not take mail: noted for staff, and no more mail is tried.</summary>
    public void NoteUndeliverable(string report, DateTimeOffset now)
    {
        EmailBouncedAt = now;
        Touch(now);
        Record(now, TimelineKind.MailBounced, Actor.System, $"Mail to {Customer.Email} came back undeliverable: {report.Trim()}", isPublic: false);
        Raise(new CustomerEmailBounced(Id, now, OwnerId));
    }

    /// <summary>The customer stops or resumes update mail from their page. Returns false when it was already so.</summary>
    public bool SetUpdateMail(bool wanted, DateTimeOffset now)
    {
        if (WantsUpdateMail == wanted)
        {
            return false;
        }

        WantsUpdateMail = wanted;
        Touch(now);
        Record(
            now,
            TimelineKind.MailPreference,
            CustomerActor,
            wanted ? "You asked for update mail again." : "You asked us to stop update mail; replies to you still come by mail.",
            isPublic: true);
        Raise(new UpdateMailChanged(Id, now, OwnerId, wanted));
        return true;
    }
}
