using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Public;
using RecoveryDesk.Application.Staff;
using RecoveryDesk.Domain;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Domain.Staff;

namespace RecoveryDesk.Application.SavedReplies;

/// <summary>A team's ready wording for a reply, with <c>{placeholders}</c> filled in for the case it is used on.</summary>
public sealed class SavedReply
{
    public Guid Id { get; set; }

    public Guid TeamId { get; set; }

    public string Title { get; set; } = string.Empty;

    /// <summary>The title in capitals: a team's titles differ by more than letter case.</summary>
    public string NormalizedTitle { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static string Normalize(string title) => title.Trim().ToUpperInvariant();
}

public sealed record SavedReplyView(Guid Id, Guid TeamId, string Title, string Text, DateTimeOffset UpdatedAt)
{
    internal static SavedReplyView Of(SavedReply reply) => new(reply.Id, reply.TeamId, reply.Title, reply.Text, reply.UpdatedAt);
}

/// <summary>What a saved reply's title and text may say, and what its placeholders mean on a case.</summary>
public static class SavedReplyText
{
    /// <summary>How the customer is addressed, the owner's first name, the next due time as the status page words it, the reference.</summary>
    public static readonly IReadOnlyList<string> Names = ["addressAs", "ownerFirstName", "nextDueAt", "reference"];

    /// <summary>
    /// The text with each placeholder filled for <paramref name="case"/>, and the names it has no value
    /// for now (no due time while the case waits on the customer), which stay in the text as written so
    /// the writer sees what to fill in.
    /// </summary>
    public static (string Text, IReadOnlyList<string> Unfilled) Fill(string text, Case @case, DateTimeOffset now)
    {
        var zone = PublicWording.ZoneOf(@case);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["addressAs"] = @case.Customer.AddressAs,
            ["ownerFirstName"] = @case.OwnerName is { } owner ? StaffMember.FirstNameOf(owner) : null,
            ["nextDueAt"] = PublicWording.StatusOf(@case, now, zone).NextStep?.DueAt is { } due ? PublicWording.When(due, now, zone) : null,
            ["reference"] = @case.Reference,
        };
        var unfilled = new List<string>();
        var filled = Placeholders.Braced.Replace(text, name =>
        {
            if (values.GetValueOrDefault(name) is { } value)
            {
                return value;
            }

            unfilled.Add(name);
            return Placeholders.Braced.Show(name);
        });
        return (filled, [.. unfilled.Distinct(StringComparer.Ordinal)]);
    }
}

/// <summary>The input a saved reply is created or changed with.</summary>
public interface ISavedReplyInput
{
    string Title { get; }

    string Text { get; }
}

/// <summary>The shape of a saved reply; an unknown placeholder is named in the 400 with the four that exist.</summary>
public sealed class SavedReplyInputValidator : AbstractValidator<ISavedReplyInput>
{
    public SavedReplyInputValidator()
    {
        RuleFor(c => c.Title).RequiredText(Limits.SavedReplyTitle).Must(t => !t.Contains('\n') && !t.Contains('\r')).WithMessage("The title must be one line.");
        RuleFor(c => c.Text).RequiredText(Limits.SavedReplyText);
        RuleFor(c => c).Custom((c, context) =>
        {
            Placeholders.Braced.Check(context, "title", c.Title, SavedReplyText.Names, "a saved reply");
            Placeholders.Braced.Check(context, "text", c.Text, SavedReplyText.Names, "a saved reply");
        });
    }
}

/// <summary>Who may read and who may change a team's saved replies.</summary>
internal static class SavedReplyAccess
{
    /// <summary>The team's members use them; supervisors and admins look after every team's.</summary>
    public static async Task RequireMayReadAsync(this StaffActors actors, RecoveryDeskDbContext db, Guid actorId, Guid teamId, CancellationToken ct)
    {
        var actor = await actors.LoadAsync(actorId, ct);
        await RequireTeamAsync(db, teamId, ct);
        if (!actor.IsMemberOf(teamId) && !MayManage(actor))
        {
            throw new NotAllowedException("Only the team's members, supervisors and admins can read its saved replies.");
        }
    }

    public static async Task RequireMayManageAsync(this StaffActors actors, RecoveryDeskDbContext db, Guid actorId, Guid teamId, CancellationToken ct)
    {
        var actor = await actors.LoadAsync(actorId, ct);
        if (!MayManage(actor))
        {
            throw new NotAllowedException("Only a supervisor or an admin can change saved replies.");
        }

        await RequireTeamAsync(db, teamId, ct);
    }

    public static async Task<SavedReply> FindAsync(RecoveryDeskDbContext db, Guid teamId, Guid replyId, CancellationToken ct) =>
        await db.SavedReplies.SingleOrDefaultAsync(r => r.Id == replyId && r.TeamId == teamId, ct)
            ?? throw new NotFoundException("The team has no saved reply with that id.");

    /// <summary>409 when another of the team's replies has this title (in any letter case).</summary>
    public static async Task RequireFreeTitleAsync(RecoveryDeskDbContext db, Guid teamId, string title, Guid? except, CancellationToken ct)
    {
        var normalized = SavedReply.Normalize(title);
        if (await db.SavedReplies.AnyAsync(r => r.TeamId == teamId && r.NormalizedTitle == normalized && r.Id != except, ct))
        {
            throw new AlreadyExistsException($"The team already has a saved reply called \"{title.Trim()}\".");
        }
    }

    /// <summary>Commits the reply; a colleague who saved the same title a moment earlier makes it a 409, not a 500.</summary>
    public static async Task CommitAsync(RecoveryDeskDbContext db, UnitOfWork work, SavedReply reply, CancellationToken ct)
    {
        try
        {
            await work.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            await RequireFreeTitleAsync(db, reply.TeamId, reply.Title, reply.Id, ct);
            throw;
        }
    }

    private static bool MayManage(Actor actor) => actor.IsSupervisor || actor.IsAdmin;

    private static async Task RequireTeamAsync(RecoveryDeskDbContext db, Guid teamId, CancellationToken ct)
    {
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            throw new NotFoundException("There is no team with that id.");
        }
    }
}

internal sealed class SavedReplyConfiguration : IEntityTypeConfiguration<SavedReply>
{
    public void Configure(EntityTypeBuilder<SavedReply> builder)
    {
        builder.ToTable("SavedReplies");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Title).HasMaxLength(Limits.SavedReplyTitle).IsRequired();
        builder.Property(r => r.NormalizedTitle).HasMaxLength(Limits.SavedReplyTitle).IsRequired();
        builder.Property(r => r.Text).HasMaxLength(Limits.SavedReplyText).IsRequired();
        builder.HasIndex(r => new { r.TeamId, r.NormalizedTitle }).IsUnique();
        builder.HasOne<Team>().WithMany().HasForeignKey(r => r.TeamId).OnDelete(DeleteBehavior.Cascade);
    }
}
