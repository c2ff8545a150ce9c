using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Mail;
using RecoveryDesk.Application.Mail.Inbound;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.CustomerData;

/// <summary>What one erasure removed or replaced.</summary>
/// <param name="Cases">Cases whose customer, texts and access code were erased.</param>
/// <param name="Mails">Mails to the customer whose address, subject and text were erased (unsent ones are never sent).</param>
/// <param name="InboundMails">Mails from the customer whose address, subject and message were erased.</param>
/// <param name="Attachments">Files the customer sent, deleted.</param>
/// <param name="LiveMessages">Live messages about those cases, delivered or not, deleted.</param>
/// <param name="IdempotencyRecords">Remembered answers about those cases, deleted.</param>
/// <param name="Files">Mail files in the pickup and inbound folders, deleted.</param>
public sealed record ErasureCounts(int Cases, int Mails, int InboundMails, int Attachments, int LiveMessages, int IdempotencyRecords, int Files);

/// <summary>
/// Erases cases and everything stored with them, inside the caller's transaction: the cases through their
/// own verb (<see cref="Case.Erase"/>), the mails, the customer's files, the live messages and remembered
/// answers beside them. Mail files are deleted only after the commit (<see cref="RemoveFiles"/>): a file
/// system takes no part in a rollback.
/// </summary>
public sealed class CustomerErasure(RecoveryDeskDbContext db, IdempotentReplies replies, MailOptions mail, ILogger<CustomerErasure> logger)
{
    /// <param name="cases">Loaded with their parts, tracked.</param>
    /// <param name="fromAddress">The customer's address, lower case: their mail that joined no case goes too.</param>
    public async Task<Staged> StageAsync(IReadOnlyList<Case> cases, Actor actor, string? fromAddress, DateTimeOffset now, CancellationToken ct)
    {
        var ids = cases.Select(c => c.Id).ToList();
        var timeline = await db.Timeline.Where(t => ids.Contains(t.CaseId)).ToListAsync(ct);
        var feedback = await db.Feedback.Where(f => ids.Contains(f.CaseId)).ToListAsync(ct);
        var erased = cases.Count(c => c.Erase(actor, timeline, feedback, now));

        var files = new List<string>();
        var sent = await db.CustomerMails.Where(m => ids.Contains(m.CaseId)).ToListAsync(ct);
        foreach (var message in sent)
        {
            files.Add(PickupFolderTransport.FileOf(mail.PickupFolder, message.MessageId));
            message.ToName = Case.ErasedCustomerName;
            message.ToAddress = string.Empty;
            message.Subject = Case.ErasedText;
            message.TextBody = string.Empty;
            message.HtmlBody = string.Empty;
            message.ProtectedAccessCode = null;
            message.LastError = message.State == MailState.Queued ? "The customer's data was erased before it was sent." : null;
            if (message.State == MailState.Queued)
            {
                message.State = MailState.Failed;
            }
        }

        var received = await CustomerEmails.MailsAsync(db.InboundMails, ids, fromAddress, ct);
        foreach (var message in received)
        {
            if (message.Source == InboundFolderReader.Source)
            {
                files.AddRange(InboundFolderReader.ProcessedFilesOf(mail.InboundFolder, message.Uid));
            }

            message.FromAddress = string.Empty;
            message.Subject = Case.ErasedText;
            message.MessageId = null;
            message.Note = null;
            message.Raw = [];
        }

        // The words of the customer's name and the subject that search finds the case by.
        await db.CaseSearchWords.Where(w => ids.Contains(w.CaseId)).ExecuteDeleteAsync(ct);
        var receivedIds = received.Select(m => m.Id).ToList();
        var attachments = await db.CaseAttachments.Where(a => ids.Contains(a.CaseId) || (a.InboundMailId != null && receivedIds.Contains(a.InboundMailId.Value))).ExecuteDeleteAsync(ct);
        // Delivered or not: what they said about the customer goes; the erasure's own messages follow with the commit.
        var live = await db.OutboxMessages.Where(m => ids.Contains(m.CaseId)).ExecuteDeleteAsync(ct);
        var remembered = await replies.ForgetMentioningAsync([.. ids.Select(id => id.ToString()), .. cases.Select(c => c.Reference)], ct);
        return new Staged(
            new ErasureCounts(erased, sent.Count, received.Count, attachments, live, remembered, files.Count(File.Exists)),
            [.. cases.Select(c => c.Reference).Order(StringComparer.Ordinal)],
            files);
    }

    /// <summary>After the commit: the mail files of the erased cases. A file that cannot be deleted is logged, not retried.</summary>
    public void RemoveFiles(Staged staged)
    {
        foreach (var file in staged.Files)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                logger.LogError(error, "Could not delete the mail file {File} of an erased case", file);
            }
        }
    }

    /// <summary>What an erasure staged: its counts, the references of the cases (for the audit trail), the files to delete after the commit.</summary>
    public sealed record Staged(ErasureCounts Counts, IReadOnlyList<string> References, IReadOnlyList<string> Files);
}
