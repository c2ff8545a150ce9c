using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;

namespace RecoveryDesk.Application.Mail;

/// <summary>One mail on a case, as staff see it beside the timeline.</summary>
public sealed record MailSummary(
    Guid Id,
    string Direction,
    string Kind,
    string To,
    string From,
    string Subject,
    DateTimeOffset At,
    MailState State,
    DateTimeOffset? SentAt,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    string? Failure,
    string MessageId);

/// <summary>A mail with exactly what the customer got: the text part and the HTML part.</summary>
/// <param name="Attachments">The files that came with a customer's mail (none for mail the desk sent).</param>
public sealed record MailDetail(MailSummary Mail, string? ReplyTo, string Text, string Html, IReadOnlyList<Attachments.AttachmentView> Attachments);

/// <summary>A mail that failed for good, for the supervisors' board: the customer has not been told.</summary>
public sealed record UnsentMail(Guid CaseId, string Reference, string CustomerName, string? OwnerName, Guid MailId, string Subject, DateTimeOffset At, string? Failure);

public sealed record GetCaseMailQuery(Guid ActorId, Guid CaseId) : IQuery<IReadOnlyList<MailSummary>>;

public sealed record GetMailQuery(Guid ActorId, Guid CaseId, Guid MailId) : IQuery<MailDetail>;

public sealed class GetCaseMailHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetCaseMailQuery, IReadOnlyList<MailSummary>>
{
    public async ValueTask<IReadOnlyList<MailSummary>> Handle(GetCaseMailQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        if (!await db.Cases.AnyAsync(c => c.Id == query.CaseId, cancellationToken))
        {
            throw new NotFoundException("There is no case with that id.");
        }

        var sent = await db.CustomerMails.AsNoTracking()
            .Where(m => m.CaseId == query.CaseId)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.CaseVersion).ThenBy(m => m.Id)
            .Select(MailProjections.Summary)
            .ToListAsync(cancellationToken);
        var received = await db.Set<Inbound.InboundMail>().AsNoTracking()
            .Where(m => m.CaseId == query.CaseId)
            .OrderBy(m => m.ReceivedAt)
            .Select(MailProjections.ReceivedSummary)
            .ToListAsync(cancellationToken);
        return [.. sent.Concat(received).OrderBy(m => m.At)];
    }
}

public sealed class GetMailHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<GetMailQuery, MailDetail>
{
    public async ValueTask<MailDetail> Handle(GetMailQuery query, CancellationToken cancellationToken)
    {
        await actors.LoadAsync(query.ActorId, cancellationToken);
        var mail = await db.CustomerMails.AsNoTracking()
            .Where(m => m.CaseId == query.CaseId && m.Id == query.MailId)
            .FirstOrDefaultAsync(cancellationToken);
        if (mail is not null)
        {
            return new MailDetail(MailProjections.ToSummary(mail), mail.ReplyTo, mail.TextBody, mail.HtmlBody, []);
        }

        var received = await db.Set<Inbound.InboundMail>().AsNoTracking()
            .Where(m => m.CaseId == query.CaseId && m.Id == query.MailId)
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("There is no such mail on this case.");
        // The whole message as it came, as text only: staff read what the customer wrote before it was cut.
        var text = received.Raw.Length == 0 ? "(The message was too large to keep.)" : Inbound.ReplyText.BodyOf(await MimeKit.MimeMessage.LoadAsync(new MemoryStream(received.Raw), cancellationToken));
        return new MailDetail(
            MailProjections.ToReceivedSummary(received),
            null,
            text,
            string.Empty,
            await db.CaseAttachments.AsNoTracking()
                .Where(a => a.InboundMailId == received.Id)
                .OrderBy(a => a.At).ThenBy(a => a.FileName)
                .Select(a => new Attachments.AttachmentView(a.Id, a.FileName, a.ContentType, a.Size))
                .ToListAsync(cancellationToken));
    }
}

internal static class MailProjections
{
    public static readonly System.Linq.Expressions.Expression<Func<CustomerMail, MailSummary>> Summary = m => new MailSummary(
        m.Id,
        "Out",
        m.Kind.ToString(),
        m.ToName + " <" + m.ToAddress + ">",
        m.FromName + " <" + m.FromAddress + ">",
        m.Subject,
        m.CreatedAt,
        m.State,
        m.SentAt,
        m.Attempts,
        m.State == MailState.Queued ? m.NextAttemptAt : null,
        m.LastError,
        m.MessageId);

    public static readonly Func<CustomerMail, MailSummary> ToSummary = Summary.Compile();

    /// <summary>A mail the customer sent in, listed beside the ones the desk sent.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Inbound.InboundMail, MailSummary>> ReceivedSummary = m => new MailSummary(
        m.Id, "In", "CustomerMail", "the team mailbox", m.FromAddress, m.Subject, m.ReceivedAt, MailState.Received, null, 1, null, null, m.MessageId ?? string.Empty);

    public static readonly Func<Inbound.InboundMail, MailSummary> ToReceivedSummary = ReceivedSummary.Compile();

    /// <summary>Mail that failed since <paramref name="since"/> on cases not yet closed, newest first: customers who have not been told (an erased customer is not to be told).</summary>
    public static async Task<IReadOnlyList<UnsentMail>> UnsentAsync(RecoveryDeskDbContext db, DateTimeOffset since, int limit, CancellationToken ct) =>
        await db.CustomerMails.AsNoTracking()
            .Where(m => m.State == MailState.Failed && m.CreatedAt >= since)
            .Join(db.Cases.Where(c => c.Status != Domain.Cases.CaseStatus.Closed && c.ErasedAt == null), m => m.CaseId, c => c.Id, (m, c) => new { m, c })
            .OrderByDescending(x => x.m.CreatedAt)
            .Take(limit)
            .Select(x => new UnsentMail(x.c.Id, x.c.Reference, x.c.Customer.Name, x.c.OwnerName, x.m.Id, x.m.Subject, x.m.CreatedAt, x.m.LastError))
            .ToListAsync(ct);
}
