using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using NmoPoc.Host.Storage.Sqlite;

namespace NmoPoc.Host.Dashboard.Identity;

/// <summary>The outcome of a user operation: the one-time password when one was generated, or the errors.</summary>
public sealed record UserResult(DashboardUser? User, string? OneTimePassword, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static UserResult Fail(params string[] errors) => new(null, null, errors);
}

/// <summary>
/// Creating users, roles, password resets and disabling, for the CLI verb, the admin pages and demo mode.
/// Passwords are generated here and shown once; Identity's PasswordHasher stores only the hash.
/// </summary>
public sealed partial class UserAdministration(UserManager<DashboardUser> users, SqliteUserStore store, IAccessAudit audit)
{
    // No look-alikes (0/o, 1/l/i) so a password read off a screen is typed right first time.
    private const string Alphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex UserNamePattern();

    public static string GeneratePassword()
    {
        Span<char> chars = stackalloc char[19];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = i % 5 == 4 ? '-' : Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    public Task<IReadOnlyList<DashboardUser>> ListAsync(CancellationToken ct = default) => store.ListUsersAsync(ct);

    public async Task<UserResult> CreateAsync(string userName, string displayName, IReadOnlyCollection<string> roles, string actor, string? password = null)
    {
        if (!UserNamePattern().IsMatch(userName))
        {
            return UserResult.Fail($"User name '{userName}' must be 2-64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        var canonical = new List<string>();
        foreach (var r in roles)
        {
            if (Roles.Canonical(r) is not { } role)
            {
                return UserResult.Fail($"Unknown role '{r}'. Roles: {string.Join(", ", Roles.All)}.");
            }

            canonical.Add(role);
        }

        if (canonical.Count == 0)
        {
            return UserResult.Fail($"Give at least one role: {string.Join(", ", Roles.All)}.");
        }

        var user = new DashboardUser { UserName = userName, DisplayName = string.IsNullOrWhiteSpace(displayName) ? userName : displayName.Trim(), Roles = canonical.Distinct().ToList() };
        password ??= GeneratePassword();
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return UserResult.Fail([.. result.Errors.Select(e => e.Description)]);
        }

        await audit.RecordAsync(actor, AccessActions.UserCreated, userName, "roles: " + string.Join(", ", user.Roles));
        return new UserResult(user, password, []);
    }

    public async Task<UserResult> ResetPasswordAsync(string userName, string actor)
    {
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return UserResult.Fail($"No user '{userName}'.");
        }

        var password = GeneratePassword();
        await users.RemovePasswordAsync(user);
        var result = await users.AddPasswordAsync(user, password); // also renews the security stamp: open sessions end
        if (!result.Succeeded)
        {
            return UserResult.Fail([.. result.Errors.Select(e => e.Description)]);
        }

        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.RecordAsync(actor, AccessActions.PasswordReset, userName, null);
        return new UserResult(user, password, []);
    }

    /// <summary>Replaces the roles and the enabled state; the new security stamp ends the user's open sessions.</summary>
    public async Task<UserResult> UpdateAsync(string userName, IReadOnlyCollection<string> roles, bool disabled, string actor)
    {
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            return UserResult.Fail($"No user '{userName}'.");
        }

        var canonical = roles.Select(Roles.Canonical).ToList();
        if (canonical.Any(r => r is null) || canonical.Count == 0)
        {
            return UserResult.Fail($"Give at least one of the roles: {string.Join(", ", Roles.All)}.");
        }

        if (user.Roles.Contains(Roles.Admin) && (!canonical.Contains(Roles.Admin) || disabled) &&
            (await store.ListUsersAsync()).Count(u => !u.Disabled && u.Roles.Contains(Roles.Admin)) == 1)
        {
            return UserResult.Fail("This is the last enabled admin; make another admin first.");
        }

        user.Roles = canonical.Distinct().ToList()!;
        user.Disabled = disabled;
        var result = await users.UpdateSecurityStampAsync(user);
        if (!result.Succeeded)
        {
            return UserResult.Fail([.. result.Errors.Select(e => e.Description)]);
        }

        await audit.RecordAsync(actor, AccessActions.UserChanged, userName, $"roles: {string.Join(", ", user.Roles)}; {(disabled ? "disabled" : "enabled")}");
        return new UserResult(user, null, []);
    }
}
