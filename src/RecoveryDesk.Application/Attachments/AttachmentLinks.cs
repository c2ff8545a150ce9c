using FluentValidation;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain.Cases;

namespace RecoveryDesk.Application.Attachments;

/// <summary>
/// Ties the drafts a reply, a note or a customer's message names to the timeline entry it wrote, in the
/// same unit of work: sent together or not at all. Only the uploader's own drafts on that case qualify.
/// </summary>
public static class AttachmentLinks
{
    public const int MaxPerEntry = 5;

    /// <summary>The ids a request may name: at most <see cref="MaxPerEntry"/>, each once.</summary>
    public static IRuleBuilderOptions<T, IReadOnlyList<Guid>?> AttachmentIds<T>(this IRuleBuilder<T, IReadOnlyList<Guid>?> rule) =>
        rule.Must(ids => ids is null || (ids.Count <= MaxPerEntry && ids.Distinct().Count() == ids.Count && !ids.Contains(Guid.Empty)))
            .WithMessage($"Name at most {MaxPerEntry} different attachments, each as its upload answered it.");

    /// <param name="uploadedById">The colleague who wrote the entry; null for the customer.</param>
    public static async Task LinkAsync(RecoveryDeskDbContext db, Case @case, TimelineKind kind, IReadOnlyList<Guid>? ids, Guid? uploadedById, CancellationToken ct)
    {
        if (ids is not { Count: > 0 })
        {
            return;
        }

        var drafts = await db.CaseAttachments
            .Where(a => ids.Contains(a.Id) && a.CaseId == @case.Id && a.TimelineEntryId == null && a.UploadedById == uploadedById && a.FromCustomer == (uploadedById == null))
            .ToListAsync(ct);
        if (drafts.Count != ids.Count)
        {
            throw new ValidationException(
                [new FluentValidation.Results.ValidationFailure("attachmentIds", "An attachment named here is not one you uploaded for this case, or was already sent; upload it again.")]);
        }

        var entry = @case.Timeline.Last(t => t.Kind == kind);
        foreach (var draft in drafts)
        {
            draft.TimelineEntryId = entry.Id;
            draft.IsPublic = entry.IsPublic;
        }
    }

    /// <summary>The files of each entry, for the timelines (names, types and sizes only).</summary>
    public static async Task<ILookup<Guid, AttachmentView>> OfEntriesAsync(RecoveryDeskDbContext db, Guid caseId, bool publicOnly, CancellationToken ct) =>
        (await db.CaseAttachments.AsNoTracking()
            .Where(a => a.CaseId == caseId && a.TimelineEntryId != null && (!publicOnly || a.IsPublic))
            .OrderBy(a => a.At).ThenBy(a => a.FileName)
            .Select(a => new { EntryId = a.TimelineEntryId!.Value, View = new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size) })
            .ToListAsync(ct))
        .ToLookup(a => a.EntryId, a => a.View);

    /// <summary>The files tied to an entry in the unit of work now being written, for its live message.</summary>
    public static IReadOnlyList<AttachmentView> Pending(DbContext db, Guid entryId) =>
        [.. db.ChangeTracker.Entries<CaseAttachment>()
            .Where(e => e.Entity.TimelineEntryId == entryId)
            .Select(e => new AttachmentView(e.Entity.Id, e.Entity.FileName, e.Entity.ContentType, e.Entity.Size))];
}
