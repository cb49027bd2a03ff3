using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;

namespace CallRecover.Common;

/// <summary>
/// The safety net behind validation: a value a client sent that the database refuses to store — a NUL character
/// (PostgreSQL text cannot hold U+0000) or a byte sequence it cannot encode — answers 400 saying so, not 500 (found by
/// the fuzz test: <c>/api/v1/quotes?leadId=%00</c> on PostgreSQL). The failed statement's transaction is rolled back, so
/// nothing is stored. Everything else still goes to the default handler (500, logged as an error).
/// </summary>
public sealed class ClientInputErrors(ILogger<ClientInputErrors> log) : IExceptionHandler
{
    /// <summary>SQLSTATE 22021 character_not_in_repertoire (a NUL), 22P05 untranslatable_character.</summary>
    private static readonly HashSet<string> ClientCaused = ["22021", "22P05"];

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not DbException { SqlState: { } state } || !ClientCaused.Contains(state) || http.Response.HasStarted) return false;
        log.LogWarning("Refused a request whose input the database cannot store (SQLSTATE {SqlState}) on {Path}", state, http.Request.Path);
        await Problems.BadField("request", "The request holds a character that cannot be stored (such as a NUL character). Remove it and try again.")
            .ExecuteAsync(http);
        return true;
    }
}
