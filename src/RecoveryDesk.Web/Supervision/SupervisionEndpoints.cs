using Mediator;
using RecoveryDesk.Application.Sla;
using RecoveryDesk.Application.Supervision;
using RecoveryDesk.Domain.Sla;
using RecoveryDesk.Web.Auth;

namespace RecoveryDesk.Web.Supervision;

public sealed record SlaPolicyRequest(IReadOnlyList<TargetsView> Targets);

public sealed record CalendarRequest(string? TimeZoneId, IReadOnlyList<WeeklyHours>? WorkingHours, IReadOnlyList<DateOnly>? Holidays);

/// <summary>The supervisor's board and the SLA configuration: policies per team and priority, business calendars.</summary>
internal static class SupervisionEndpoints
{
    public static IEndpointRouteBuilder MapSupervisionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/board", async (HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetBoardQuery(http.User.StaffId()), ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithTags("Supervision")
            .WithSummary("Breached, at-risk and escalated cases, overdue hand-offs, broken promises, load per agent, detractor follow-ups.");
        app.MapGet("/api/metrics", async (HttpContext http, IMediator m, CancellationToken ct, DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? teamId = null) =>
                TypedResults.Ok(await m.Send(new GetMetricsQuery(http.User.StaffId(), from, to, teamId), ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithTags("Supervision")
            .WithSummary("Recovery and loyalty figures for [from, to) (default: the last 30 days, at most 400), in total, per UTC day and per colleague.");
        app.MapGet("/api/metrics/csv", async (HttpContext http, IMediator m, CancellationToken ct, DateTimeOffset? from = null, DateTimeOffset? to = null, Guid? teamId = null) =>
            {
                var metrics = await m.Send(new GetMetricsQuery(http.User.StaffId(), from, to, teamId), ct);
                return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(MetricsCsv.Of(metrics)), "text/csv; charset=utf-8", $"recoverydesk-figures-{metrics.From:yyyy-MM-dd}-to-{metrics.To:yyyy-MM-dd}.csv");
            })
            .RequireAuthorization(Policies.Supervisor)
            .WithTags("Supervision")
            .WithSummary("The same figures as a CSV download: a row per UTC day, the total, and a row per colleague.");

        var sla = app.MapGroup("/api").RequireAuthorization(Policies.Staff).WithTags("SLA configuration");
        sla.MapGet("/sla-policies", async (HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new ListSlaSettingsQuery(http.User.StaffId()), ct)))
            .WithSummary("Every team's SLA policy and calendar (supervisors and admins).");
        sla.MapGet("/sla-policies/{teamId:guid}", async (Guid teamId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new GetSlaSettingsQuery(http.User.StaffId(), teamId), ct)))
            .WithSummary("One team's SLA policy and calendar (supervisors and admins).");
        sla.MapPut("/sla-policies/{teamId:guid}", async (Guid teamId, SlaPolicyRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok(await m.Send(new PutSlaPolicyCommand(http.User.StaffId(), teamId, body.Targets), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Admin: targets for P1-P4 in minutes of working time; applies to cases opened from now on.");
        sla.MapGet("/calendars/{teamId:guid}", async (Guid teamId, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok((await m.Send(new GetSlaSettingsQuery(http.User.StaffId(), teamId), ct)).Calendar))
            .WithSummary("One team's business calendar (supervisors and admins).");
        sla.MapPut("/calendars/{teamId:guid}", async (Guid teamId, CalendarRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
                TypedResults.Ok((await m.Send(new PutCalendarCommand(http.User.StaffId(), teamId, body.TimeZoneId, body.WorkingHours, body.Holidays), ct)).Calendar))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("Admin: IANA time zone, working hours per weekday and holidays; no time zone means 24x7.");
        return app;
    }
}
