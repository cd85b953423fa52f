namespace NmoPoc.Host.Broker;

/// <summary>
/// Which topics a unit may use (protocol v1): publish only under its own <c>nmopoc/v1/units/{unitId}/</c>
/// (readings, faults, status, heartbeat), subscribe only to its own <c>.../cmd/#</c>.
/// </summary>
public static class TopicPolicy
{
    public const string Prefix = "nmopoc/v1/units/";

    public static readonly string[] PublishSuffixes = ["readings", "faults", "status", "heartbeat"];

    public static string TopicFor(string unitId, string suffix) => Prefix + unitId + "/" + suffix;

    /// <summary>The suffix when <paramref name="clientId"/> may publish to <paramref name="topic"/>, else null.</summary>
    public static string? AllowedPublishSuffix(string clientId, string topic)
    {
        var own = Prefix + clientId + "/";
        if (string.IsNullOrEmpty(clientId) || !topic.StartsWith(own, StringComparison.Ordinal))
        {
            return null;
        }

        var suffix = topic[own.Length..];
        return Array.IndexOf(PublishSuffixes, suffix) >= 0 ? suffix : null;
    }

    public static bool MaySubscribe(string clientId, string topicFilter)
    {
        if (string.IsNullOrEmpty(clientId))
        {
            return false;
        }

        // Literal prefix compare: a wildcard anywhere above cmd/ (or a $share/ filter) can't match it.
        var cmd = Prefix + clientId + "/cmd/";
        return topicFilter.StartsWith(cmd, StringComparison.Ordinal) && topicFilter.Length > cmd.Length;
    }
}
