using System.ComponentModel;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using RecoveryDesk.Application.Cases;
using RecoveryDesk.Application.Common;
using RecoveryDesk.Application.Handoffs;
using RecoveryDesk.Application.Promises;
using RecoveryDesk.Application.Supervision;
using RecoveryDesk.Domain.Cases;
using RecoveryDesk.Web.Auth;
using RecoveryDesk.Web.Hosting;

namespace RecoveryDesk.Web.Cases;

public sealed record CustomerRequest(string Name, string? Email, string? Phone, string? PreferredAddress);

public sealed record CreateCaseRequest(CustomerRequest Customer, string Subject, string Description, Channel? Channel, string? Category, Priority? Priority, Guid TeamId);

/// <param name="MailedTo">Where the acknowledgement with the status link is mailed; null when the customer gave no email address (read the reference and code out to them).</param>
public sealed record CreatedCaseResponse(Guid Id, string Reference, string AccessCode, string StatusUrl, int Version, string? MailedTo);

/// <summary>A new access code for the customer, shown once: the old one no longer opens the status page.</summary>
/// <param name="MailedTo">Where the new link is mailed; null when the customer gave no email address (read the code out to them).</param>
public sealed record NewAccessCodeResponse(Guid Id, string Reference, string AccessCode, string StatusUrl, int Version, string? MailedTo);

public sealed record NoteRequest(string Text, IReadOnlyList<Guid>? AttachmentIds);

/// <param name="SeenVersion">The case's version when the author began to write: a 409 says what changed since, if it matters to a reply, and nothing is sent. Without it the reply is sent as it is.</param>
/// <param name="Confirm">Sends even though the case moved on since <paramref name="SeenVersion"/> (after the 409 was read).</param>
public sealed record ReplyRequest(string Text, int? SeenVersion, bool? Confirm, IReadOnlyList<Guid>? AttachmentIds);

public sealed record ReasonRequest(string Reason);

/// <param name="Promises">What became of each promise still open: required for every one of them, else 409; may be left out when none is open.</param>
public sealed record ResolveRequest(string Summary, IReadOnlyList<PromiseOutcomeRequest>? Promises);

/// <param name="Kept">True: kept. False: broken, and <paramref name="Note"/> (required then) is what the customer reads about it.</param>
public sealed record PromiseOutcomeRequest(Guid PromiseId, bool Kept, string? Note);

public sealed record HandoffRequest(Guid? ToAgentId, Guid? ToTeamId, string Note);

public sealed record ReassignRequest(Guid ToAgentId, string Reason);

public sealed record PromiseRequest(string Text, DateTimeOffset DueAt);

public sealed record RenegotiateRequest(DateTimeOffset NewDueAt, string Note);

public sealed record PriorityRequest(Priority? Priority);

public sealed record WriteResponse(Guid CaseId, int Version);

public sealed record HandoffCreatedResponse(Guid HandoffId, DateTimeOffset ExpiresAt, int Version);

public sealed record PromiseCreatedResponse(Guid PromiseId, int Version);

/// <summary>The staff routes on cases: reads, the ownership handshake, replies, promises and the lifecycle.</summary>
internal static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api").RequireAuthorization(Policies.Staff).WithTags("Cases");
        var cases = staff.MapGroup("/cases");

        cases.MapPost("/", Create).WithSummary("Open a case. The access code is shown this once. Honours Idempotency-Key.");
        cases.MapGet("/", List).WithSummary("A view of the cases (all, open, waiting, resolved, closed, mine, my teams), sorted and filtered, in pages; the total is counted up to 10,000 (totalCapped: more). q (2 to 100 characters) matches a reference or its beginning, an email address, a phone number's digits, or words that begin words of the customer's name and the subject.");
        staff.MapGet("/references/{reference}", async (string reference, HttpContext http, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new FindCaseByReferenceQuery(http.User.StaffId(), reference), ct)))
            .WithSummary("Which case a reference names (any letter case, with or without \"RD-\"); 404 for none.");
        cases.MapGet("/{id:guid}", Get).WithSummary("The case with owner, pending hand-off and promises; ETag is its version.");
        cases.MapGet("/{id:guid}/timeline", async (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new GetTimelineQuery(http.User.StaffId(), id), ct)))
            .WithSummary("Every event, public and internal, oldest first.");
        cases.MapGet("/{id:guid}/customer-history", async (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new GetCustomerHistoryQuery(http.User.StaffId(), id), ct)))
            .WithSummary("The customer's other cases (same email, any letter case, or same phone), newest first, at most 20, with their state and latest loyalty answers.");
        staff.MapGet("/queue", async (HttpContext http, IMediator m, CancellationToken ct, int limit = GetQueueQuery.DefaultLimit) =>
            TypedResults.Ok(await m.Send(new GetQueueQuery(http.User.StaffId(), limit), ct)))
            .WithSummary($"The oldest New cases of my teams, oldest first: {GetQueueQuery.DefaultLimit} unless limit asks for up to {GetQueueQuery.MaxLimit}.");
        staff.MapGet("/me/cases", async (HttpContext http, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new GetMyCasesQuery(http.User.StaffId()), ct)))
            .WithSummary("Cases I own that are not closed.");
        staff.MapGet("/me/handoffs", async (HttpContext http, IMediator m, CancellationToken ct) =>
            TypedResults.Ok(await m.Send(new GetMyHandoffsQuery(http.User.StaffId()), ct)))
            .WithSummary("Hand-offs offered to me or to my teams.");

        cases.MapPost("/{id:guid}/claim", (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new ClaimCaseCommand(actor, id, version), ct))
            .WithSummary("Take a New case from your team's queue; 409 if someone else got it first.");
        cases.MapPost("/{id:guid}/handoffs", OfferHandoff).WithSummary("Offer the case to a colleague or a team, with a note (owner only).");
        cases.MapPost("/{id:guid}/handoffs/{handoffId:guid}/accept", (Guid id, Guid handoffId, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new AcceptHandoffCommand(actor, id, handoffId, version), ct))
            .WithSummary("Accept a hand-off offered to you or your team; ownership moves to you.");
        cases.MapPost("/{id:guid}/handoffs/{handoffId:guid}/decline", (Guid id, Guid handoffId, ReasonRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new DeclineHandoffCommand(actor, id, handoffId, body.Reason, version), ct))
            .WithSummary("Decline a hand-off with a reason; ownership stays.");
        cases.MapPost("/{id:guid}/handoffs/{handoffId:guid}/cancel", (Guid id, Guid handoffId, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new CancelHandoffCommand(actor, id, handoffId, version), ct))
            .WithSummary("Withdraw your own pending hand-off.");
        cases.MapPost("/{id:guid}/reassign", (Guid id, ReassignRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new ReassignCaseCommand(actor, id, body.ToAgentId, body.Reason, version), ct))
            .WithSummary("Supervisor: move ownership directly, e.g. when the owner is away.");
        cases.MapPost("/{id:guid}/replies", (Guid id, ReplyRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new ReplyToCaseCommand(actor, id, body.Text, version, body.SeenVersion, body.Confirm == true, body.AttachmentIds), ct))
            .WithSummary("Public reply to the customer (owner); the first one meets the first-response target. With seenVersion: 409 saying what changed since, unless confirm. attachmentIds: files you uploaded for the case, sent with it.");
        cases.MapPost("/{id:guid}/notes", (Guid id, NoteRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new AddNoteCommand(actor, id, body.Text, version, body.AttachmentIds), ct))
            .WithSummary("Internal note; never shown to the customer, nor are the files sent with it (attachmentIds).");
        cases.MapPost("/{id:guid}/promises", MakePromise).WithSummary("Record a promise to the customer with its due time (owner).");
        cases.MapPost("/{id:guid}/promises/{promiseId:guid}/kept", (Guid id, Guid promiseId, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new KeepPromiseCommand(actor, id, promiseId, version), ct))
            .WithSummary("Mark a promise kept (owner).");
        cases.MapPost("/{id:guid}/promises/{promiseId:guid}/renegotiate", (Guid id, Guid promiseId, RenegotiateRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new RenegotiatePromiseCommand(actor, id, promiseId, body.NewDueAt, body.Note, version), ct))
            .WithSummary("Move a promise's due time after telling the customer why (owner).");
        cases.MapPost("/{id:guid}/wait-on-customer", (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new WaitOnCustomerCommand(actor, id, version), ct))
            .WithSummary("Pause: waiting for the customer's answer (owner).");
        cases.MapPost("/{id:guid}/resume", (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new ResumeCaseCommand(actor, id, version), ct))
            .WithSummary("Resume work after waiting on the customer (owner).");
        cases.MapPost("/{id:guid}/resolve", (Guid id, ResolveRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new ResolveCaseCommand(actor, id, body.Summary, version, body.Promises?.Select(p => p is null
                ? throw InputErrors.For("Promises", "Each promise's outcome is an object: {promiseId, kept, note}.")
                : new PromiseOutcome(p.PromiseId, p.Kept, p.Note)).ToList()), ct))
            .WithSummary("Resolve with a summary of how it was put right, saying for each open promise whether it was kept or broken (owner).");
        cases.MapPost("/{id:guid}/reopen", (Guid id, ReasonRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new ReopenCaseCommand(actor, id, body.Reason, version), ct))
            .WithSummary("Reopen a resolved or closed case (staff).");
        cases.MapPost("/{id:guid}/priority", (Guid id, PriorityRequest body, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new ChangePriorityCommand(actor, id, body.Priority, version), ct))
            .WithSummary("Change the priority (owner or supervisor); the SLA clocks are recomputed.");
        cases.MapPost("/{id:guid}/close", (Guid id, HttpContext http, IMediator m, CancellationToken ct) =>
            Write(http, m, (actor, version) => new CloseCaseCommand(actor, id, version), ct))
            .WithSummary("Close a resolved case (owner or supervisor).");
        cases.MapPost("/{id:guid}/access-code", IssueAccessCode)
            .WithSummary("Issue a new access code when the customer lost the link (owner or supervisor): the old code stops working at once; the new one is shown once and mailed.");
        return app;
    }

    private static async Task<Created<CreatedCaseResponse>> Create(CreateCaseRequest body, HttpContext http, IMediator mediator, PublicAddress publicAddress, CancellationToken ct)
    {
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        var customer = body.Customer is null ? null! : new CustomerInput(body.Customer.Name, body.Customer.Email, body.Customer.Phone, body.Customer.PreferredAddress);
        var opened = await mediator.Send(
            new OpenCaseCommand(http.User.StaffId(), customer, body.Subject, body.Description, body.Channel, body.Category, body.Priority, body.TeamId, string.IsNullOrEmpty(key) ? null : key),
            ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(opened.Version);
        // The access code rides in the fragment, so it never reaches a server log.
        var statusUrl = publicAddress.StatusUrl(opened.Reference, opened.AccessCode);
        return TypedResults.Created($"/api/cases/{opened.Id}", new CreatedCaseResponse(opened.Id, opened.Reference, opened.AccessCode, statusUrl, opened.Version, string.IsNullOrWhiteSpace(customer?.Email) ? null : customer.Email.Trim()));
    }

    private static async Task<Ok<Paged<CaseSummary>>> List(
        HttpContext http, IMediator mediator, CancellationToken ct,
        [Description("Only cases with this status (within the view).")] CaseStatus? status = null,
        [Description("Only cases of this team.")] Guid? teamId = null,
        [Description("Only cases this colleague owns.")] Guid? ownerId = null,
        [Description("Only cases of this priority.")] Priority? priority = null,
        [Description("Search text, 2 to 100 characters.")] string? q = null,
        [Description("The page, from 1; page × pageSize at most 10,000.")] int page = 1,
        [Description("Rows per page, 1 to 200.")] int pageSize = 25,
        [Description("breached or atRisk: New and Open cases with a running clock in that state.")] string? sla = null,
        [Description("all (default), open (New and Open), waiting, resolved, closed, mine or myTeams (New, Open and waiting cases the caller or the caller's teams have in hand); any letter case.")] string? view = null,
        [Description("lastActivity (default, newest first), oldest (opened first), nextDue (soonest SLA deadline first, cases without one after), priority (P1 first, then oldest); any letter case.")] string? sort = null,
        [Description("Only cases that came in through this channel.")] Channel? channel = null) =>
        TypedResults.Ok(await mediator.Send(new ListCasesQuery(http.User.StaffId(), status, teamId, ownerId, priority, q, page, pageSize, sla, view, sort, channel), ct));

    private static async Task<Ok<CaseDetail>> Get(Guid id, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var detail = await mediator.Send(new GetCaseQuery(http.User.StaffId(), id), ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(detail.Version);
        return TypedResults.Ok(detail);
    }

    private static async Task<Created<HandoffCreatedResponse>> OfferHandoff(Guid id, HandoffRequest body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var offered = await mediator.Send(new OfferHandoffCommand(http.User.StaffId(), id, body.ToAgentId, body.ToTeamId, body.Note, http.Request.ExpectedVersion()), ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(offered.Version);
        return TypedResults.Created($"/api/cases/{id}", new HandoffCreatedResponse(offered.HandoffId, offered.ExpiresAt, offered.Version));
    }

    private static async Task<Created<PromiseCreatedResponse>> MakePromise(Guid id, PromiseRequest body, HttpContext http, IMediator mediator, CancellationToken ct)
    {
        var made = await mediator.Send(new MakePromiseCommand(http.User.StaffId(), id, body.Text, body.DueAt, http.Request.ExpectedVersion()), ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(made.Version);
        return TypedResults.Created($"/api/cases/{id}", new PromiseCreatedResponse(made.PromiseId, made.Version));
    }

    private static async Task<Ok<NewAccessCodeResponse>> IssueAccessCode(Guid id, HttpContext http, IMediator mediator, PublicAddress publicAddress, CancellationToken ct)
    {
        var issued = await mediator.Send(new IssueAccessCodeCommand(http.User.StaffId(), id, http.Request.ExpectedVersion()), ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(issued.Version);
        return TypedResults.Ok(new NewAccessCodeResponse(issued.CaseId, issued.Reference, issued.AccessCode, publicAddress.StatusUrl(issued.Reference, issued.AccessCode), issued.Version, issued.MailedTo));
    }

    private static async Task<Ok<WriteResponse>> Write<TCommand>(HttpContext http, IMediator mediator, Func<Guid, int?, TCommand> command, CancellationToken ct)
        where TCommand : ICaseCommand<CaseWritten>
    {
        var written = await mediator.Send(command(http.User.StaffId(), http.Request.ExpectedVersion()), ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(written.Version);
        return TypedResults.Ok(new WriteResponse(written.CaseId, written.Version));
    }
}
