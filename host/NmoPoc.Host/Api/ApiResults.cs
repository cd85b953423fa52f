using NmoPoc.Host.Clinical;
using NmoPoc.Host.Storage;

namespace NmoPoc.Host.Api;

/// <summary>RFC 7807 problem results used by every endpoint group.</summary>
internal static class ApiResults
{
    public static IResult Invalid(FieldErrors errors) => Results.ValidationProblem(errors.ToDictionary(), title: "The request has invalid fields.");

    public static IResult Invalid(string field, string message)
    {
        var e = new FieldErrors();
        e.Add(field, message);
        return Invalid(e);
    }

    public static IResult NotFound(string what) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"{what} not found.");

    public static IResult Conflict(string title, string detail) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    /// <summary>A ward write's outcome as HTTP: 400 with field errors, 404, 409 with what it clashes with, or <paramref name="ok"/>.</summary>
    public static IResult From<T>(WardResult<T> r, Func<T, IResult> ok)
        where T : class =>
        r.Errors is { } e ? Invalid(e)
        : r.NotFound is { } what ? NotFound(what)
        : r.ConflictTitle is { } title ? Conflict(title, r.ConflictDetail ?? "")
        : ok(r.Value!);

    public static FieldErrors CheckFilter(DateTimeOffset? from, DateTimeOffset? to, int? limit, string? type, out ReadingFilter filter)
    {
        var e = new FieldErrors();
        if (limit is < 1 or > 10_000)
        {
            e.Add("limit", $"limit must be between 1 and 10000; got {limit}.");
        }

        if (from is { } f && to is { } t && t <= f)
        {
            e.Add("to", "to must be after from.");
        }

        string[] types = ["temperatureRound", "romSession", "fault"];
        if (type is not null && !types.Contains(type))
        {
            e.Add("type", "type must be one of temperatureRound, romSession, fault.");
        }

        filter = new ReadingFilter(from, to, type, limit ?? 1000);
        return e;
    }
}
