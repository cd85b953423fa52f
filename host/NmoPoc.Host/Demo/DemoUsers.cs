using NmoPoc.Host.Dashboard;
using NmoPoc.Host.Dashboard.Identity;

namespace NmoPoc.Host.Demo;

/// <summary>A demo sign-in: user name, password and role, printed at start-up so a newcomer can look around.</summary>
public sealed record DemoCredential(string UserName, string Password, string Role);

/// <summary>
/// One demo user per role, with generated passwords kept beside the demo unit secrets (data/demo/user-passwords,
/// mode 0600) so a restart prints the same ones. Demo mode only: a real site creates its first admin with the CLI.
/// </summary>
public static class DemoUsers
{
    public static readonly IReadOnlyList<(string UserName, string Role, string DisplayName)> People =
    [
        ("nurse", Roles.Nurse, "Demo Nurse"),
        ("physio", Roles.Physiotherapist, "Demo Physiotherapist"),
        ("clinician", Roles.Clinician, "Demo Clinician"),
        ("lead", Roles.UnitLead, "Demo Unit Lead"),
        ("admin", Roles.Admin, "Demo Admin"),
    ];

    public static async Task<IReadOnlyList<DemoCredential>> SeedAsync(UserAdministration users, string passwordsPath)
    {
        var known = DemoSecrets.Read(passwordsPath);
        var existing = (await users.ListAsync()).Select(u => u.UserName).ToHashSet(StringComparer.Ordinal);
        var result = new List<DemoCredential>();
        foreach (var (name, role, display) in People)
        {
            if (!existing.Contains(name))
            {
                var created = await users.CreateAsync(name, display, [role], "demo");
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException($"Demo user {name}: {string.Join(" ", created.Errors)}");
                }

                DemoSecrets.Append(passwordsPath, name, created.OneTimePassword!);
                known[name] = created.OneTimePassword!;
            }

            if (known.TryGetValue(name, out var password))
            {
                result.Add(new DemoCredential(name, password, role));
            }
        }

        return result;
    }
}
