namespace RecoveryDesk.Domain.Cases;

/// <summary>What became of an open promise when the case is resolved: kept, or broken with what the customer is told.</summary>
public sealed record PromiseOutcome(Guid PromiseId, bool Kept, string? Note = null);

/// <summary>A commitment made to the customer ("I will call you back by 3 pm Tuesday"), with a due time.</summary>
public sealed class Promise
{
    private Promise()
    {
        Text = string.Empty;
    }

    internal Promise(Guid caseId, string text, DateTimeOffset madeAt, DateTimeOffset dueAt, Guid madeById)
    {
        Id = Guid.CreateVersion7(madeAt);
        CaseId = caseId;
        Text = text;
        MadeAt = madeAt;
        DueAt = dueAt;
        OriginalDueAt = dueAt;
        MadeById = madeById;
        Status = PromiseStatus.Open;
        RemindAt = ReminderFor(madeAt, dueAt);
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public string Text { get; private set; }

    public DateTimeOffset MadeAt { get; private set; }

    public DateTimeOffset DueAt { get; private set; }

    public DateTimeOffset OriginalDueAt { get; private set; }

    public Guid MadeById { get; private set; }

    public PromiseStatus Status { get; private set; }

    public DateTimeOffset? SettledAt { get; private set; }

    /// <summary>When the owner is told the promise is close: keep it, or tell the customer why not.</summary>
    public DateTimeOffset RemindAt { get; private set; }

    public DateTimeOffset? RemindedAt { get; private set; }

    /// <summary>Open or renegotiated: the desk still owes the customer this.</summary>
    public bool IsOutstanding => Status is PromiseStatus.Open or PromiseStatus.Renegotiated;

    internal void Keep(DateTimeOffset at)
    {
        Status = PromiseStatus.Kept;
        SettledAt = at;
    }

    internal void Break(DateTimeOffset at)
    {
        Status = PromiseStatus.Broken;
        SettledAt = at;
    }

    internal void Renegotiate(DateTimeOffset newDueAt, DateTimeOffset now)
    {
        Status = PromiseStatus.Renegotiated;
        DueAt = newDueAt;
        RemindAt = ReminderFor(now, newDueAt);
        RemindedAt = null;
    }

    internal void MarkReminded(DateTimeOffset now) => RemindedAt = now;

    internal void Erase(string marker) => Text = marker;

    /// <summary>A quarter of the time given, at most half an hour before it is due.</summary>
    private static DateTimeOffset ReminderFor(DateTimeOffset from, DateTimeOffset dueAt)
    {
        var lead = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(30).Ticks, (dueAt - from).Ticks / 4));
        return dueAt - lead;
    }
}
