namespace RecoveryDesk.Domain.Cases;

/// <summary>A moment at which the desk must look at a case again; the key names what is due, for moving or removing its timer.</summary>
public sealed record Deadline(string Key, DateTimeOffset At);
