using FluentValidation;
using FluentValidation.Results;

namespace RecoveryDesk.Application.Common;

public static class InputErrors
{
    /// <summary>A 400 for one field whose value is well-formed but names nothing that exists.</summary>
    public static ValidationException For(string field, string message) => new([new ValidationFailure(field, message)]);
}
