using System.Text;

namespace NmoPoc.Host.Broker;

/// <summary>
/// The Mosquitto ACL that gives an external broker the embedded broker's rules (<see cref="TopicPolicy"/>): a unit
/// (user name = unit ID) may publish only under its own prefix and read only its own cmd/ topics; the host's user
/// reads every unit's publish topics and writes their cmd/ topics. Needs <c>use_username_as_clientid true</c> in
/// mosquitto.conf so no unit can pose as another by client ID.
/// </summary>
public static class MosquittoAcl
{
    public static string Render(string hostUser)
    {
        var b = new StringBuilder();
        b.AppendLine("# NmoPoc ACL for Mosquitto, written by `run.sh mosquitto-acl` (docs/host.md, External broker).");
        b.AppendLine("# Units authenticate with their unit ID as user name (password_file, mosquitto_passwd).");
        b.AppendLine();
        b.AppendLine("# The host's own account.");
        b.AppendLine("user " + hostUser);
        foreach (var suffix in TopicPolicy.PublishSuffixes)
        {
            b.AppendLine($"topic read {TopicPolicy.Prefix}+/{suffix}");
        }

        b.AppendLine($"topic write {TopicPolicy.Prefix}+/cmd/#");
        b.AppendLine();
        b.AppendLine("# Every unit: %u is its user name (= unit ID = client ID with use_username_as_clientid).");
        foreach (var suffix in TopicPolicy.PublishSuffixes)
        {
            b.AppendLine($"pattern write {TopicPolicy.Prefix}%u/{suffix}");
        }

        b.AppendLine($"pattern read {TopicPolicy.Prefix}%u/cmd/#");
        return b.ToString();
    }
}
