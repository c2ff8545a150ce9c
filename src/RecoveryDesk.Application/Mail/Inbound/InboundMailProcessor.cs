using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MimeKit;
using RecoveryDesk.Application.Attachments;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.Mail.Inbound;

/// <summary>Where a message was read: the mailbox (or folder) key and the message's place in it.</summary>
public sealed record InboundPlace(string Source, long UidValidity, long Uid);

/// <summary>What applying a message did; <see cref="AlreadyApplied"/> when an earlier pass recorded it.</summary>
public sealed record InboundResult(InboundOutcome Outcome, Guid? CaseId, string? Note, bool AlreadyApplied = false);

/// <summary>
/// Applies one message from a customer exactly once: it joins the case it answers (by the desk's own
/// Message-IDs in In-Reply-To/References, or by the [RD-…] reference in the subject — either way only
/// from the case's customer address), or opens a new case in the mailbox's team, or is set aside
/// (automatic mail, the desk's own, a delivery report that is noted on its case). The record of the
/// message, keyed by its place in the mailbox, commits with its effect, so it is never applied twice.
/// </summary>
public sealed partial class InboundMailProcessor(
    RecoveryDeskDbContext db,
    UnitOfWork work,
    OpeningCodes codes,
    MailOptions options,
    TimeProvider clock,
    ILogger<InboundMailProcessor> logger)
{
    public const int MaxMessageBytes = 10 * 1024 * 1024;
    public const int NewCasesPerSenderPerHour = 5;

    /// <param name="raw">The message; only its headers when <paramref name="size"/> says it is over the limit.</param>
    /// <param name="size">The size the mailbox reports, when it is known before the message is read.</param>
    public async Task<InboundResult> ApplyAsync(InboundPlace place, Guid teamId, byte[] raw, CancellationToken ct, long? size = null)
    {
        using var activity = Common.Telemetry.Source.StartActivity("mail receive", System.Diagnostics.ActivityKind.Consumer);
        activity?.SetTag("recoverydesk.mailbox", place.Source);
        var result = await ApplyOnceAsync(place, teamId, raw, size, ct);
        activity?.SetTag("recoverydesk.mail.outcome", result.Outcome.ToString());
        activity?.SetTag("recoverydesk.case.id", result.CaseId);
        return result;
    }

    private async Task<InboundResult> ApplyOnceAsync(InboundPlace place, Guid teamId, byte[] raw, long? size, CancellationToken ct)
    {
        if (await AppliedAsync(place, ct) is { } earlier)
        {
            return earlier;
        }

        var now = clock.GetUtcNow();
        var bytes = size ?? raw.Length;
        var tooLarge = bytes > MaxMessageBytes;
        MimeMessage? message = null;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            message = await MimeMessage.LoadAsync(stream, ct);
        }
        catch (FormatException error)
        {
            logger.LogWarning("Message {Uid} of {Source} cannot be read as mail: {Error}", place.Uid, place.Source, error.Message);
        }

        var record = new InboundMail
        {
            Id = Guid.CreateVersion7(now),
            Source = place.Source,
            UidValidity = place.UidValidity,
            Uid = place.Uid,
            MessageId = MailText.Clip(message?.MessageId, 300),
            Subject = MailText.Clip(MailText.OneLine(message?.Subject ?? string.Empty), 400) ?? string.Empty,
            ReceivedAt = now,
            Raw = raw.Length > MaxMessageBytes ? [] : raw,
        };
        var from = message?.From.Mailboxes.FirstOrDefault();
        record.FromAddress = MailText.Clip(from?.Address?.Trim().ToLowerInvariant(), 254) ?? string.Empty;

        var result = message is null ? Set(InboundOutcome.Ignored, null, "not readable as mail")
            : from is null || !from.Address.Contains('@', StringComparison.Ordinal) ? Set(InboundOutcome.Ignored, null, "no sender address")
            : await IsOwnAddressAsync(record.FromAddress, ct) ? Set(InboundOutcome.Ignored, null, "sent by the desk itself")
            : IsDeliveryReport(message, record.FromAddress) ? await BounceAsync(message, now, ct)
            : IsAutomatic(message) ? Set(InboundOutcome.Ignored, null, "an automatic message (auto-reply, list or bulk mail): no case is changed and nothing is sent back")
            : await JoinOrOpenAsync(message, from, record.FromAddress, teamId, tooLarge ? $"(This message was too large to keep: {bytes / (1024 * 1024)} MB. It is still in the mailbox.)" : null, now, ct);

        record.Outcome = result.Outcome;
        record.CaseId = result.CaseId;
        record.Note = MailText.Clip(result.Note, 400);
        db.Add(record);
        if (message is not null && !tooLarge && result.CaseId is { } caseId && result.Outcome is InboundOutcome.Joined or InboundOutcome.Opened)
        {
            db.AddRange(CaseAttachment.Of(message, caseId, record.Id, now));
        }
        try
        {
            await work.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            // Another reader (an instance beside this one) applied it first; its effect stands alone.
            return await AppliedAsync(place, CancellationToken.None) ?? throw new InvalidOperationException($"Message {place.Uid} of {place.Source} could not be recorded.");
        }

        return result;

        static InboundResult Set(InboundOutcome outcome, Guid? caseId, string note) => new(outcome, caseId, note);
    }

    private async Task<InboundResult?> AppliedAsync(InboundPlace place, CancellationToken ct) =>
        await db.Set<InboundMail>().AsNoTracking()
            .Where(m => m.Source == place.Source && m.UidValidity == place.UidValidity && m.Uid == place.Uid)
            .Select(m => new InboundResult(m.Outcome, m.CaseId, m.Note, true))
            .FirstOrDefaultAsync(ct);

    private async Task<InboundResult> JoinOrOpenAsync(MimeMessage message, MailboxAddress from, string sender, Guid teamId, string? tooLarge, DateTimeOffset now, CancellationToken ct)
    {
        var text = tooLarge ?? ReplyText.NewWords(ReplyText.BodyOf(message));
        if (text.Length == 0)
        {
            text = "(The customer's mail had no text.)";
        }

        var (joined, mentioned) = await ThreadAsync(message, sender, ct);
        if (joined is not null)
        {
            return await JoinAsync(joined.Value, text, "answers the case", now, ct);
        }

        // At most a few new cases per sender an hour: later mail joins their latest case.
        var since = now.AddHours(-1);
        var opened = await db.Set<InboundMail>().CountAsync(m => m.FromAddress == sender && m.Outcome == InboundOutcome.Opened && m.ReceivedAt > since, ct);
        if (opened >= NewCasesPerSenderPerHour && await LatestCaseOfAsync(sender, ct) is { } latest)
        {
            return await JoinAsync(latest, text, $"more than {NewCasesPerSenderPerHour} new cases from this sender in an hour", now, ct);
        }

        var subject = MailText.Clip(MailText.OneLine(message.Subject ?? string.Empty), Common.Limits.Subject) is { Length: > 0 } s ? s : "(no subject)";
        var description = mentioned is null ? text : $"{text}\n\n(This mail mentions {mentioned}, a case of another customer address, so it was not added to it.)";
        var terms = await db.TermsForAsync(teamId, Priority.P3, ct);
        var name = MailText.Clip(MailText.OneLine(from.Name ?? string.Empty), Common.Limits.Name) is { Length: > 0 } n ? n : sender;
        var @case = Case.Open(Actor.System, new Customer(name, sender, null, null), subject, MailText.Clip(description, Common.Limits.LongText)!, Channel.Email, null, Priority.P3, teamId, now, out var accessCode, terms);
        while (await db.Cases.AnyAsync(c => c.Reference == @case.Reference, ct))
        {
            @case.DrawNewReference();
        }

        db.Cases.Add(@case);
        codes.Remember(@case.Id, accessCode);
        return new InboundResult(InboundOutcome.Opened, @case.Id, mentioned is null ? null : $"mentions {mentioned} from another address");
    }

    private async Task<InboundResult> JoinAsync(Guid caseId, string text, string why, DateTimeOffset now, CancellationToken ct)
    {
        var @case = await db.Cases.WithParts().SingleAsync(c => c.Id == caseId, ct);
        var terms = await db.TermsForAsync(@case.TeamId, @case.Priority, ct);
        var followUp = @case.ReceiveCustomerMessage(MailText.Clip(text, Common.Limits.CustomerText)!, now, terms);
        if (followUp is not null)
        {
            db.Cases.Add(followUp);
            return new InboundResult(InboundOutcome.Joined, followUp.Id, $"{why}; the case was closed long ago, so a follow-up was opened");
        }

        return new InboundResult(InboundOutcome.Joined, @case.Id, why);
    }

    /// <summary>
    /// The case a message answers: one whose mail it names in In-Reply-To or References, else the one its
    /// subject's reference names — in both cases only when the sender is that case's customer. A
    /// reference from another address is returned as mentioned, to be said on the new case.
    /// </summary>
    private async Task<(Guid? CaseId, string? Mentioned)> ThreadAsync(MimeMessage message, string sender, CancellationToken ct)
    {
        var ids = message.References.Append(message.InReplyTo).OfType<string>().Select(id => $"<{id.Trim('<', '>')}>").Distinct().Take(50).ToList();
        if (ids.Count > 0)
        {
            var named = await db.CustomerMails.AsNoTracking().Where(m => ids.Contains(m.MessageId) || ids.Contains(m.ThreadId)).Select(m => m.CaseId).Distinct().ToListAsync(ct);
#pragma warning disable CA1304, CA1311, CA1862 // Translated to SQL lower(): the comparison happens in the database.
            var owned = await db.Cases.AsNoTracking().Where(c => named.Contains(c.Id) && c.Customer.Email != null && c.Customer.Email.ToLower() == sender)
                .OrderByDescending(c => c.LastActivityAt).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(ct);
#pragma warning restore CA1304, CA1311, CA1862
            if (owned is not null)
            {
                return (owned, null);
            }
        }

        var match = ReferenceInSubject().Match(message.Subject ?? string.Empty);
        if (!match.Success)
        {
            return (null, null);
        }

        var reference = match.Groups["ref"].Value.ToUpperInvariant();
        var byReference = await db.Cases.AsNoTracking().Where(c => c.Reference == reference).Select(c => new { c.Id, c.Customer.Email }).FirstOrDefaultAsync(ct);
        return byReference is null ? (null, null)
            : string.Equals(byReference.Email?.Trim(), sender, StringComparison.OrdinalIgnoreCase) ? (byReference.Id, null)
            : (null, reference);
    }

    private async Task<Guid?> LatestCaseOfAsync(string sender, CancellationToken ct) =>
        await db.Set<InboundMail>().AsNoTracking()
            .Where(m => m.FromAddress == sender && m.CaseId != null && (m.Outcome == InboundOutcome.Opened || m.Outcome == InboundOutcome.Joined))
            .OrderByDescending(m => m.ReceivedAt)
            .Select(m => m.CaseId)
            .FirstOrDefaultAsync(ct);

    /// <summary>A delivery report for a mail the desk sent: that mail failed, the address is marked undeliverable on its case.</summary>
    private async Task<InboundResult> BounceAsync(MimeMessage report, DateTimeOffset now, CancellationToken ct)
    {
        var ids = ReportedMessageIds(report).Select(id => $"<{id.Trim('<', '>')}>").Distinct().Take(50).ToList();
        var mail = ids.Count == 0 ? null : await db.CustomerMails.Where(m => ids.Contains(m.MessageId)).OrderByDescending(m => m.CreatedAt).FirstOrDefaultAsync(ct);
        if (mail is null)
        {
            return new InboundResult(InboundOutcome.Ignored, null, "a delivery report about no mail of the desk");
        }

        var status = MailText.Clip(MailText.OneLine(ReplyText.BodyOf(report)), 300) ?? "undeliverable";
        mail.State = MailState.Failed;
        mail.LastError = MailText.Clip($"Bounced: {status}", CustomerMailConfiguration.MaxError);
        mail.ProtectedAccessCode = null;
        var @case = await db.Cases.WithParts().SingleAsync(c => c.Id == mail.CaseId, ct);
        @case.NoteUndeliverable(status, now);
        return new InboundResult(InboundOutcome.Bounce, @case.Id, "delivery report");
    }

    /// <summary>The Message-IDs a delivery report is about: its own threading headers and the headers of the returned message.</summary>
    private static IEnumerable<string> ReportedMessageIds(MimeMessage report)
    {
        foreach (var id in report.References.Append(report.InReplyTo).OfType<string>())
        {
            yield return id;
        }

        foreach (var part in report.BodyParts)
        {
            if (part is MessagePart { Message: { } returned } && returned.MessageId is { } returnedId)
            {
                yield return returnedId;
            }
            else if (part is TextPart text && text.ContentType.IsMimeType("text", "rfc822-headers"))
            {
                foreach (Match m in MessageIdHeader().Matches(text.Text))
                {
                    yield return m.Groups["id"].Value;
                }
            }
        }
    }

    private static bool IsDeliveryReport(MimeMessage message, string sender) =>
        message.Body is MultipartReport { ReportType: var type } && string.Equals(type, "delivery-status", StringComparison.OrdinalIgnoreCase)
        || sender.StartsWith("mailer-daemon@", StringComparison.Ordinal)
        || sender.StartsWith("postmaster@", StringComparison.Ordinal);

    /// <summary>Auto-replies, lists and bulk mail never change a case and are never answered, so two robots cannot loop through the desk.</summary>
    private static bool IsAutomatic(MimeMessage message)
    {
        var auto = message.Headers["Auto-Submitted"];
        var precedence = message.Headers["Precedence"]?.Trim().ToLowerInvariant();
        return (auto is not null && !auto.Trim().Equals("no", StringComparison.OrdinalIgnoreCase))
            || precedence is "bulk" or "list" or "junk" or "auto_reply"
            || message.Headers.Contains("X-Autoreply") || message.Headers.Contains("X-Autorespond")
            || message.Headers.Contains("List-Id") || message.Headers.Contains("List-Unsubscribe");
    }

    private async Task<bool> IsOwnAddressAsync(string sender, CancellationToken ct)
    {
        if (string.Equals(sender, options.SenderAddress, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

#pragma warning disable CA1304, CA1311, CA1862 // Translated to SQL lower(): the comparison happens in the database.
        return await db.Set<TeamMailSettings>().AnyAsync(s => s.SenderAddress.ToLower() == sender || (s.ReplyTo != null && s.ReplyTo.ToLower() == sender), ct)
            || await db.Set<TeamMailbox>().AnyAsync(m => m.User.ToLower() == sender, ct);
#pragma warning restore CA1304, CA1311, CA1862
    }

    [GeneratedRegex(@"\[(?<ref>RD-[A-Z0-9]{6})\]", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ReferenceInSubject();

    [GeneratedRegex(@"^Message-ID:\s*(?<id><[^>\r\n]+>)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MessageIdHeader();
}
