using Mediator;

namespace RecoveryDesk.Application.Common;

/// <summary>What every write on a case returns: the case and its new version.</summary>
public sealed record CaseWritten(Guid CaseId, int Version);

/// <summary>A staff member's write on one case; ExpectedVersion carries If-Match.</summary>
public interface ICaseCommand
{
    Guid ActorId { get; }

    Guid CaseId { get; }

    int? ExpectedVersion { get; }
}

/// <summary>A staff member's write on one case, answering <typeparamref name="TResult"/>.</summary>
public interface ICaseCommand<TResult> : ICaseCommand, ICommand<TResult>;
