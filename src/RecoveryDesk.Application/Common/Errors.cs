namespace RecoveryDesk.Application.Common;

/// <summary>No such thing, or not visible to the caller (HTTP 404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The case changed since the caller read it and the caller asked to be told (If-Match, HTTP 412).</summary>
public sealed class PreconditionFailedException(string message) : Exception(message);

/// <summary>Lost a race with another write that the rules cannot settle by retrying (HTTP 409).</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);

/// <summary>A request that reuses an idempotency key with a different body (HTTP 422).</summary>
public sealed class IdempotencyMismatchException(string message) : Exception(message);

/// <summary>Something of that name already exists where names must differ (HTTP 409).</summary>
public sealed class AlreadyExistsException(string message) : Exception(message);
