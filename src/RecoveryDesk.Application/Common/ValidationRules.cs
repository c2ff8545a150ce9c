using FluentValidation;

namespace RecoveryDesk.Application.Common;

/// <summary>The shapes of input shared by several commands.</summary>
public static class ValidationRules
{
    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilderInitial<T, string> rule, int maxLength) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("This is required.")
            .MaximumLength(maxLength).WithMessage($"At most {maxLength} characters.")
            .Must(NoControlCharacters).WithMessage("Remove control characters.");

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.MaximumLength(maxLength).WithMessage($"At most {maxLength} characters.")
            .Must(NoControlCharacters).WithMessage("Remove control characters.");

    public static IRuleBuilderOptions<T, string?> PhoneNumber<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches(@"^[0-9+()\-. ]*$").WithMessage("Digits, spaces and + ( ) - . only.");

    public static IRuleBuilderOptions<T, Guid> RequiredId<T>(this IRuleBuilder<T, Guid> rule) =>
        rule.NotEmpty().WithMessage("A valid id is required.");

    /// <summary>Line breaks and tabs are text; other control characters are not.</summary>
    private static bool NoControlCharacters(string? text) =>
        text is null || !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'));
}
