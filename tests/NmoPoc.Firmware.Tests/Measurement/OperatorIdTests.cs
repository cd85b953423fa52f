using NmoPoc.Firmware.Measurement;

namespace NmoPoc.Firmware.Tests.Measurement;

public class OperatorIdTests
{
    [Theory]
    [InlineData("1", OperatorIdError.None)]
    [InlineData("A-z_09", OperatorIdError.None)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", OperatorIdError.None)] // 32
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", OperatorIdError.TooLong)] // 33
    [InlineData(null, OperatorIdError.Missing)]
    [InlineData("", OperatorIdError.Missing)]
    [InlineData("ab c", OperatorIdError.InvalidCharacter)]
    [InlineData("José", OperatorIdError.InvalidCharacter)]
    [InlineData("id.1", OperatorIdError.InvalidCharacter)]
    [InlineData("id/1", OperatorIdError.InvalidCharacter)]
    [InlineData("\u0661\u0662", OperatorIdError.InvalidCharacter)] // Arabic-Indic digits are not [0-9]
    public void ValidatesLengthAndCharacters(string? id, OperatorIdError expected)
    {
        Assert.Equal(expected, OperatorId.Validate(id!));
    }

    [Fact]
    public void AllowedCharactersAreExactlyTheDocumentedSet()
    {
        for (int c = 0; c < 0x250; c++)
        {
            bool expected = c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-';
            Assert.True(expected == OperatorId.IsAllowed((char)c), $"U+{c:X4}");
        }
    }

    [Fact]
    public void LoginKeepsTheCurrentOperatorWhenANewIdIsRejected()
    {
        var login = new OperatorLogin();
        Assert.Equal(OperatorIdError.None, login.TryLogIn("badge-1"));
        Assert.Equal(OperatorIdError.InvalidCharacter, login.TryLogIn("bad id"));
        Assert.Equal("badge-1", login.Current);
        Assert.Equal(1, login.Rejected);
        login.LogOut();
        Assert.False(login.IsLoggedIn);
    }

    [Fact]
    public void KeypadDigitsAndEnterLogIn()
    {
        var login = new OperatorLogin();
        var keypad = new KeypadEntry(login);
        foreach (int d in new[] { 0, 4, 2, 7 })
        {
            Assert.Equal(KeypadResult.Pending, keypad.Digit(d));
        }

        Assert.Equal(KeypadResult.Accepted, keypad.Enter());
        Assert.Equal("0427", login.Current);
        Assert.Equal(0, keypad.Length);
    }

    [Fact]
    public void KeypadEnterWithNothingTypedIsEmpty()
    {
        var login = new OperatorLogin();
        var keypad = new KeypadEntry(login);
        Assert.Equal(KeypadResult.Empty, keypad.Enter());
        Assert.Null(login.Current);
    }

    [Fact]
    public void KeypadClearStartsOver()
    {
        var login = new OperatorLogin();
        var keypad = new KeypadEntry(login);
        keypad.Digit(9);
        keypad.Digit(9);
        Assert.Equal(KeypadResult.Cleared, keypad.Clear());
        keypad.Digit(1);
        keypad.Enter();
        Assert.Equal("1", login.Current);
    }

    [Fact]
    public void KeypadRejectsMoreThan32DigitsInsteadOfTruncating()
    {
        var login = new OperatorLogin();
        var keypad = new KeypadEntry(login);
        for (int i = 0; i < 32; i++)
        {
            Assert.Equal(KeypadResult.Pending, keypad.Digit(i % 10));
        }

        Assert.Equal(KeypadResult.TooLong, keypad.Digit(5));
        Assert.Equal(KeypadResult.TooLong, keypad.Enter());
        Assert.Null(login.Current);

        // The entry was discarded: the next one starts clean.
        keypad.Digit(3);
        Assert.Equal(KeypadResult.Accepted, keypad.Enter());
        Assert.Equal("3", login.Current);
    }

    [Fact]
    public void Keypad32DigitsAreAccepted()
    {
        var login = new OperatorLogin();
        var keypad = new KeypadEntry(login);
        for (int i = 0; i < 32; i++)
        {
            keypad.Digit(7);
        }

        Assert.Equal(KeypadResult.Accepted, keypad.Enter());
        Assert.Equal(new string('7', 32), login.Current);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(10)]
    public void KeypadRefusesNonDigits(int key)
    {
        var keypad = new KeypadEntry(new OperatorLogin());
        Assert.Equal(KeypadResult.InvalidKey, keypad.Digit(key));
        Assert.Equal(0, keypad.Length);
    }
}
