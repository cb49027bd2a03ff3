using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CallRecover.Tests.Notifications.Email;

/// <summary>
/// A small SMTP server on loopback that speaks the real protocol (RFC 5321 replies, multi-line EHLO, STARTTLS with
/// a self-signed certificate or TLS from the first byte, AUTH PLAIN/LOGIN, DATA with dot-stuffing, several messages
/// per connection) and records what arrived and on which connection.
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<int, TcpClient> _open = new();
    private int _dataFailuresLeft;
    private int _connections;

    public sealed record Received(string From, IReadOnlyList<string> To, string Data, bool Tls, string? AuthUser, string? AuthPassword, int Connection);

    public FakeSmtpServer(bool offerStartTls = true, bool offerAuth = true, int temporaryDataFailures = 0, int? rejectRecipientWith = null,
        bool implicitTls = false, string authMechanisms = "PLAIN LOGIN")
    {
        OfferStartTls = offerStartTls && !implicitTls;
        OfferAuth = offerAuth;
        ImplicitTls = implicitTls;
        AuthMechanisms = authMechanisms;
        _dataFailuresLeft = temporaryDataFailures;
        RejectRecipientWith = rejectRecipientWith;
        Certificate = CreateCertificate();
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public bool OfferStartTls { get; }
    public bool OfferAuth { get; }
    public bool ImplicitTls { get; }
    public string AuthMechanisms { get; }
    public int? RejectRecipientWith { get; }
    public X509Certificate2 Certificate { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public ConcurrentQueue<Received> Messages { get; } = new();
    public ConcurrentQueue<string> Commands { get; } = new();
    public int DataAttempts;

    /// <summary>How many connections clients have opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Closes every open connection without a word, as a server that timed out an idle client does.</summary>
    public void DropConnections()
    {
        foreach (var (id, client) in _open)
        {
            client.Client.Close();
            _open.TryRemove(id, out _);
        }
    }

    /// <summary>Trusts exactly this server's certificate (what a pinned self-hosted relay would do).</summary>
    public bool Validate(object sender, X509Certificate? cert, X509Chain? chain, SslPolicyErrors errors) =>
        cert is not null && cert.GetCertHashString() == Certificate.GetCertHashString();

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        using var cert = req.CreateSelfSigned(DateTimeOffset.Now.AddDays(-1), DateTimeOffset.Now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            var connection = Interlocked.Increment(ref _connections);
            _open[connection] = client;
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try { await SessionAsync(client.GetStream(), connection); }
                    catch (Exception) { /* client went away */ }
                    finally { _open.TryRemove(connection, out _); }
                }
            });
        }
    }

    private async Task SessionAsync(Stream stream, int connection)
    {
        var tls = false;
        if (ImplicitTls)
        {
            var implicitSsl = new SslStream(stream, false);
            await implicitSsl.AuthenticateAsServerAsync(Certificate);
            stream = implicitSsl;
            tls = true;
        }
        var io = new LineIo(stream);
        string? from = null, user = null, password = null;
        var to = new List<string>();
        await io.WriteAsync("220 fake-smtp ESMTP ready");
        while (true)
        {
            var line = await io.ReadLineAsync();
            if (line is null) return;
            Commands.Enqueue(line.StartsWith("AUTH PLAIN", StringComparison.Ordinal) ? "AUTH PLAIN ***" : line);
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    var ext = new List<string> { "fake-smtp greets you", "SIZE 10485760", "8BITMIME" };
                    if (OfferStartTls && !tls) ext.Add("STARTTLS");
                    if (OfferAuth && (tls || !OfferStartTls)) ext.Add("AUTH " + AuthMechanisms);
                    for (var i = 0; i < ext.Count; i++) await io.WriteAsync($"250{(i == ext.Count - 1 ? ' ' : '-')}{ext[i]}");
                    break;
                case "STARTTLS":
                    await io.WriteAsync("220 2.0.0 Ready to start TLS");
                    var ssl = new SslStream(io.Stream, false);
                    await ssl.AuthenticateAsServerAsync(Certificate);
                    io = new LineIo(ssl);
                    tls = true;
                    break;
                case "AUTH":
                    var parts = line.Split(' ');
                    if (parts[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
                    {
                        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parts[2])).Split('\0');
                        (user, password) = (decoded[1], decoded[2]);
                    }
                    else
                    {
                        await io.WriteAsync("334 VXNlcm5hbWU6");
                        user = Encoding.UTF8.GetString(Convert.FromBase64String((await io.ReadLineAsync())!));
                        await io.WriteAsync("334 UGFzc3dvcmQ6");
                        password = Encoding.UTF8.GetString(Convert.FromBase64String((await io.ReadLineAsync())!));
                    }
                    await io.WriteAsync(password == "secret" ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication credentials invalid");
                    break;
                case "MAIL":
                    from = Between(line, '<', '>');
                    to.Clear();
                    await io.WriteAsync("250 2.1.0 OK");
                    break;
                case "RCPT":
                    if (RejectRecipientWith is { } code) { await io.WriteAsync($"{code} 5.1.1 No such user here"); break; }
                    to.Add(Between(line, '<', '>'));
                    await io.WriteAsync("250 2.1.5 OK");
                    break;
                case "DATA":
                    await io.WriteAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (true)
                    {
                        var l = await io.ReadLineAsync() ?? throw new IOException("closed in DATA");
                        if (l == ".") break;
                        data.Append(l.StartsWith("..", StringComparison.Ordinal) ? l[1..] : l).Append("\r\n");
                    }
                    Interlocked.Increment(ref DataAttempts);
                    if (Interlocked.Decrement(ref _dataFailuresLeft) >= 0) { await io.WriteAsync("451 4.3.0 Try again later"); break; }
                    Messages.Enqueue(new Received(from ?? "", [.. to], data.ToString(), tls, user, password, connection));
                    await io.WriteAsync("250 2.0.0 Queued as 1234");
                    break;
                case "RSET":
                case "NOOP":
                    await io.WriteAsync("250 OK");
                    break;
                case "QUIT":
                    await io.WriteAsync("221 2.0.0 Bye");
                    return;
                default:
                    await io.WriteAsync("502 5.5.2 Command not recognized");
                    break;
            }
        }
    }

    private static string Between(string s, char a, char b)
    {
        var i = s.IndexOf(a, StringComparison.Ordinal);
        var j = s.IndexOf(b, i + 1);
        return i >= 0 && j > i ? s[(i + 1)..j] : "";
    }

    private sealed class LineIo(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start, _end;
        public Stream Stream { get; } = stream;

        public async Task WriteAsync(string line)
        {
            await Stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\r\n"));
            await Stream.FlushAsync();
        }

        public async Task<string?> ReadLineAsync()
        {
            var bytes = new List<byte>();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await Stream.ReadAsync(_buffer);
                    if (_end == 0) return null;
                }
                var c = _buffer[_start++];
                if (c == '\n') return Encoding.UTF8.GetString([.. bytes]).TrimEnd('\r');
                bytes.Add(c);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch { }
        Certificate.Dispose();
        _stop.Dispose();
    }
}
