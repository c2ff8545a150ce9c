using System.Linq.Expressions;
using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Mail.Inbound;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Loyalty;

namespace RecoveryDesk.Application.CustomerData;

/// <summary>Everything the desk holds about one email address, in one document.</summary>
/// <param name="MailsWithoutCase">Mail from the address that joined none of the cases (ignored, or about another customer's case).</param>
public sealed record CustomerExport(string Email, DateTimeOffset ExportedAt, IReadOnlyList<ExportedCase> Cases, IReadOnlyList<ExportedMail> MailsWithoutCase);

/// <summary>One case of the customer, with what the desk recorded on it: the whole timeline, public and internal.</summary>
public sealed record ExportedCase(
    Guid Id,
    string Reference,
    ExportedCustomer Customer,
    string Subject,
    string Description,
    Channel Channel,
    string? Category,
    Priority Priority,
    CaseStatus Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    string? ResolutionSummary,
    IReadOnlyList<ExportedEntry> Timeline,
    IReadOnlyList<ExportedPromise> Promises,
    IReadOnlyList<ExportedMail> Mails,
    IReadOnlyList<ExportedAttachment> Attachments,
    IReadOnlyList<ExportedFeedback> Feedback);

public sealed record ExportedCustomer(string Name, string? Email, string? Phone, string? PreferredAddress, bool WantsUpdateMail);

/// <param name="IsPublic">False for what only the desk sees (internal notes, hand-off notes): check them for other people's data before handing the export over.</param>
public sealed record ExportedEntry(DateTimeOffset At, TimelineKind Kind, string By, bool IsPublic, string Text);

public sealed record ExportedPromise(string Text, DateTimeOffset MadeAt, DateTimeOffset DueAt, PromiseStatus Status);

/// <param name="Direction">"Out" for mail the desk sent, "In" for mail the customer sent.</param>
public sealed record ExportedMail(Guid Id, string Direction, DateTimeOffset At, string From, string To, string Subject, string Text, MailState State);

/// <summary>The customer's files as metadata: their bytes are for staff to hand over on their own.</summary>
public sealed record ExportedAttachment(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset At);

public sealed record ExportedFeedback(DateTimeOffset AnsweredAt, int Satisfaction, BuyAgain BuyAgain, int Recommend, string? Comment);

/// <summary>Admin: the customer's data, for a subject-access request. Matches the email case-insensitively.</summary>
public sealed record ExportCustomerDataQuery(Guid ActorId, string Email) : IQuery<CustomerExport>;

public sealed class ExportCustomerDataValidator : AbstractValidator<ExportCustomerDataQuery>
{
    public ExportCustomerDataValidator() => RuleFor(q => q.Email).CustomerEmail();
}

public sealed class ExportCustomerDataHandler(RecoveryDeskDbContext db, StaffActors actors, TimeProvider clock) : IQueryHandler<ExportCustomerDataQuery, CustomerExport>
{
    public async ValueTask<CustomerExport> Handle(ExportCustomerDataQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        if (!actor.IsAdmin)
        {
            throw new NotAllowedException("A customer's data is exported by an admin.");
        }

        var email = CustomerEmails.Normalise(query.Email);
        var cases = await db.Cases.AsNoTracking().Include(c => c.Promises)
            .Where(CustomerEmails.OfCustomer(email))
            .OrderBy(c => c.OpenedAt)
            .ToListAsync(cancellationToken);
        var ids = cases.Select(c => c.Id).ToList();
        var received = await CustomerEmails.MailsAsync(db.InboundMails.AsNoTracking(), ids, email, cancellationToken);
        if (cases.Count == 0 && received.Count == 0)
        {
            throw new NotFoundException("The desk holds nothing about that email address.");
        }

        var timeline = (await db.Timeline.AsNoTracking().Where(t => ids.Contains(t.CaseId)).ToListAsync(cancellationToken)).ToLookup(t => t.CaseId);
        var sent = (await db.CustomerMails.AsNoTracking().Where(m => ids.Contains(m.CaseId)).ToListAsync(cancellationToken)).ToLookup(m => m.CaseId);
        var files = (await db.CaseAttachments.AsNoTracking().Where(a => ids.Contains(a.CaseId)).ToListAsync(cancellationToken)).ToLookup(a => a.CaseId);
        var feedback = (await db.Feedback.AsNoTracking().Where(f => ids.Contains(f.CaseId)).ToListAsync(cancellationToken)).ToLookup(f => f.CaseId);
        var mailIn = new Dictionary<Guid, ExportedMail>();
        foreach (var message in received)
        {
            mailIn[message.Id] = await ReceivedAsync(message, cancellationToken);
        }

        var exported = cases.Select(c => new ExportedCase(
            c.Id,
            c.Reference,
            new ExportedCustomer(c.Customer.Name, c.Customer.Email, c.Customer.Phone, c.Customer.PreferredAddress, c.WantsUpdateMail),
            c.Subject,
            c.Description,
            c.Channel,
            c.Category,
            c.Priority,
            c.Status,
            c.OpenedAt,
            c.ResolvedAt,
            c.ClosedAt,
            c.ResolutionSummary,
            [.. timeline[c.Id].OrderBy(t => t.CaseVersion).ThenBy(t => t.At).Select(t => new ExportedEntry(t.At, t.Kind, t.ActorName, t.IsPublic, t.Text))],
            [.. c.Promises.OrderBy(p => p.MadeAt).Select(p => new ExportedPromise(p.Text, p.MadeAt, p.DueAt, p.Status))],
            [.. sent[c.Id].Select(Sent).Concat(received.Where(m => m.CaseId == c.Id).Select(m => mailIn[m.Id])).OrderBy(m => m.At)],
            [.. files[c.Id].OrderBy(a => a.At).Select(a => new ExportedAttachment(a.Id, a.FileName, a.ContentType, a.Size, Convert.ToHexStringLower(SHA256.HashData(a.Content)), a.At))],
            [.. feedback[c.Id].OrderBy(f => f.AnsweredAt).Select(f => new ExportedFeedback(f.AnsweredAt, f.Answers.Satisfaction, f.Answers.BuyAgain, f.Answers.Recommend, f.Comment))]));
        return new CustomerExport(
            email,
            clock.GetUtcNow(),
            [.. exported],
            [.. received.Where(m => m.CaseId is null || !ids.Contains(m.CaseId.Value)).Select(m => mailIn[m.Id])]);
    }

    private static ExportedMail Sent(CustomerMail m) =>
        new(m.Id, "Out", m.SentAt ?? m.CreatedAt, m.FromAddress, m.ToAddress, m.Subject, m.TextBody, m.State);

    private static async Task<ExportedMail> ReceivedAsync(InboundMail m, CancellationToken ct)
    {
        var text = m.Raw.Length == 0
            ? string.Empty
            : ReplyText.BodyOf(await MimeMessage.LoadAsync(new MemoryStream(m.Raw), ct));
        return new ExportedMail(m.Id, "In", m.ReceivedAt, m.FromAddress, "the desk", m.Subject, text, MailState.Received);
    }
}

/// <summary>The customer's email address as the data-rights routes take it, and what it finds.</summary>
public static class CustomerEmails
{
    /// <summary>Matched case-insensitively, as the desk matches mail to cases.</summary>
    public static string Normalise(string email) => SearchText.EmailKey(email)!;

    /// <param name="email">Normalised (<see cref="Normalise"/>, the same as the case's indexed search key).</param>
    public static Expression<Func<Case, bool>> OfCustomer(string email) =>
        c => c.CustomerEmailKey == email;

#pragma warning disable CA1304, CA1311, CA1862 // Translated to SQL lower(): the comparison happens in the database.

    /// <param name="email">Normalised (<see cref="Normalise"/>).</param>
    public static Expression<Func<InboundMail, bool>> From(string email) => m => m.FromAddress.ToLower() == email;
#pragma warning restore CA1304, CA1311, CA1862

    /// <summary>The mail that joined these cases, and the mail from <paramref name="email"/> (normalised) when given, oldest first.</summary>
    public static async Task<List<InboundMail>> MailsAsync(IQueryable<InboundMail> mails, IReadOnlyCollection<Guid> caseIds, string? email, CancellationToken ct)
    {
        var joined = await mails.Where(m => m.CaseId != null && caseIds.Contains(m.CaseId.Value)).ToListAsync(ct);
        var sent = email is null ? [] : await mails.Where(From(email)).ToListAsync(ct);
        return [.. joined.Concat(sent).DistinctBy(m => m.Id).OrderBy(m => m.ReceivedAt)];
    }

    public static IRuleBuilderOptions<T, string> CustomerEmail<T>(this IRuleBuilderInitial<T, string> rule) =>
        rule.RequiredText(Limits.Email).EmailAddress().WithMessage("A valid email address is required.");
}
