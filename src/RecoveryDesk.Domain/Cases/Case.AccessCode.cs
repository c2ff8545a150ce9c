using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Domain.Cases;

public sealed partial class Case
{
    /// <summary>
    /// A customer who lost the link gets a new code from the owner or a supervisor: the old one stops
    /// working at once. The code is returned once, to be shown and mailed; only its hash is kept.
    /// </summary>
    public void IssueNewAccessCode(Actor actor, DateTimeOffset now, out string accessCode)
    {
        if (!MayIssueAccessCode(actor))
        {
            throw new NotAllowedException("Only the owner or a supervisor can issue a new access code.");
        }

        if (IsClosed)
        {
            throw new CaseRuleException("A closed case has no status page to open.");
        }

        accessCode = AccessCode.New();
        AccessCodeHash = AccessCode.Hash(accessCode);
        Touch(now);
        Record(now, TimelineKind.AccessCodeReissued, actor, "A new access code was issued; the old one no longer opens the status page.", isPublic: false);
        Raise(new AccessCodeReissued(Id, now));
    }

    private bool MayIssueAccessCode(Actor actor) => IsOwner(actor) || actor.IsSupervisor;
}
