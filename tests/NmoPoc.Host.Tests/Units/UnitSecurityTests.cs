using NmoPoc.Host.Broker;
using NmoPoc.Host.Units;

namespace NmoPoc.Host.Tests.Units;

public class UnitSecurityTests
{
    [Fact]
    public void Secret_hash_verifies_only_the_same_secret()
    {
        var secret = SecretHasher.NewSecret();
        Assert.True(secret.Length >= 40);
        var (salt, hash) = SecretHasher.Hash(secret, SecretHasher.MinimumIterations);
        Assert.True(SecretHasher.Verify(secret, salt, hash, SecretHasher.MinimumIterations));
        Assert.False(SecretHasher.Verify(secret + "x", salt, hash, SecretHasher.MinimumIterations));
        Assert.False(SecretHasher.Verify(null, salt, hash, SecretHasher.MinimumIterations));
        Assert.False(SecretHasher.Verify(secret, salt, hash, SecretHasher.MinimumIterations + 1));

        // Salted: the same secret hashes differently each time.
        var (salt2, hash2) = SecretHasher.Hash(secret, SecretHasher.MinimumIterations);
        Assert.NotEqual(salt, salt2);
        Assert.NotEqual(hash, hash2);
        Assert.NotEqual(SecretHasher.NewSecret(), SecretHasher.NewSecret());
    }

    [Fact]
    public void Fewer_than_100k_iterations_are_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SecretHasher.Hash("s", 99_999));

    [Theory]
    [InlineData("unit-0001", "nmopoc/v1/units/unit-0001/readings", "readings")]
    [InlineData("unit-0001", "nmopoc/v1/units/unit-0001/faults", "faults")]
    [InlineData("unit-0001", "nmopoc/v1/units/unit-0001/status", "status")]
    [InlineData("unit-0001", "nmopoc/v1/units/unit-0001/heartbeat", "heartbeat")]
    [InlineData("unit-0001", "nmopoc/v1/units/unit-0002/readings", null)]
    [InlineData("unit-0001", "nmopoc/v1/units/unit-0001/cmd/x", null)]
    [InlineData("unit-0001", "nmopoc/v1/units/unit-0001/readings/x", null)]
    [InlineData("unit-0001", "nmopoc/v1/units/unit-00011/readings", null)]
    [InlineData("unit-0001", "other/topic", null)]
    [InlineData("", "nmopoc/v1/units//readings", null)]
    public void Units_publish_only_under_their_own_prefix(string client, string topic, string? suffix) =>
        Assert.Equal(suffix, TopicPolicy.AllowedPublishSuffix(client, topic));

    [Theory]
    [InlineData("nmopoc/v1/units/unit-0001/cmd/#", true)]
    [InlineData("nmopoc/v1/units/unit-0001/cmd/reboot", true)]
    [InlineData("nmopoc/v1/units/unit-0001/cmd/", false)]
    [InlineData("nmopoc/v1/units/unit-0001/#", false)]
    [InlineData("nmopoc/v1/units/+/cmd/#", false)]
    [InlineData("nmopoc/v1/units/unit-0002/cmd/#", false)]
    [InlineData("#", false)]
    [InlineData("$share/g/nmopoc/v1/units/unit-0001/cmd/#", false)]
    public void Units_subscribe_only_to_their_own_commands(string filter, bool allowed) =>
        Assert.Equal(allowed, TopicPolicy.MaySubscribe("unit-0001", filter));
}
