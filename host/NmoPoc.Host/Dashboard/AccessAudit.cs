namespace NmoPoc.Host.Dashboard;

/// <summary>One row of the people audit: who did what to which record, when. Append-only.</summary>
public sealed record AccessAuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string? Subject, string? Detail);

/// <summary>
/// Who viewed which patient record, sign-ins and their failures, and user administration.
/// Alert transitions have their own audit (alert_audit); this one covers people and access.
/// </summary>
public interface IAccessAudit
{
    Task RecordAsync(string actor, string action, string? subject, string? detail, CancellationToken ct = default);

    Task<IReadOnlyList<AccessAuditEntry>> ListAsync(string? subject, int limit, CancellationToken ct = default);
}

/// <summary>The actions the access audit records.</summary>
public static class AccessActions
{
    public const string ViewPatient = "patient.view";
    public const string SignIn = "signin";
    public const string SignInFailed = "signin.failed";
    public const string LockedOut = "signin.lockedOut";
    public const string SignOut = "signout";
    public const string UserCreated = "user.created";
    public const string UserChanged = "user.changed";
    public const string PasswordReset = "user.passwordReset";

    // Ward and unit administration (subjects: patient:{id}, ward:{id}, unit:{unitId}).
    public const string WardAdded = "ward.added";
    public const string BedAdded = "bed.added";
    public const string PatientAdmitted = "patient.admitted";
    public const string PatientChanged = "patient.changed";
    public const string PatientDischarged = "patient.discharged";
    public const string AssignmentAdded = "assignment.added";
    public const string AssignmentEnded = "assignment.ended";
    public const string UnitProvisioned = "unit.provisioned";
    public const string UnitRevoked = "unit.revoked";
}
