using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallRecover.Notifications.Email;

/// <summary>The server refused for good (5xx): retrying the same message will not help.</summary>
public sealed class SmtpPermanentException(int code, string message) : Exception($"SMTP {code}: {message}")
{
    public int Code { get; } = code;
}

/// <summary>The server or network failed for now (4xx, timeouts, dropped connections): try again later.</summary>
public sealed class SmtpTransientException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>How the server certificate is checked. Null: the platform's normal validation. Tests trust their own certificate here.</summary>
public sealed class SmtpTlsPolicy
{
    public RemoteCertificateValidationCallback? Validate { get; init; }
}

/// <summary>
/// A small SMTP client (RFC 5321) with STARTTLS (RFC 3207) and AUTH PLAIN/LOGIN (RFC 4954). We write our own
/// rather than use System.Net.Mail.SmtpClient, which Microsoft no longer recommends, cannot require STARTTLS
/// (it only "enables" SSL), hides the reply codes we need to tell a permanent refusal (5xx: dead) from a
/// temporary one (4xx: retry on the queue), and has no per-command timeout or cancellation.
/// </summary>
public sealed class SmtpMailClient(IOptions<EmailOptions> options, SmtpTlsPolicy tls, ILogger<SmtpMailClient> log)
{
    private readonly EmailOptions _o = options.Value;

    /// <summary>Sends one already-formatted message to <paramref name="recipients"/>.</summary>
    public async Task SendAsync(string from, IReadOnlyList<string> recipients, byte[] message, CancellationToken ct)
    {
        var host = _o.Host?.Trim() ?? throw new InvalidOperationException("Email:Host is not set.");
        using var tcp = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_o.Timeout);
        try
        {
            await tcp.ConnectAsync(host, _o.Port, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new SmtpTransientException($"Cannot connect to {host}:{_o.Port}: {ex.Message}", ex);
        }
        using var session = new Session(tcp.GetStream(), _o.Timeout, ct);
        try
        {
            await session.ExpectAsync(220);
            var ehlo = await session.CommandAsync("EHLO callrecover.localhost", 250);
            if (_o.StartTls)
            {
                if (!Has(ehlo, "STARTTLS"))
                    throw new SmtpPermanentException(0, $"{host} does not offer STARTTLS and Email:StartTls is true; refusing to send in clear text.");
                await session.CommandAsync("STARTTLS", 220);
                var ssl = new SslStream(session.Stream, leaveInnerStreamOpen: false, tls.Validate);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, session.Token());
                session.Upgrade(ssl);
                ehlo = await session.CommandAsync("EHLO callrecover.localhost", 250);
            }
            if (!string.IsNullOrEmpty(_o.User))
                await AuthenticateAsync(session, ehlo);
            await session.CommandAsync($"MAIL FROM:<{from}>", 250);
            foreach (var r in recipients) await session.CommandAsync($"RCPT TO:<{r}>", 250, 251);
            await session.CommandAsync("DATA", 354);
            await session.WriteDataAsync(message);
            await session.ExpectAsync(250);
            try { await session.CommandAsync("QUIT", 221); }
            catch (Exception ex) when (ex is SmtpTransientException or SmtpPermanentException or IOException)
            {
                // The message was accepted at the end of DATA; a rude close after that changes nothing.
                log.LogDebug("SMTP QUIT not acknowledged: {Error}", ex.Message);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or System.Security.Authentication.AuthenticationException
                                   || ex is OperationCanceledException && !ct.IsCancellationRequested)
        {
            throw new SmtpTransientException($"SMTP conversation with {host} failed: {ex.Message}", ex);
        }
    }

    private async Task AuthenticateAsync(Session session, IReadOnlyList<string> ehlo)
    {
        var auth = ehlo.FirstOrDefault(l => l.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase))?.ToUpperInvariant().Split(' ', '=') ?? [];
        if (auth.Contains("PLAIN"))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{_o.User}\0{_o.Password}"));
            await session.CommandAsync($"AUTH PLAIN {token}", 235);
        }
        else if (auth.Contains("LOGIN"))
        {
            await session.CommandAsync("AUTH LOGIN", 334);
            await session.CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(_o.User!)), 334);
            await session.CommandAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(_o.Password!)), 235);
        }
        else throw new SmtpPermanentException(0, "The server offers no AUTH mechanism we support (PLAIN, LOGIN) but Email:User is set.");
    }

    private static bool Has(IReadOnlyList<string> ehlo, string keyword) =>
        ehlo.Skip(1).Any(l => l.Equals(keyword, StringComparison.OrdinalIgnoreCase) || l.StartsWith(keyword + " ", StringComparison.OrdinalIgnoreCase));

    /// <summary>One lock-step SMTP conversation over a stream that STARTTLS can swap for a TLS one.</summary>
    private sealed class Session(Stream stream, TimeSpan timeout, CancellationToken outer) : IDisposable
    {
        private readonly byte[] _buffer = new byte[4096];
        private int _start, _end;
        private CancellationTokenSource? _step;

        public Stream Stream { get; private set; } = stream;

        /// <summary>A fresh time limit for the next step of the conversation (each command gets the full timeout).</summary>
        public CancellationToken Token()
        {
            _step?.Dispose();
            _step = CancellationTokenSource.CreateLinkedTokenSource(outer);
            _step.CancelAfter(timeout);
            return _step.Token;
        }

        public void Dispose()
        {
            _step?.Dispose();
            Stream.Dispose();
        }

        public void Upgrade(Stream tlsStream)
        {
            // Anything the server sent before the handshake would be an injection attempt (CVE-2011-0411 class).
            if (_start != _end) throw new SmtpPermanentException(0, "The server sent data after STARTTLS before the TLS handshake.");
            Stream = tlsStream;
        }

        public async Task<IReadOnlyList<string>> CommandAsync(string line, params int[] expected)
        {
            await Stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"), Token());
            await Stream.FlushAsync(Token());
            return await ExpectAsync(expected);
        }

        /// <summary>Reads one (possibly multi-line) reply; returns its text lines when the code is expected.</summary>
        public async Task<IReadOnlyList<string>> ExpectAsync(params int[] expected)
        {
            var lines = new List<string>();
            int code;
            while (true)
            {
                var line = await ReadLineAsync();
                if (line.Length < 3 || !int.TryParse(line.AsSpan(0, 3), out code))
                    throw new SmtpTransientException($"Malformed SMTP reply '{Truncate(line)}'.");
                lines.Add(line.Length > 4 ? line[4..] : "");
                if (line.Length == 3 || line[3] != '-') break;
            }
            if (expected.Contains(code)) return lines;
            var text = Truncate(string.Join(" ", lines));
            if (code is >= 500 and < 600) throw new SmtpPermanentException(code, text);
            throw new SmtpTransientException($"SMTP {code}: {text}");
        }

        /// <summary>Sends the message body with dot-stuffing and the terminating "." line.</summary>
        public async Task WriteDataAsync(byte[] message)
        {
            using var ms = new MemoryStream(message.Length + 64);
            var atLineStart = true;
            foreach (var b in message)
            {
                if (atLineStart && b == (byte)'.') ms.WriteByte((byte)'.');
                ms.WriteByte(b);
                atLineStart = b == (byte)'\n';
            }
            if (!atLineStart) ms.Write("\r\n"u8);
            ms.Write(".\r\n"u8);
            await Stream.WriteAsync(ms.GetBuffer().AsMemory(0, (int)ms.Length), Token());
            await Stream.FlushAsync(Token());
        }

        private async Task<string> ReadLineAsync()
        {
            var line = new List<byte>();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await Stream.ReadAsync(_buffer, Token());
                    if (_end == 0) throw new IOException("The SMTP server closed the connection.");
                }
                var b = _buffer[_start++];
                if (b == (byte)'\n') return Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
                if (line.Count > 4096) throw new SmtpTransientException("SMTP reply line too long.");
                line.Add(b);
            }
        }

        private static string Truncate(string s) => s.Length > 300 ? s[..300] : s;
    }
}
