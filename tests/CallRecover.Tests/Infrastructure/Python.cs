using System.Text;
using System.Text.Json;

namespace CallRecover.Tests.Infrastructure;

/// <summary>
/// Runs independent parsers from Python's standard library and Debian's python3-icalendar, so calendar files and
/// emails are checked by code we did not write.
/// </summary>
public static class Python
{
    private static readonly Lazy<string> Interpreter = new(() =>
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var (code, _, _) = RunAsync(candidate, "import icalendar", "").GetAwaiter().GetResult();
                if (code == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        throw new InvalidOperationException("No python3 with the icalendar module found (apt install python3-icalendar).");
    });

    /// <summary>Parses an .ics with icalendar; returns the VEVENT's fields as JSON. Fails the test when icalendar rejects it.</summary>
    public static async Task<JsonElement> ParseIcsAsync(string ics)
    {
        const string script = """
            import sys, json, icalendar, datetime
            raw = sys.stdin.buffer.read()
            cal = icalendar.Calendar.from_ical(raw)
            events = [c for c in cal.walk() if c.name == 'VEVENT']
            e = events[0]
            def dt(v):
                d = v.dt
                return d.isoformat()
            utc = datetime.timezone.utc
            def as_utc(v):
                return v.dt.astimezone(utc).isoformat()
            # The instant our own VTIMEZONE gives (icalendar builds a tz from its STANDARD/DAYLIGHT blocks),
            # independent of the tz database the parser would otherwise use for the TZID.
            tzs = {str(t['TZID']): t.to_tz() for t in cal.walk('VTIMEZONE')}
            def by_vtimezone(v):
                tzid = v.params.get('TZID')
                if not tzid:
                    return as_utc(v)
                return tzs[tzid].localize(v.dt.replace(tzinfo=None)).astimezone(utc).isoformat()
            print(json.dumps({
                'calendar': {'version': str(cal.get('VERSION')), 'prodid': str(cal.get('PRODID'))},
                'events': len(events),
                'uid': str(e.get('UID')),
                'sequence': int(e.get('SEQUENCE', 0)),
                'dtstamp': dt(e.get('DTSTAMP')),
                'dtstart': dt(e.get('DTSTART')),
                'dtend': dt(e.get('DTEND')),
                'dtstart_utc': as_utc(e.get('DTSTART')),
                'dtend_utc': as_utc(e.get('DTEND')),
                'dtstart_by_vtimezone': by_vtimezone(e.get('DTSTART')),
                'dtend_by_vtimezone': by_vtimezone(e.get('DTEND')),
                'tzid': e.get('DTSTART').params.get('TZID'),
                'summary': str(e.get('SUMMARY')),
                'location': str(e.get('LOCATION')) if e.get('LOCATION') is not None else None,
                'description': str(e.get('DESCRIPTION')),
                'status': str(e.get('STATUS')),
                'max_line_octets': max(len(l) for l in raw.split(b'\r\n')),
                'bare_lf': raw.replace(b'\r\n', b'').count(b'\n'),
            }))
            """;
        return await RunJsonAsync(script, ics);
    }

    /// <summary>
    /// Every VEVENT of a calendar (a feed) as icalendar reads it, times as UTC instants:
    /// <c>{events: [{uid, start, end, summary, location, status}]}</c>. Fails the test when icalendar rejects it.
    /// </summary>
    public static async Task<JsonElement> ParseIcsEventsAsync(string ics)
    {
        const string script = """
            import sys, json, icalendar, datetime
            cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
            utc = datetime.timezone.utc
            def instant(v):
                d = v.dt
                return d.astimezone(utc).isoformat() if isinstance(d, datetime.datetime) else d.isoformat()
            def text(e, name):
                return str(e.get(name)) if e.get(name) is not None else None
            print(json.dumps({'events': [{
                'uid': str(e.get('UID')), 'start': instant(e.get('DTSTART')), 'end': instant(e.get('DTEND')),
                'summary': text(e, 'SUMMARY'), 'location': text(e, 'LOCATION'), 'status': text(e, 'STATUS'),
            } for e in cal.walk('VEVENT')]}))
            """;
        return await RunJsonAsync(script, ics);
    }

    /// <summary>Parses a raw RFC 5322 message with Python's email package; returns headers and decoded parts.</summary>
    public static async Task<JsonElement> ParseEmailAsync(string raw)
    {
        const string script = """
            import sys, json, email
            from email import policy
            msg = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
            parts = []
            for p in msg.walk():
                if p.is_multipart():
                    continue
                parts.append({
                    'content_type': p.get_content_type(),
                    'filename': p.get_filename(),
                    'disposition': p.get_content_disposition(),
                    'method': p.get_param('method'),
                    'transfer_encoding': p.get('Content-Transfer-Encoding'),
                    'content': p.get_content() if p.get_content_maintype() == 'text' else None,
                })
            print(json.dumps({
                'subject': str(msg['Subject']), 'from': str(msg['From']), 'to': str(msg['To']),
                'message_id': str(msg['Message-ID']), 'date': str(msg['Date']), 'content_type': msg.get_content_type(),
                'defects': len(msg.defects), 'parts': parts,
            }))
            """;
        return await RunJsonAsync(script, raw);
    }

    /// <summary>
    /// Checks an <c>X-CallRecover-Signature</c> header with Python's own hmac: answers which of the given secrets
    /// signed "{t}.{body}" (a v1 each), and the t the header carries.
    /// </summary>
    public static async Task<JsonElement> VerifyWebhookSignatureAsync(string header, string body, params string[] secrets)
    {
        const string script = """
            import sys, json, hmac, hashlib
            data = json.loads(sys.stdin.buffer.read().decode('utf-8'))
            parts = [p.split('=', 1) for p in data['header'].split(',')]
            t = [v for k, v in parts if k == 't'][0]
            sigs = [v for k, v in parts if k == 'v1']
            signed = (t + '.' + data['body']).encode('utf-8')
            ok = [any(hmac.compare_digest(hmac.new(s.encode('utf-8'), signed, hashlib.sha256).hexdigest(), v) for v in sigs) for s in data['secrets']]
            print(json.dumps({'t': int(t), 'signatures': len(sigs), 'valid': ok}))
            """;
        return await RunJsonAsync(script, JsonSerializer.Serialize(new { header, body, secrets }));
    }

    private static async Task<JsonElement> RunJsonAsync(string script, string input)
    {
        var (code, stdout, stderr) = await RunAsync(Interpreter.Value, script, input);
        if (code != 0) throw new Xunit.Sdk.XunitException($"Python parser rejected the input:\n{stderr}\n--- input ---\n{input}");
        return JsonDocument.Parse(stdout).RootElement.Clone();
    }

    private static Task<(int Code, string Stdout, string Stderr)> RunAsync(string python, string script, string input) =>
        Subprocess.RunAsync(python, ["-c", script], input);
}
