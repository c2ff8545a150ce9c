using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Domain;

namespace RecoveryDesk.Application.Audit;

/// <param name="ActorName">Null for the desk itself.</param>
public sealed record AuditEntryView(
    long Id, DateTimeOffset At, Guid? ActorId, string? ActorName, AuditChange What, Guid? SubjectId, JsonElement? Before, JsonElement? After);

/// <summary>Admin: the trail of changes to configuration and authority, newest first.</summary>
/// <param name="Who">The colleague who made the changes.</param>
/// <param name="From">From this instant, inclusive.</param>
/// <param name="To">Up to this instant, exclusive.</param>
public sealed record ListAuditQuery(
    Guid ActorId, Guid? Who = null, AuditChange? What = null, DateTimeOffset? From = null, DateTimeOffset? To = null, int Page = 1, int PageSize = 25)
    : IQuery<Paged<AuditEntryView>>;

public sealed class ListAuditValidator : AbstractValidator<ListAuditQuery>
{
    public ListAuditValidator()
    {
        RuleFor(q => q.Page).InclusiveBetween(1, Limits.MaxPage);
        RuleFor(q => q.PageSize).InclusiveBetween(1, Limits.MaxPageSize);
        RuleFor(q => q.What).IsInEnum();
        RuleFor(q => q.To).GreaterThan(q => q.From).When(q => q.From is not null && q.To is not null).WithMessage("to must be after from.");
    }
}

public sealed class ListAuditHandler(RecoveryDeskDbContext db, StaffActors actors) : IQueryHandler<ListAuditQuery, Paged<AuditEntryView>>
{
    public async ValueTask<Paged<AuditEntryView>> Handle(ListAuditQuery query, CancellationToken cancellationToken)
    {
        var actor = await actors.LoadAsync(query.ActorId, cancellationToken);
        if (!actor.IsAdmin)
        {
            throw new NotAllowedException("The audit trail is for admins.");
        }

        var entries = db.AuditEntries.AsNoTracking();
        if (query.Who is { } who)
        {
            entries = entries.Where(a => a.ActorId == who);
        }

        if (query.What is { } what)
        {
            entries = entries.Where(a => a.What == what);
        }

        if (query.From is { } from)
        {
            entries = entries.Where(a => a.At >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(a => a.At < to);
        }

        var total = await entries.CountAsync(cancellationToken);
        var page = await entries
            .OrderByDescending(a => a.At)
            .ThenByDescending(a => a.Id)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(a => new { Entry = a, Name = db.Users.Where(u => u.Id == a.ActorId).Select(u => u.DisplayName).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return new Paged<AuditEntryView>(
            [.. page.Select(p => new AuditEntryView(
                p.Entry.Id, p.Entry.At, p.Entry.ActorId, p.Name, p.Entry.What, p.Entry.SubjectId, Parse(p.Entry.Before), Parse(p.Entry.After)))],
            query.Page,
            query.PageSize,
            total);
    }

    private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
}
