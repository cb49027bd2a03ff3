using System.Globalization;
using System.Net.Mail;
using System.Text;

namespace CallRecover.Notifications.Email;

/// <summary>
/// Writes an RFC 5322 / MIME message: text (and HTML when given) plus attachments as multipart/mixed.
/// Every part is UTF-8 and base64, so any content survives 7-bit relays and line-length limits; headers with
/// non-ASCII text use RFC 2047 encoded words. CR/LF in header values are dropped (no header injection).
/// </summary>
public static class MimeWriter
{
    public static byte[] Write(MailAddress from, string to, StoredEmail email, IReadOnlyList<EmailAttachment> attachments, DateTimeOffset date)
    {
        var sb = new StringBuilder();
        void Header(string name, string value) => sb.Append(name).Append(": ").Append(value).Append("\r\n");

        Header("From", Address(from));
        Header("To", Address(new MailAddress(to)));
        Header("Subject", EncodeWord(email.Subject));
        Header("Date", date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + date.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal));
        // A stable Message-ID lets receivers drop the duplicate if a retry resends after a lost acknowledgement.
        Header("Message-ID", $"<{email.Id}@{from.Host}>");
        Header("MIME-Version", "1.0");
        Header("Auto-Submitted", "auto-generated");

        var body = email.HtmlBody is null
            ? Part("text/plain; charset=utf-8", null, Encoding.UTF8.GetBytes(email.TextBody))
            : Multipart("alternative", [
                Part("text/plain; charset=utf-8", null, Encoding.UTF8.GetBytes(email.TextBody)),
                Part("text/html; charset=utf-8", null, Encoding.UTF8.GetBytes(email.HtmlBody))]);
        if (attachments.Count > 0)
        {
            List<string> parts = [body];
            foreach (var a in attachments)
            {
                var name = Clean(a.FileName).Replace("\"", "", StringComparison.Ordinal);
                parts.Add(Part($"{Clean(a.ContentType)}; name=\"{name}\"", $"attachment; filename=\"{name}\"", Convert.FromBase64String(a.Base64Content)));
            }
            body = Multipart("mixed", parts);
        }
        sb.Append(body);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Part(string contentType, string? disposition, byte[] content)
    {
        var sb = new StringBuilder();
        sb.Append("Content-Type: ").Append(contentType).Append("\r\n");
        if (disposition is not null) sb.Append("Content-Disposition: ").Append(disposition).Append("\r\n");
        sb.Append("Content-Transfer-Encoding: base64\r\n\r\n");
        var b64 = Convert.ToBase64String(content);
        for (var i = 0; i < b64.Length; i += 76) sb.Append(b64, i, Math.Min(76, b64.Length - i)).Append("\r\n");
        return sb.ToString();
    }

    private static string Multipart(string subtype, IReadOnlyList<string> parts)
    {
        var boundary = "=_cr_" + Guid.NewGuid().ToString("N");
        var sb = new StringBuilder();
        sb.Append($"Content-Type: multipart/{subtype}; boundary=\"{boundary}\"\r\n\r\n");
        foreach (var p in parts) sb.Append("--").Append(boundary).Append("\r\n").Append(p);
        sb.Append("--").Append(boundary).Append("--\r\n");
        return sb.ToString();
    }

    private static string Address(MailAddress a) =>
        string.IsNullOrEmpty(a.DisplayName) ? $"<{a.Address}>" : $"{EncodePhrase(a.DisplayName)} <{a.Address}>";

    private static string Clean(string s) => s.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static bool IsPlainAscii(string s) => s.All(c => c is >= ' ' and <= '~');

    /// <summary>Unstructured header text (Subject): as is when printable ASCII, else RFC 2047 base64 words.</summary>
    public static string EncodeWord(string value)
    {
        value = Clean(value);
        if (IsPlainAscii(value)) return value;
        // Encoded words are limited to 75 characters: split the text on character (not byte) boundaries.
        var words = new List<string>();
        var chunk = new StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            chunk.Append(rune.ToString());
            if (Encoding.UTF8.GetByteCount(chunk.ToString()) >= 39)
            {
                words.Add(Word(chunk.ToString()));
                chunk.Clear();
            }
        }
        if (chunk.Length > 0) words.Add(Word(chunk.ToString()));
        return string.Join("\r\n ", words);
    }

    private static string Word(string s) => "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(s)) + "?=";

    private static string EncodePhrase(string name)
    {
        name = Clean(name);
        if (!IsPlainAscii(name)) return EncodeWord(name);
        return "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
