using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;

namespace RecoveryDesk.Application.Complaints;

/// <param name="Open">Whether the form takes complaints now: enabled and a team chosen.</param>
public sealed record ComplaintFormView(bool Enabled, Guid? TeamId, string? TeamName, bool Open, DateTimeOffset? UpdatedAt);

/// <summary>Admin: the complaint form's setting.</summary>
public sealed record GetComplaintFormQuery(Guid ActorId) : IQuery<ComplaintFormView>;

/// <summary>Admin: switch the form on or off and choose the team whose queue receives web complaints.</summary>
public sealed record PutComplaintFormCommand(Guid ActorId, bool? Enabled, Guid? TeamId) : ICommand<ComplaintFormView>;

public sealed class PutComplaintFormValidator : AbstractValidator<PutComplaintFormCommand>
{
    public PutComplaintFormValidator()
    {
        RuleFor(c => c.Enabled).NotNull().WithMessage("Say whether the form takes complaints (true or false).");
        RuleFor(c => c.TeamId)
            .Must(id => id is { } team && team != Guid.Empty).When(c => c.Enabled == true)
            .WithMessage("Choose the team whose queue receives web complaints.");
    }
}

public sealed class ComplaintFormSettingsHandlers(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, TimeProvider clock) :
    IQueryHandler<GetComplaintFormQuery, ComplaintFormView>,
    ICommandHandler<PutComplaintFormCommand, ComplaintFormView>
{
    public async ValueTask<ComplaintFormView> Handle(GetComplaintFormQuery query, CancellationToken cancellationToken)
    {
        await actors.RequireAdminAsync(query.ActorId, cancellationToken);
        return await ViewAsync(cancellationToken);
    }

    public async ValueTask<ComplaintFormView> Handle(PutComplaintFormCommand command, CancellationToken cancellationToken)
    {
        await actors.RequireAdminAsync(command.ActorId, cancellationToken);
        if (command.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, cancellationToken))
        {
            throw InputErrors.For(nameof(command.TeamId), "There is no team with that id.");
        }

        var form = await db.Set<ComplaintForm>().FirstOrDefaultAsync(f => f.Id == ComplaintForm.SingleId, cancellationToken);
        var before = form is null ? null : new { form.Enabled, form.TeamId };
        if (form is null)
        {
            form = new ComplaintForm();
            db.Add(form);
        }

        form.Enabled = command.Enabled!.Value;
        form.TeamId = command.TeamId is { } team && team != Guid.Empty ? team : null;
        form.UpdatedAt = clock.GetUtcNow();
        AuditTrail.Record(db, command.ActorId, AuditChange.ComplaintFormChanged, form.TeamId, before, new { form.Enabled, form.TeamId }, form.UpdatedAt);
        await work.CommitAsync(cancellationToken);
        return await ViewAsync(cancellationToken);
    }

    private async Task<ComplaintFormView> ViewAsync(CancellationToken ct)
    {
        var form = await db.Set<ComplaintForm>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == ComplaintForm.SingleId, ct);
        if (form is null)
        {
            return new ComplaintFormView(false, null, null, false, null);
        }

        var teamName = form.TeamId is { } teamId
            ? await db.Teams.AsNoTracking().Where(t => t.Id == teamId).Select(t => t.Name).FirstOrDefaultAsync(ct)
            : null;
        return new ComplaintFormView(form.Enabled, form.TeamId, teamName, form.IsOpen, form.UpdatedAt);
    }
}

/// <summary>Anyone: whether the form takes complaints now (the page shows it, or says to phone or email).</summary>
public sealed record GetComplaintFormStateQuery : IQuery<bool>;

public sealed class GetComplaintFormStateHandler(RecoveryDeskDbContext db) : IQueryHandler<GetComplaintFormStateQuery, bool>
{
    public async ValueTask<bool> Handle(GetComplaintFormStateQuery query, CancellationToken cancellationToken) =>
        await db.Set<ComplaintForm>().AsNoTracking().AnyAsync(f => f.Enabled && f.TeamId != null, cancellationToken);
}
