using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using RecoveryDesk.Application.Audit;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Persistence;
using RecoveryDesk.Application.Staff;

namespace RecoveryDesk.Application.Mail;

public sealed record MailSettingsView(Guid TeamId, string SenderName, string SenderAddress, string? ReplyTo, bool IsDefault);

public sealed record MailTemplateView(Guid TeamId, MailKind Event, string Subject, string Body, IReadOnlyList<string> Placeholders, bool IsDefault);

public sealed record GetMailSettingsQuery(Guid ActorId, Guid TeamId) : IQuery<MailSettingsView>;

public sealed record PutMailSettingsCommand(Guid ActorId, Guid TeamId, string SenderName, string SenderAddress, string? ReplyTo) : ICommand<MailSettingsView>;

public sealed record GetMailTemplateQuery(Guid ActorId, Guid TeamId, MailKind? Event) : IQuery<MailTemplateView>;

public sealed record ListMailTemplatesQuery(Guid ActorId, Guid TeamId) : IQuery<IReadOnlyList<MailTemplateView>>;

/// <summary>Admin: a team's wording for one event; <c>{{placeholders}}</c> from the event's list only.</summary>
public sealed record PutMailTemplateCommand(Guid ActorId, Guid TeamId, MailKind? Event, string Subject, string Body) : ICommand<MailTemplateView>;

/// <summary>Admin: back to the built-in wording.</summary>
public sealed record ResetMailTemplateCommand(Guid ActorId, Guid TeamId, MailKind? Event) : ICommand<MailTemplateView>;

/// <summary>Admin: a template (the stored one when none is given) rendered with sample values.</summary>
public sealed record PreviewMailTemplateCommand(Guid ActorId, Guid TeamId, MailKind? Event, string? Subject, string? Body) : ICommand<RenderedMail>;

public sealed class PutMailSettingsValidator : AbstractValidator<PutMailSettingsCommand>
{
    public PutMailSettingsValidator()
    {
        RuleFor(c => c.SenderName).RequiredText(Limits.Name).Must(n => n is null || !n.Contains('\r') && !n.Contains('\n')).WithMessage("The sender name must be one line.");
        RuleFor(c => c.SenderAddress).RequiredText(Limits.Email).EmailAddress();
        RuleFor(c => c.ReplyTo).OptionalText(Limits.Email).EmailAddress();
    }
}

public sealed class PutMailTemplateValidator : AbstractValidator<PutMailTemplateCommand>
{
    public PutMailTemplateValidator()
    {
        RuleFor(c => c.Event).NotNull().IsInEnum();
        RuleFor(c => c.Subject).RequiredText(MailTemplates.MaxSubject);
        RuleFor(c => c.Body).RequiredText(MailTemplates.MaxBody);
        RuleFor(c => c).Custom((c, context) => MailTemplateRules.CheckPlaceholders(c.Event, c.Subject, c.Body, context));
    }
}

public sealed class PreviewMailTemplateValidator : AbstractValidator<PreviewMailTemplateCommand>
{
    public PreviewMailTemplateValidator()
    {
        RuleFor(c => c.Event).NotNull().IsInEnum();
        RuleFor(c => c.Subject).OptionalText(MailTemplates.MaxSubject);
        RuleFor(c => c.Body).OptionalText(MailTemplates.MaxBody);
        RuleFor(c => c).Custom((c, context) => MailTemplateRules.CheckPlaceholders(c.Event, c.Subject, c.Body, context));
    }
}

internal static class MailTemplateRules
{
    /// <summary>An unknown placeholder is named in the 400, with the ones the event offers.</summary>
    public static void CheckPlaceholders<T>(MailKind? kind, string? subject, string? body, ValidationContext<T> context)
    {
        if (kind is not { } known || !Enum.IsDefined(known))
        {
            return;
        }

        foreach (var (field, text) in new[] { ("subject", subject), ("body", body) })
        {
            Placeholders.Doubled.Check(context, field, text, MailTemplates.PlaceholdersOf(known), $"a {known} mail");
        }
    }
}

public sealed class MailAdminHandlers(RecoveryDeskDbContext db, StaffActors actors, UnitOfWork work, MailOptions options, StatusLinks links, TimeProvider clock) :
    IQueryHandler<GetMailSettingsQuery, MailSettingsView>,
    ICommandHandler<PutMailSettingsCommand, MailSettingsView>,
    IQueryHandler<GetMailTemplateQuery, MailTemplateView>,
    IQueryHandler<ListMailTemplatesQuery, IReadOnlyList<MailTemplateView>>,
    ICommandHandler<PutMailTemplateCommand, MailTemplateView>,
    ICommandHandler<ResetMailTemplateCommand, MailTemplateView>,
    ICommandHandler<PreviewMailTemplateCommand, RenderedMail>
{
    public async ValueTask<MailSettingsView> Handle(GetMailSettingsQuery query, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(query.ActorId, query.TeamId, cancellationToken);
        return await SettingsAsync(query.TeamId, cancellationToken);
    }

    public async ValueTask<MailSettingsView> Handle(PutMailSettingsCommand command, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(command.ActorId, command.TeamId, cancellationToken);
        var settings = await db.Set<TeamMailSettings>().FirstOrDefaultAsync(s => s.TeamId == command.TeamId, cancellationToken);
        var before = settings is null ? null : new { settings.SenderName, settings.SenderAddress, settings.ReplyTo };
        if (settings is null)
        {
            settings = new TeamMailSettings { TeamId = command.TeamId };
            db.Add(settings);
        }

        settings.SenderName = command.SenderName.Trim();
        settings.SenderAddress = command.SenderAddress.Trim();
        settings.ReplyTo = string.IsNullOrWhiteSpace(command.ReplyTo) ? null : command.ReplyTo.Trim();
        settings.UpdatedAt = clock.GetUtcNow();
        AuditTrail.Record(db, command.ActorId, AuditChange.MailSettingsChanged, command.TeamId, before, new { settings.SenderName, settings.SenderAddress, settings.ReplyTo }, settings.UpdatedAt);
        await work.CommitAsync(cancellationToken);
        return await SettingsAsync(command.TeamId, cancellationToken);
    }

    public async ValueTask<MailTemplateView> Handle(GetMailTemplateQuery query, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(query.ActorId, query.TeamId, cancellationToken);
        return await TemplateAsync(query.TeamId, query.Event!.Value, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<MailTemplateView>> Handle(ListMailTemplatesQuery query, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(query.ActorId, query.TeamId, cancellationToken);
        var stored = await db.Set<TeamMailTemplate>().AsNoTracking().Where(t => t.TeamId == query.TeamId).ToDictionaryAsync(t => t.Kind, cancellationToken);
        return [.. Enum.GetValues<MailKind>().Select(kind => View(query.TeamId, kind, stored.GetValueOrDefault(kind)))];
    }

    public async ValueTask<MailTemplateView> Handle(PutMailTemplateCommand command, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(command.ActorId, command.TeamId, cancellationToken);
        var kind = command.Event!.Value;
        var template = await db.Set<TeamMailTemplate>().FirstOrDefaultAsync(t => t.TeamId == command.TeamId && t.Kind == kind, cancellationToken);
        var before = template is null ? null : new { Event = kind, template.Subject, template.Body };
        if (template is null)
        {
            template = new TeamMailTemplate { TeamId = command.TeamId, Kind = kind };
            db.Add(template);
        }

        template.Subject = command.Subject.Trim();
        template.Body = command.Body.Trim();
        template.UpdatedAt = clock.GetUtcNow();
        AuditTrail.Record(db, command.ActorId, AuditChange.MailTemplateChanged, command.TeamId, before, new { Event = kind, template.Subject, template.Body }, template.UpdatedAt);
        await work.CommitAsync(cancellationToken);
        return View(command.TeamId, kind, template);
    }

    public async ValueTask<MailTemplateView> Handle(ResetMailTemplateCommand command, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(command.ActorId, command.TeamId, cancellationToken);
        var kind = command.Event!.Value;
        var template = await db.Set<TeamMailTemplate>().FirstOrDefaultAsync(t => t.TeamId == command.TeamId && t.Kind == kind, cancellationToken);
        if (template is not null)
        {
            db.Remove(template);
            AuditTrail.Record(db, command.ActorId, AuditChange.MailTemplateReset, command.TeamId, new { Event = kind, template.Subject, template.Body }, null, clock.GetUtcNow());
            await work.CommitAsync(cancellationToken);
        }

        return View(command.TeamId, kind, null);
    }

    public async ValueTask<RenderedMail> Handle(PreviewMailTemplateCommand command, CancellationToken cancellationToken)
    {
        await RequireTeamAsync(command.ActorId, command.TeamId, cancellationToken);
        var stored = await TemplateAsync(command.TeamId, command.Event!.Value, cancellationToken);
        var template = new MailTemplate(command.Subject ?? stored.Subject, command.Body ?? stored.Body);
        return MailTemplates.Render(template, MailTemplates.SampleValues(links.For("RD-7K3Q9F", "sample-access-code")), "[RD-7K3Q9F]");
    }

    private async Task RequireTeamAsync(Guid actorId, Guid teamId, CancellationToken ct)
    {
        await actors.RequireAdminAsync(actorId, ct);
        if (!await db.Teams.AnyAsync(t => t.Id == teamId, ct))
        {
            throw new NotFoundException("There is no team with that id.");
        }
    }

    private async Task<MailSettingsView> SettingsAsync(Guid teamId, CancellationToken ct)
    {
        var settings = await db.Set<TeamMailSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.TeamId == teamId, ct);
        return settings is null
            ? new MailSettingsView(teamId, options.SenderName, options.SenderAddress, null, IsDefault: true)
            : new MailSettingsView(teamId, settings.SenderName, settings.SenderAddress, settings.ReplyTo, IsDefault: false);
    }

    private async Task<MailTemplateView> TemplateAsync(Guid teamId, MailKind kind, CancellationToken ct) =>
        View(teamId, kind, await db.Set<TeamMailTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.TeamId == teamId && t.Kind == kind, ct));

    private static MailTemplateView View(Guid teamId, MailKind kind, TeamMailTemplate? stored)
    {
        var template = stored is null ? MailTemplates.Default(kind) : new MailTemplate(stored.Subject, stored.Body);
        return new MailTemplateView(teamId, kind, template.Subject, template.Body, MailTemplates.PlaceholdersOf(kind), stored is null);
    }
}
