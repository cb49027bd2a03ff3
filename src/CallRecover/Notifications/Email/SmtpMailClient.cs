using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CallRecover.Notifications.Email;

/// <summary>The server refused for good (5xx, no STARTTLS, no usable AUTH): retrying the same message will not help.</summary>
public sealed class SmtpPermanentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The server or network failed for now (4xx, timeouts, dropped connections): try again later.</summary>
public sealed class SmtpTransientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>How the server certificate is checked. Null: the platform's normal validation. Tests trust their own certificate here.</summary>
public sealed class SmtpTlsPolicy
{
    public RemoteCertificateValidationCallback? Validate { get; init; }
}

/// <summary>
/// Sends through MailKit's SMTP client, with TLS as <c>Email:StartTls</c> / <c>Email:ImplicitTls</c> say (STARTTLS
/// required, never a silent downgrade) and AUTH when <c>Email:User</c> is set. One connection is kept for
/// <c>Email:KeepOpen</c> after a send, so a burst of emails (a digest run, a busy morning) shares it; sends take
/// turns on it. A kept connection is checked with NOOP before reuse and replaced when the server has dropped it, so
/// only a failure of this email's own transaction reaches the queue (which retries it). Failures come out as
/// <see cref="SmtpPermanentException"/> or <see cref="SmtpTransientException"/>, the two things the queue needs to know.
/// </summary>
public sealed class SmtpMailClient(IOptions<EmailOptions> options, SmtpTlsPolicy tls, TimeProvider clock, ILogger<SmtpMailClient> log)
    : IAsyncDisposable, IDisposable
{
    private readonly EmailOptions _o = options.Value;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private SmtpClient? _kept;
    private ITimer? _idle;
    private long _uses;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        await _turn.WaitAsync(ct);
        try
        {
            var uses = ++_uses;
            var client = await ConnectionAsync(ct);
            try
            {
                await client.SendAsync(message, ct);
            }
            catch (Exception ex)
            {
                // After a failed transaction the connection's state is unknown: the next email gets a fresh one.
                await DropAsync(client);
                throw Classify(ex, ct);
            }
            if (_o.KeepOpen <= TimeSpan.Zero) await DropAsync(client, polite: true);
            else _idle = clock.CreateTimer(_ => _ = CloseIdleAsync(uses), null, _o.KeepOpen, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>The kept connection when it still answers NOOP, else a new one (connected, TLS, authenticated).</summary>
    private async Task<SmtpClient> ConnectionAsync(CancellationToken ct)
    {
        _idle?.Dispose();
        _idle = null;
        if (_kept is { } kept)
        {
            try
            {
                if (kept.IsConnected)
                {
                    await kept.NoOpAsync(ct);
                    return kept;
                }
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                log.LogDebug("Kept SMTP connection is gone ({Error}); opening a new one", ex.Message);
            }
            await DropAsync(kept);
        }

        var host = _o.Host?.Trim() ?? throw new InvalidOperationException("Email:Host is not set.");
        var client = new SmtpClient
        {
            // The name we greet with; the machine's own host name is nobody's business.
            LocalDomain = "callrecover.localhost",
            Timeout = (int)_o.Timeout.TotalMilliseconds,
            ServerCertificateValidationCallback = tls.Validate,
        };
        var security = _o.ImplicitTls ? SecureSocketOptions.SslOnConnect
            : _o.StartTls ? SecureSocketOptions.StartTls
            : SecureSocketOptions.None;
        try
        {
            try
            {
                await client.ConnectAsync(host, _o.Port, security, ct);
            }
            catch (NotSupportedException ex) when (security == SecureSocketOptions.StartTls)
            {
                throw new SmtpPermanentException($"{host} does not offer STARTTLS and Email:StartTls is true; refusing to send in clear text.", ex);
            }
            catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException or TimeoutException && !ct.IsCancellationRequested)
            {
                throw new SmtpTransientException($"Cannot connect to {host}:{_o.Port}: {ex.Message}", ex);
            }
            if (!string.IsNullOrEmpty(_o.User))
            {
                try
                {
                    await client.AuthenticateAsync(_o.User, _o.Password ?? "", ct);
                }
                catch (NotSupportedException ex)
                {
                    throw new SmtpPermanentException("The server offers no AUTH mechanism we support but Email:User is set.", ex);
                }
                catch (MailKit.Security.AuthenticationException ex)
                {
                    throw new SmtpPermanentException($"SMTP AUTH as Email:User was refused: {ex.Message}", ex);
                }
            }
        }
        catch (Exception ex)
        {
            await DropAsync(client);
            throw Classify(ex, ct);
        }
        _kept = client;
        return client;
    }

    private Exception Classify(Exception ex, CancellationToken ct) => ex switch
    {
        SmtpPermanentException or SmtpTransientException => ex,
        OperationCanceledException when ct.IsCancellationRequested => ex,
        SmtpCommandException { StatusCode: var code } when (int)code is >= 500 and < 600 =>
            new SmtpPermanentException($"SMTP {(int)code}: {ex.Message}", ex),
        SmtpCommandException { StatusCode: var code } => new SmtpTransientException($"SMTP {(int)code}: {ex.Message}", ex),
        IOException or SocketException or TimeoutException or OperationCanceledException or ProtocolException
            or SslHandshakeException or ServiceNotConnectedException =>
            new SmtpTransientException($"SMTP conversation with {_o.Host} failed: {ex.Message}", ex),
        _ => ex,
    };

    /// <summary>Closes the kept connection when no send has used it since the timer was set.</summary>
    private async Task CloseIdleAsync(long uses)
    {
        if (!await _turn.WaitAsync(0)) return;
        try
        {
            if (uses == _uses && _kept is { } kept) await DropAsync(kept, polite: true);
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Forgets a connection; <paramref name="polite"/> says QUIT first (a connection that failed just closes).</summary>
    private async Task DropAsync(SmtpClient client, bool polite = false)
    {
        if (ReferenceEquals(client, _kept)) _kept = null;
        if (polite && client.IsConnected)
        {
            try
            {
                using var quit = new CancellationTokenSource(_o.Timeout);
                await client.DisconnectAsync(quit: true, quit.Token);
            }
            catch (Exception ex) when (ex is IOException or ProtocolException or SmtpCommandException or OperationCanceledException or SocketException)
            {
                // Everything sent was accepted already; a rude close after that changes nothing.
                log.LogDebug("SMTP QUIT not acknowledged: {Error}", ex.Message);
            }
        }
        client.Dispose();
    }

    /// <summary>For a container disposed synchronously: closes without QUIT.</summary>
    public void Dispose()
    {
        _idle?.Dispose();
        _kept?.Dispose();
        _kept = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _turn.WaitAsync();
        try
        {
            _idle?.Dispose();
            if (_kept is { } kept) await DropAsync(kept, polite: true);
        }
        finally
        {
            _turn.Release();
        }
    }
}
