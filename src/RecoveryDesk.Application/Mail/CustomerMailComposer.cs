using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using MimeKit;
using RecoveryDesk.Application.Outbox;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Mail;

/// <summary>
/// Turns what a save is about to commit into mail for the customer, rendered in full and added to the
/// same save: the acknowledgement, each public reply, a promise made or moved, the question we wait on,
/// the resolution, a reopen by the desk and a follow-up opened for them. Worded as the status page words
/// the same facts (<see cref="PublicWording"/>); nothing internal, no surnames, no staff addresses.
/// Runs before <see cref="OutboxComposer"/>, which takes the cases' events.
/// </summary>
public sealed partial class CustomerMailComposer(MailOptions options, StatusLinks links, OpeningCodes codes)
{
    /// <summary>Adds the mails to the context; returns whether this save writes any to send.</summary>
    public async Task<bool> AddMailsAsync(RecoveryDeskDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var planned = new List<(EntityEntry<Case> Entry, Planned Mail)>();
        foreach (var entry in db.ChangeTracker.Entries<Case>().ToList())
        {
            if (entry.State is EntityState.Added or EntityState.Modified && entry.Entity.Customer.Email is not null)
            {
                planned.AddRange(Plan(db, entry).Where(mail => !mail.IsUpdate || entry.Entity.WantsUpdateMail).Select(mail => (entry, mail)));
            }
        }

        var queued = db.ChangeTracker.Entries<CustomerMail>().Any(m => m.State == EntityState.Added && m.Entity.State == MailState.Queued);
        if (planned.Count == 0)
        {
            return queued;
        }

        var senders = new Dictionary<Guid, Sender>();
        foreach (var (entry, mail) in planned)
        {
            var @case = entry.Entity;
            if (!senders.TryGetValue(@case.TeamId, out var sender))
            {
                sender = await SenderOfAsync(db, @case.TeamId, ct);
                senders[@case.TeamId] = sender;
            }

            if (mail.Kind == MailKind.WaitingOnCustomer && mail.Values.GetValueOrDefault("question") is null)
            {
                var question = await LastReplyAsync(db, @case.Id, ct);
                mail.Values["question"] = question is null ? "How would you like us to go on?" : PublicWording.FirstNamesOnly(question, OutboxComposer.StaffNamesOf(entry, []));
            }

            db.Set<CustomerMail>().Add(Write(entry, mail, sender, now));
        }

        return true;
    }

    /// <summary>What the events of one case call for, with the values only the change itself knows.</summary>
    private IEnumerable<Planned> Plan(RecoveryDeskDbContext db, EntityEntry<Case> entry)
    {
        var @case = entry.Entity;
        var added = db.ChangeTracker.Entries<TimelineEntry>()
            .Where(t => t.State == EntityState.Added && t.Entity.CaseId == @case.Id && t.Entity.IsPublic)
            .Select(t => t.Entity)
            .OrderBy(t => t.CaseVersion)
            .ToList();
        var names = OutboxComposer.StaffNamesOf(entry, added);
        string Public(string text) => PublicWording.FirstNamesOnly(text, names);
        var zone = PublicWording.ZoneOf(@case);
        string When(DateTimeOffset at) => PublicWording.When(at, @case.LastActivityAt, zone);
        TimelineEntry? Entry(TimelineKind kind) => added.LastOrDefault(t => t.Kind == kind);
        string? PromiseText(Guid id) => @case.Promises.FirstOrDefault(p => p.Id == id)?.Text is { } text ? Public(text) : null;

        foreach (var @event in @case.Events)
        {
            switch (@event)
            {
                case CaseOpened when @case.LinkedCaseId is null:
                    yield return WithCode(MailKind.Opened, @case);
                    break;
                case AccessCodeReissued:
                    yield return WithCode(MailKind.NewAccessCode, @case);
                    break;
                case ReplySent when Entry(TimelineKind.Reply) is { } reply:
                    yield return new(MailKind.Reply, false, new() { ["reply"] = Public(reply.Text) });
                    break;
                case PromiseMade made when PromiseText(made.PromiseId) is { } promise:
                    yield return new(MailKind.PromiseMade, true, new() { ["promise"] = promise, ["dueAt"] = When(made.DueAt) });
                    break;
                case PromiseRenegotiated moved when PromiseText(moved.PromiseId) is { } promise:
                    yield return new(MailKind.PromiseRenegotiated, true, new()
                    {
                        ["promise"] = promise,
                        ["oldDueAt"] = When(moved.PreviousDueAt),
                        ["dueAt"] = When(moved.NewDueAt),
                        ["reason"] = Public(moved.Note),
                    });
                    break;
                case CaseWaitingOnCustomer:
                    yield return new(MailKind.WaitingOnCustomer, false, Entry(TimelineKind.Reply) is { } question ? new() { ["question"] = Public(question.Text) } : []);
                    break;
                case CaseResolved:
                    yield return new(MailKind.Resolved, true, new() { ["summary"] = Public(WithPromiseOutcomes(@case.ResolutionSummary ?? string.Empty, added)) });
                    break;
                // The customer who reopened the case from their page knows; a reopen by the desk is news.
                case CaseReopened when Entry(TimelineKind.Reopened) is { ActorKind: ActorKind.Staff } reopened:
                    yield return new(MailKind.Reopened, true, new() { ["reason"] = Public(reopened.Text) });
                    break;
                case FollowUpOpened followUp when FollowUpCase(db, followUp.FollowUpCaseId) is { } opened:
                    yield return new(
                        followUp.Kind == FollowUpKind.Detractor ? MailKind.DetractorFollowUp : MailKind.LateMessageFollowUp,
                        true,
                        new() { ["followUpReference"] = followUp.FollowUpReference, ["dueAt"] = When(FirstDue(opened, followUp.At)) });
                    break;
            }
        }
    }

    /// <summary>The summary, then what became of each promise the resolve settled, as the timeline tells the customer.</summary>
    private static string WithPromiseOutcomes(string summary, IEnumerable<TimelineEntry> added)
    {
        var outcomes = added.Where(t => t.Kind is TimelineKind.PromiseKept or TimelineKind.PromiseBroken).Select(t => t.Text).ToList();
        return outcomes.Count == 0 ? summary : $"{summary}\n\n{string.Join("\n", outcomes)}";
    }

    private static Case? FollowUpCase(RecoveryDeskDbContext db, Guid id) =>
        db.ChangeTracker.Entries<Case>().FirstOrDefault(c => c.Entity.Id == id)?.Entity;

    /// <summary>When someone will be in touch about a follow-up: its first-response (or pick-up) due time.</summary>
    /// <summary>Not a placeholder (templates cannot name it): carries the code from the plan to the protected column.</summary>
    private const string AccessCodeKey = "\0accessCode";

    /// <summary>A mail whose link carries the case's new access code, known only to this save.</summary>
    private Planned WithCode(MailKind kind, Case @case)
    {
        var code = codes.Take(@case.Id);
        return new(kind, false, new() { ["statusLink"] = links.For(@case.Reference, code is null ? null : MailMessages.WithheldCode), [AccessCodeKey] = code ?? string.Empty });
    }

    private static DateTimeOffset FirstDue(Case followUp, DateTimeOffset now) =>
        followUp.Clocks.Where(c => c.IsRunning && c.Kind is ClockKind.FirstResponse or ClockKind.Own).Select(c => (DateTimeOffset?)c.DueAt).Min() ?? now;

    private CustomerMail Write(EntityEntry<Case> entry, Planned mail, Sender sender, DateTimeOffset now)
    {
        var @case = entry.Entity;
        var customer = @case.Customer;
        var zone = PublicWording.ZoneOf(@case);
        var accessCode = mail.Values.Remove(AccessCodeKey, out var code) && code.Length > 0 ? code : null;
        var values = new Dictionary<string, string>(mail.Values, StringComparer.Ordinal)
        {
            ["greeting"] = $"Dear {customer.AddressAs}",
            ["customerName"] = customer.Name,
            ["reference"] = @case.Reference,
            ["subject"] = PublicWording.FirstNamesOnly(@case.Subject, OutboxComposer.StaffNamesOf(entry, [])),
            ["status"] = PublicWording.StatusOf(@case, now, zone).StatusText,
            ["owner"] = @case.OwnerName is { } owner ? StaffMember.FirstNameOf(owner) : "Our team",
            ["team"] = sender.Signature,
        };
        values.TryAdd("statusLink", links.For(@case.Reference));
        var rendered = MailTemplates.Render(sender.Templates.GetValueOrDefault(mail.Kind) ?? MailTemplates.Default(mail.Kind), values, $"[{@case.Reference}]");

        var id = Guid.CreateVersion7(now);
        var domain = DomainOf(sender.Address);
        var thread = $"<{@case.Id:N}.{@case.Reference}@{domain}>";
        var valid = MailboxAddress.TryParse(customer.Email, out var to) && to.Address.Contains('@', StringComparison.Ordinal) && @case.EmailBouncedAt is null;
        return new CustomerMail
        {
            Id = id,
            CaseId = @case.Id,
            CaseVersion = @case.Version,
            Kind = mail.Kind,
            IsUpdate = mail.IsUpdate,
            MessageId = mail.Kind == MailKind.Opened ? thread : $"<{id:N}.{@case.Reference}@{domain}>",
            ThreadId = thread,
            ToName = customer.Name,
            ToAddress = customer.Email!,
            FromName = sender.Name,
            FromAddress = sender.Address,
            ReplyTo = sender.ReplyTo,
            Subject = rendered.Subject,
            TextBody = rendered.Text,
            HtmlBody = rendered.Html,
            ProtectedAccessCode = valid && accessCode is not null ? codes.Protect(accessCode) : null,
            State = valid ? MailState.Queued : MailState.Failed,
            LastError = valid ? null : @case.EmailBouncedAt is null ? "The customer's email address cannot be written to." : "Mail to this address came back undeliverable earlier.",
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    private async Task<Sender> SenderOfAsync(RecoveryDeskDbContext db, Guid teamId, CancellationToken ct)
    {
        var settings = await db.Set<TeamMailSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TeamId == teamId, ct);
        var teamName = await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        var templates = await db.Set<TeamMailTemplate>().AsNoTracking().Where(t => t.TeamId == teamId).ToDictionaryAsync(t => t.Kind, t => new MailTemplate(t.Subject, t.Body), ct);
        return settings is null
            ? new Sender(options.SenderName, options.SenderAddress, null, teamName ?? options.SenderName, templates)
            : new Sender(settings.SenderName, settings.SenderAddress, settings.ReplyTo, settings.SenderName, templates);
    }

    /// <summary>The question a case waits on: the last public reply, when it was not written in this same change.</summary>
    private static Task<string?> LastReplyAsync(RecoveryDeskDbContext db, Guid caseId, CancellationToken ct) =>
        db.Timeline.AsNoTracking()
            .Where(t => t.CaseId == caseId && t.Kind == TimelineKind.Reply)
            .OrderByDescending(t => t.CaseVersion)
            .Select(t => t.Text)
            .FirstOrDefaultAsync(ct);

    private static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        var domain = at >= 0 ? NotInDomain().Replace(address[(at + 1)..], string.Empty) : string.Empty;
        return domain.Length > 0 ? domain : "recoverydesk.invalid";
    }

    [GeneratedRegex("[^A-Za-z0-9.-]", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NotInDomain();

    private sealed record Planned(MailKind Kind, bool IsUpdate, Dictionary<string, string> Values);

    private sealed record Sender(string Name, string Address, string? ReplyTo, string Signature, IReadOnlyDictionary<MailKind, MailTemplate> Templates);
}
